// `suanli io` on the world ctest gives it (1, 2 and 4 ranks): every pattern verified
// on every rank and the scratch directory gone afterwards; a planted wrong block
// (--corrupt) fails verification and still leaves no files; bad input is refused on
// every rank before anything is written.
#include <gtest/gtest.h>
#include <mpi.h>
#include <unistd.h>

#include <array>
#include <climits>
#include <cstring>
#include <filesystem>
#include <variant>

#include "core/error.hpp"
#include "harness/benchmark.hpp"
#include "../support/run_registered.hpp"

namespace suanli {
namespace {

namespace fs = std::filesystem;

// One directory for all ranks, named by rank 0, removed by rank 0.
class MpiIo : public ::testing::Test {
 protected:
  void SetUp() override {
    std::array<char, PATH_MAX> name{};
    par::World world;
    if (world.is_root()) {
      const std::string made = (fs::temp_directory_path() / ("suanli_io_mpi_" + std::to_string(::getpid()))).string();
      fs::remove_all(made);
      fs::create_directories(made);
      std::strncpy(name.data(), made.c_str(), name.size() - 1);
    }
    MPI_Bcast(name.data(), static_cast<int>(name.size()), MPI_CHAR, 0, MPI_COMM_WORLD);
    dir_ = name.data();
  }
  void TearDown() override {
    par::World world;
    world.barrier();
    if (world.is_root()) fs::remove_all(dir_);
  }
  std::vector<std::pair<std::string, std::string>> tiny() const {
    return {{"dir", dir_.string()}, {"size", "2Mi"}, {"block", "256Ki"}, {"depths", "1,4"},
            {"seconds", "0.03"},   {"trials", "2"}};
  }
  bool dir_empty() const {
    par::World world;
    world.barrier();
    return fs::is_empty(dir_);
  }
  fs::path dir_;
};

const ParameterValue* parameter(const Result& r, const std::string& name) {
  for (const Parameter& p : r.parameters)
    if (p.name == name) return &p.value;
  return nullptr;
}

TEST_F(MpiIo, EveryPatternIsVerifiedOnEveryRankAndNothingIsLeft) {
  par::World world;
  const std::vector<Result> results = test_support::run_registered("io", tiny());
  ASSERT_EQ(results.size(), 8u);
  const std::vector<std::string> metrics = {"checkpoint_write", "checkpoint_read", "shared_write", "shared_read",
                                            "strided_write",    "strided_read",    "random_read",  "random_write"};
  for (std::size_t i = 0; i < results.size(); ++i) {
    const Result& r = results[i];
    EXPECT_EQ(r.metric, metrics[i]);
    EXPECT_TRUE(r.verification.passed) << r.metric << " on rank " << world.rank();
    EXPECT_EQ(r.verification.value, 0) << r.metric;
    EXPECT_GT(r.value, 0) << r.metric;
    EXPECT_EQ(std::get<std::int64_t>(*parameter(r, "ranks")), world.size());
    const std::string defeat = std::get<std::string>(*parameter(r, "cache_defeat"));
    EXPECT_TRUE(defeat == "O_DIRECT" || defeat == "fsync+fadvise(DONTNEED)") << defeat;
    EXPECT_NE(parameter(r, "filesystem"), nullptr);
  }
  EXPECT_EQ(results[0].unit, "B/s");
  EXPECT_EQ(std::get<std::string>(*parameter(results[2], "api")), "MPI-IO");
  EXPECT_EQ(results[6].unit, "IOPS");
  EXPECT_GT(std::get<double>(*parameter(results[6], "qd_4_iops")), 0);
  EXPECT_GT(std::get<double>(*parameter(results[6], "qd_1_latency_p99_s")), 0);
  EXPECT_TRUE(dir_empty());
}

TEST_F(MpiIo, APlantedWrongBlockFailsVerificationAndLeavesNoFiles) {
  auto options = tiny();
  options.push_back({"corrupt", "true"});
  options.push_back({"trials", "1"});
  const std::vector<Result> results = test_support::run_registered("io", options);
  ASSERT_EQ(results.size(), 8u);
  for (const Result& r : results) {
    EXPECT_FALSE(r.verification.passed) << r.metric;
    EXPECT_EQ(r.verification.value, 1) << r.metric;  // the one planted block, on rank 0
  }
  EXPECT_TRUE(dir_empty());
}

TEST_F(MpiIo, BadInputIsRefusedOnEveryRankBeforeAnyWrite) {
  const auto refused = [&](std::vector<std::pair<std::string, std::string>> options) {
    try {
      test_support::run_registered("io", options);
    } catch (const UsageError&) {
      return true;
    }
    return false;
  };
  EXPECT_TRUE(refused({{"dir", (dir_ / "missing").string()}}));
  EXPECT_TRUE(refused({{"dir", dir_.string()}, {"block", "1000"}}));
  EXPECT_TRUE(refused({{"dir", dir_.string()}, {"size", "1000Pi"}}));
  EXPECT_TRUE(refused({{"dir", dir_.string()}, {"patterns", "checkpoint,tape"}}));
  EXPECT_TRUE(refused({{"dir", dir_.string()}, {"depths", "1,0"}}));
  EXPECT_TRUE(dir_empty());
}

}  // namespace
}  // namespace suanli
