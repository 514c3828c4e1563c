// `suanli hpl` through the registry at 1, 2 and 4 ranks: auto-grid, a small
// verified solve, the time split, and a grid that does not match rejected.
#include <gtest/gtest.h>

#include <string>
#include <variant>

#include <fmt/format.h>

#include "core/error.hpp"
#include "harness/benchmark.hpp"
#include "../support/run_registered.hpp"

namespace suanli {
namespace {

std::vector<Result> run_hpl(const std::vector<std::pair<std::string, std::string>>& options) {
  return test_support::run_registered("hpl", options);
}

std::int64_t int_parameter(const Result& r, const std::string& name) {
  for (const Parameter& p : r.parameters)
    if (p.name == name) return std::get<std::int64_t>(p.value);
  ADD_FAILURE() << "no parameter " << name;
  return -1;
}

TEST(MpiHpl, SolvesAndVerifiesOnTheDefaultGrid) {
  par::World world;
  const auto results = run_hpl({{"n", "203"}, {"nb", "16"}});
  ASSERT_EQ(results.size(), 1u);
  const Result& r = results[0];
  EXPECT_TRUE(r.verification.passed) << r.verification.value;
  EXPECT_LT(r.verification.value, 16);
  EXPECT_GT(r.value, 0);
  EXPECT_EQ(int_parameter(r, "p") * int_parameter(r, "q"), world.size());
  EXPECT_LE(int_parameter(r, "p"), int_parameter(r, "q"));
  EXPECT_DOUBLE_EQ(world.max(r.value), world.min(r.value));
}

double real_parameter(const Result& r, const std::string& name) {
  for (const Parameter& p : r.parameters)
    if (p.name == name) return std::get<double>(p.value);
  ADD_FAILURE() << "no parameter " << name;
  return -1;
}

// The split's phases are disjoint: on every rank they add up to no more than the run's wall time
// (other_seconds, the rest, is never negative), and every rank's split is listed.
TEST(MpiHpl, TimeSplitPhasesAreDisjointAndListedPerRank) {
  par::World world;
  for (const char* bcast : {"ring", "mpi"}) {
    const auto results = run_hpl({{"n", "300"}, {"nb", "32"}, {"bcast", bcast}});
    const Result& r = results[0];
    const double seconds = real_parameter(r, "seconds");
    for (const char* phase : {"panel", "broadcast", "wait", "swap", "trsm", "update", "solve"}) {
      const double t = real_parameter(r, std::string(phase) + "_seconds");
      EXPECT_GE(t, 0) << phase;
      EXPECT_LE(t, seconds) << phase;
    }
    EXPECT_GT(real_parameter(r, "update_seconds"), 0);
    EXPECT_GE(real_parameter(r, "other_seconds"), -1e-9) << bcast;
    std::string by_rank;
    for (const Parameter& p : r.parameters)
      if (p.name == "time_split_by_rank") by_rank = std::get<std::string>(p.value);
    for (int rank = 0; rank < world.size(); ++rank)
      EXPECT_NE(by_rank.find(fmt::format("rank {}:", rank)), std::string::npos) << by_rank;
  }
}

TEST(MpiHpl, EveryBroadcastAndDepthVerifies) {
  for (const char* bcast : {"ring", "long", "mpi"})
    for (const char* depth : {"0", "1"}) {
      const auto results = run_hpl({{"n", "150"}, {"nb", "24"}, {"bcast", bcast}, {"depth", depth}});
      EXPECT_TRUE(results[0].verification.passed) << bcast << " depth " << depth;
    }
}

TEST(MpiHpl, SweepNbRunsOncePerBlockSizeUpToN) {
  const auto results = run_hpl({{"n", "130"}, {"sweep-nb", "true"}});
  ASSERT_EQ(results.size(), 2u);  // 64 and 128 fit in n = 130
  for (const Result& r : results) EXPECT_TRUE(r.verification.passed);
}

TEST(MpiHpl, AGridThatDoesNotMatchTheRanksIsAUsageError) {
  par::World world;
  EXPECT_THROW(run_hpl({{"n", "64"}, {"p", "3"}, {"q", std::to_string(world.size() + 1)}}), UsageError);
  EXPECT_THROW(run_hpl({{"n", "64"}, {"nb", "65"}}), UsageError);
  EXPECT_THROW(run_hpl({{"n", "64"}, {"depth", "2"}}), UsageError);
  EXPECT_THROW(run_hpl({{"n", "64"}, {"panel", "crout"}}), UsageError);
  if (int_parameter(run_hpl({{"n", "64"}, {"nb", "16"}})[0], "p") > 1) {
    EXPECT_THROW(run_hpl({{"n", "64"}, {"panel", "left"}}), UsageError);
  }
  EXPECT_THROW(run_hpl({{"n", "10000000"}}), UsageError);
}

}  // namespace
}  // namespace suanli
