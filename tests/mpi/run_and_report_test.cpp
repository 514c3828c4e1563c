// What `suanli run` and every benchmark command do with outcomes: a failed
// verification exits 1 with the figures written; an error mid-run keeps what
// was measured; an error before any result writes nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"

namespace suanli::cli {
namespace {

namespace fs = std::filesystem;

BenchmarkDescriptor fake_benchmark(std::string name, bool passes) {
  BenchmarkDescriptor d;
  d.name = std::move(name);
  d.summary = "a test double";
  d.profiles = {Profile::full};
  d.run = [passes, n = d.name](RunContext&) {
    Result r;
    r.benchmark = n;
    r.metric = "m";
    r.unit = "FLOP/s";
    r.value = 1;
    r.verification = {passes, "test", passes ? 0.0 : 1.0, 0.5};
    return std::vector<Result>{r};
  };
  return d;
}

BenchmarkDescriptor throwing_benchmark() {
  BenchmarkDescriptor d = fake_benchmark("broken", true);
  d.run = [](RunContext&) -> std::vector<Result> { throw RunError("disk full"); };
  return d;
}

class MpiRunAndReport : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() / ("suanli_run_and_report_" + std::to_string(getppid()) + ".json")).string();
    if (world_.is_root()) fs::remove(path_);
    world_.barrier();
  }
  void TearDown() override {
    world_.barrier();
    if (world_.is_root()) fs::remove(path_);
  }
  nlohmann::json written() const {
    std::ifstream in(path_);
    return nlohmann::json::parse(in);
  }
  RunRequest request(std::vector<const BenchmarkDescriptor*> benchmarks) const {
    return {benchmarks, std::vector<Options>(benchmarks.size()), Profile::full, true, path_};
  }

  par::World world_;
  CliContext ctx_{world_, "suanli test"};
  std::string path_;
};

TEST_F(MpiRunAndReport, AFailedVerificationExitsOneAndStillWritesTheFigures) {
  const auto good = fake_benchmark("good", true), bad = fake_benchmark("bad", false);
  Report report = ctx_.new_report();
  EXPECT_EQ(run_and_report(ctx_, request({&good, &bad}), report), ExitCode::verification_failed);
  world_.barrier();
  if (world_.is_root()) {
    const nlohmann::json j = written();
    EXPECT_EQ(j["results"].size(), 2u);
    EXPECT_EQ(j["all_verified"], false);
    EXPECT_EQ(j["results"][1]["verification"]["passed"], false);
  }
}

TEST_F(MpiRunAndReport, AnErrorMidRunKeepsWhatWasMeasured) {
  const auto good = fake_benchmark("good", true), broken = throwing_benchmark();
  Report report = ctx_.new_report();
  EXPECT_THROW(run_and_report(ctx_, request({&good, &broken}), report), RunError);
  world_.barrier();
  if (world_.is_root()) {
    const nlohmann::json j = written();
    ASSERT_EQ(j["results"].size(), 1u);
    EXPECT_EQ(j["results"][0]["benchmark"], "good");
  }
}

TEST_F(MpiRunAndReport, AnErrorBeforeAnyResultWritesNothing) {
  const auto broken = throwing_benchmark();
  Report report = ctx_.new_report();
  EXPECT_THROW(run_and_report(ctx_, request({&broken}), report), RunError);
  world_.barrier();
  EXPECT_FALSE(fs::exists(path_));
}

TEST_F(MpiRunAndReport, AllPassingExitsZero) {
  const auto good = fake_benchmark("good", true);
  Report report = ctx_.new_report();
  EXPECT_EQ(run_and_report(ctx_, request({&good}), report), ExitCode::success);
}

}  // namespace
}  // namespace suanli::cli
