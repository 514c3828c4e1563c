#include <gtest/gtest.h>

#include "core/error.hpp"
#include "harness/trials.hpp"

namespace suanli::harness {
namespace {

TEST(MpiHarness, TimesEveryPhaseOfEveryTrialAndTakesTheSlowestRank) {
  par::World world;
  int calls_a = 0, calls_b = 0;
  std::vector<Phase> phases = {{"a", [&] { ++calls_a; }},
                               {"b", [&] {
                                  ++calls_b;
                                  // Rank 0 is slower: the world time must be its time.
                                  volatile double x = 0;
                                  if (world.rank() == 0)
                                    for (int i = 0; i < 2000000; ++i) x = x + 1;
                                }}};
  auto times = time_phases(world, {.warmup = 2, .trials = 3}, phases);
  ASSERT_EQ(times.size(), 2u);
  EXPECT_EQ(times[0].name, "a");
  EXPECT_EQ(calls_a, 5);
  EXPECT_EQ(calls_b, 5);
  for (const PhaseTimes& t : times) {
    ASSERT_EQ(t.rank_seconds.size(), 3u);
    ASSERT_EQ(t.world_seconds.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) EXPECT_GE(t.world_seconds[i], t.rank_seconds[i]);
  }
  // Every rank holds the same world times.
  for (double s : times[1].world_seconds) EXPECT_DOUBLE_EQ(world.max(s), world.min(s));
}

TEST(MpiHarness, RatesDivideTheAmountByEachTime) {
  auto r = rates(10.0, {1.0, 2.0, 0.0});
  EXPECT_DOUBLE_EQ(r[0], 10.0);
  EXPECT_DOUBLE_EQ(r[1], 5.0);
  EXPECT_DOUBLE_EQ(r[2], 0.0);
}

TEST(MpiHarness, RejectsZeroTrials) {
  par::World world;
  EXPECT_THROW(time_phases(world, {.warmup = 0, .trials = 0}, {}), UsageError);
}

}  // namespace
}  // namespace suanli::harness
