// The run's Rpeak clock: raised (never lowered) to the highest clock held
// beside a peak kernel, with every result restated at the raised clock.
#include "harness/rpeak_clock.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace suanli::harness {
namespace {

Machine zen5_at(double hz) {
  Machine m;
  m.microarchitecture = "zen5";
  m.features.avx2 = m.features.fma = m.features.avx512f = true;
  m.physical_cores = 2;
  m.rpeak_hz = hz;
  m.rpeak_hz_source = "measured under AVX-512 FMA load";
  m.peaks = peaks_for(m);
  return m;
}

Result rate(double value, double rpeak, double held_hz = 0) {
  Result r;
  r.value = value;
  r.rpeak = rpeak;
  if (held_hz > 0) r.parameters.push_back({held_hz_parameter, held_hz});
  return r;
}

TEST(RpeakClock, RaisesTheClockAndRecomputesThePeaks) {
  Machine m = zen5_at(3.4e9);
  const double fp64_before = m.peak(Precision::fp64)->rpeak_core;
  EXPECT_TRUE(raise_rpeak_clock(m, 3.6e9));
  EXPECT_DOUBLE_EQ(m.rpeak_hz, 3.6e9);
  EXPECT_DOUBLE_EQ(m.peak(Precision::fp64)->rpeak_core, fp64_before * 3.6 / 3.4);
  EXPECT_DOUBLE_EQ(m.peak(Precision::fp64)->rpeak_core, 32 * 3.6e9);  // zen5: 32 FP64 FLOP/cycle
  EXPECT_NE(m.rpeak_hz_source.find("3.40 GHz"), std::string::npos) << m.rpeak_hz_source;
}

TEST(RpeakClock, NeverLowersTheClock) {
  Machine m = zen5_at(3.4e9);
  EXPECT_FALSE(raise_rpeak_clock(m, 3.3e9));
  EXPECT_FALSE(raise_rpeak_clock(m, 0));
  EXPECT_DOUBLE_EQ(m.rpeak_hz, 3.4e9);
}

TEST(RpeakClock, ASecondRaiseKeepsTheStartUpClockInTheSource) {
  Machine m = zen5_at(3.4e9);
  raise_rpeak_clock(m, 3.5e9);
  raise_rpeak_clock(m, 3.6e9);
  EXPECT_DOUBLE_EQ(m.rpeak_hz, 3.6e9);
  EXPECT_NE(m.rpeak_hz_source.find("3.40 GHz"), std::string::npos) << m.rpeak_hz_source;
  EXPECT_EQ(m.rpeak_hz_source.find("3.50 GHz"), std::string::npos) << m.rpeak_hz_source;
}

TEST(RpeakClock, TheSourceNamesTheLatestReason) {
  Machine m = zen5_at(3.4e9);
  raise_rpeak_clock(m, 3.5e9, raised_to_ranks_highest);
  EXPECT_TRUE(m.rpeak_hz_source.starts_with(raised_to_ranks_highest)) << m.rpeak_hz_source;
  raise_rpeak_clock(m, 3.6e9, raised_by_held_clock);
  EXPECT_TRUE(m.rpeak_hz_source.starts_with(raised_by_held_clock)) << m.rpeak_hz_source;
  EXPECT_NE(m.rpeak_hz_source.find("start-up: 3.40 GHz measured under AVX-512 FMA load"), std::string::npos)
      << m.rpeak_hz_source;
}

TEST(RpeakClock, HighestHeldClockIsTheMaximumOverResults) {
  EXPECT_DOUBLE_EQ(highest_held_clock({rate(1, 1, 3.5e9), rate(1, 1), rate(1, 1, 3.7e9)}), 3.7e9);
  EXPECT_DOUBLE_EQ(highest_held_clock({rate(1, 1)}), 0.0);
}

TEST(RpeakClock, RestatingAtARaisedClockBringsA104PercentRateUnder100) {
  // The case: Rpeak from 3.41 GHz, the cores held 3.55 GHz, the rate 104% of the first Rpeak.
  std::vector<Result> results = {rate(104, 100, 3.55e9), rate(50, 100)};
  Result no_rpeak;
  no_rpeak.value = 7;
  results.push_back(no_rpeak);
  restate_rpeak(results, 3.41e9, 3.55e9);
  EXPECT_NEAR(*results[0].rpeak, 100 * 3.55 / 3.41, 1e-9);
  ASSERT_TRUE(results[0].efficiency.has_value());
  EXPECT_LE(*results[0].efficiency, 1.0);
  EXPECT_NEAR(*results[1].efficiency, 50 / (100 * 3.55 / 3.41), 1e-12);
  EXPECT_DOUBLE_EQ(number_parameter(results[0], rpeak_hz_parameter), 3.55e9);
  EXPECT_FALSE(results[2].rpeak.has_value());
  EXPECT_EQ(number_parameter(results[2], rpeak_hz_parameter), 0.0);
}

TEST(RpeakClock, RestatingIsIdempotentAndUsesEachResultsOwnStamp) {
  std::vector<Result> results = {rate(90, 100)};
  restate_rpeak(results, 3.4e9, 3.4e9);  // stamps 3.4 GHz, Rpeak unchanged
  EXPECT_DOUBLE_EQ(*results[0].rpeak, 100);
  restate_rpeak(results, 1e9, 3.6e9);  // clock_used ignored: the stamp says 3.4 GHz
  EXPECT_NEAR(*results[0].rpeak, 100 * 3.6 / 3.4, 1e-9);
  restate_rpeak(results, 1e9, 3.6e9);
  EXPECT_NEAR(*results[0].rpeak, 100 * 3.6 / 3.4, 1e-9);
  ASSERT_EQ(std::count_if(results[0].parameters.begin(), results[0].parameters.end(),
                          [](const Parameter& p) { return p.name == rpeak_hz_parameter; }),
            1);
}

TEST(RpeakClock, ARateStillAboveRpeakAfterRestatingHasNoEfficiency) {
  std::vector<Result> results = {rate(110, 100, 3.42e9)};
  restate_rpeak(results, 3.41e9, 3.42e9);
  EXPECT_FALSE(results[0].efficiency.has_value());
}

}  // namespace
}  // namespace suanli::harness
