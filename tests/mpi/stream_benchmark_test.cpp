#include <gtest/gtest.h>

#include <variant>

#include "core/error.hpp"
#include "harness/benchmark.hpp"

namespace suanli {
namespace {

const Parameter* find_parameter(const Result& r, const std::string& name) {
  for (const Parameter& p : r.parameters)
    if (p.name == name) return &p;
  return nullptr;
}

TEST(MpiStream, VerifiesAndSumsBandwidthOverRanks) {
  par::World world;
  const Machine machine = detect_machine({.measure_frequency = false});
  const BenchmarkDescriptor* stream = Registry::instance().find("stream");
  ASSERT_NE(stream, nullptr);
  RunContext ctx{machine, world, {}, Profile::quick, true};
  ctx.options.set("size", "2Mi");
  ctx.options.set("trials", "3");
  const std::vector<Result> results = stream->run(ctx);
  ASSERT_EQ(results.size(), 4u);
  const char* names[] = {"copy", "scale", "add", "triad"};
  for (std::size_t k = 0; k < 4; ++k) {
    const Result& r = results[k];
    EXPECT_EQ(r.metric, names[k]);
    EXPECT_TRUE(r.verification.passed) << r.verification.value;
    EXPECT_EQ(r.stats.count, 3);
    EXPECT_GT(r.value, 0);
    EXPECT_DOUBLE_EQ(r.value, r.stats.max);  // STREAM reports the best trial
    EXPECT_EQ(std::get<std::int64_t>(find_parameter(r, "ranks")->value), world.size());
    // The world figure is at least the slowest rank's share times the rank count, roughly:
    // summed bytes over the slowest rank's time can never exceed ranks x the fastest rank.
    const double fastest_rank = std::get<double>(find_parameter(r, "per_rank_best_max_bytes_per_s")->value);
    EXPECT_LE(r.value, world.size() * fastest_rank * 1.0001);
    // 2 MiB arrays are cache-sized on any machine (below the 16 MiB floor), whether or not the cache was
    // detected: the result says so, and Triad is not the roofline's memory roof.
    EXPECT_TRUE(std::get<bool>(find_parameter(r, "cache_sized")->value));
    ASSERT_FALSE(r.notes.empty());
    EXPECT_NE(r.notes[0].find("cache-sized arrays: not a STREAM result"), std::string::npos) << r.notes[0];
    EXPECT_EQ(r.roofline_role, RooflineRole::point);
  }
  EXPECT_FALSE(results[0].arithmetic_intensity.has_value());  // copy does no arithmetic
  EXPECT_DOUBLE_EQ(*results[3].arithmetic_intensity, 2.0 / 24);  // triad: 2 FLOP per 24 B
  // Every rank returns the same figures.
  EXPECT_DOUBLE_EQ(world.max(results[3].value), world.min(results[3].value));
}

TEST(MpiStream, ReferenceKernelsVerifyToo) {
  par::World world;
  const Machine machine = detect_machine({.measure_frequency = false});
  RunContext ctx{machine, world, {}, Profile::quick, true};
  ctx.options.set("size", "1Mi");
  ctx.options.set("trials", "2");
  ctx.options.set("reference", "true");
  const auto results = Registry::instance().find("stream")->run(ctx);
  for (const Result& r : results) {
    EXPECT_TRUE(r.verification.passed);
    EXPECT_EQ(std::get<std::string>(find_parameter(r, "kernel_variant")->value), "reference");
  }
}

TEST(MpiStream, ASizeBeyondMemoryIsAUsageErrorBeforeAnyWork) {
  par::World world;
  const Machine machine = detect_machine({.measure_frequency = false});
  RunContext ctx{machine, world, {}, Profile::quick, true};
  ctx.options.set("size", "64Ti");
  try {
    Registry::instance().find("stream")->run(ctx);
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("--size"), std::string::npos);
  }
}

}  // namespace
}  // namespace suanli
