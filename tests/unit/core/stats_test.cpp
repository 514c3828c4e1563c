#include "core/stats.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace suanli {
namespace {

TEST(Stats, OddCountMedianIsMiddleValue) {
  std::vector<double> x = {5, 1, 3};
  Stats s = summarize(x);
  EXPECT_EQ(s.count, 3);
  EXPECT_DOUBLE_EQ(s.median, 3);
  EXPECT_DOUBLE_EQ(s.min, 1);
  EXPECT_DOUBLE_EQ(s.max, 5);
  EXPECT_DOUBLE_EQ(s.mean, 3);
  EXPECT_DOUBLE_EQ(s.cv, 2.0 / 3.0);  // sample sd = 2
}

TEST(Stats, MadIsTheMedianDeviationFromTheMedianAndIgnoresOneOutlier) {
  std::vector<double> x = {453, 454, 54};  // seen: one transformer trial disturbed
  const Stats s = summarize(x);
  EXPECT_DOUBLE_EQ(s.median, 453);
  EXPECT_DOUBLE_EQ(s.mad, 1);  // deviations 0, 1, 399
  EXPECT_GT(s.cv, 0.7);        // the standard deviation is dominated by the outlier
  std::vector<double> even = {1, 2, 4, 8};  // median 3; deviations 2, 1, 1, 5 -> 1.5
  EXPECT_DOUBLE_EQ(summarize(even).mad, 1.5);
  std::vector<double> one = {7};
  EXPECT_DOUBLE_EQ(summarize(one).mad, 0);
}

TEST(Stats, EvenCountMedianAveragesTheMiddlePair) {
  std::vector<double> x = {4, 1, 2, 3};
  EXPECT_DOUBLE_EQ(summarize(x).median, 2.5);
}

TEST(Stats, EmptyAndSingle) {
  EXPECT_EQ(summarize({}).count, 0);
  std::vector<double> one = {7};
  Stats s = summarize(one);
  EXPECT_DOUBLE_EQ(s.median, 7);
  EXPECT_DOUBLE_EQ(s.cv, 0);
}

TEST(Stats, QuantileIsTheNearestRank) {
  std::vector<double> x = {5, 1, 4, 2, 3};
  EXPECT_EQ(quantile(x, 0.5), 3);
  EXPECT_EQ(quantile(x, 0.99), 5);
  EXPECT_EQ(quantile(x, 0), 1);
  std::vector<double> none;
  EXPECT_EQ(quantile(none, 0.5), 0);
  const Percentiles p = percentiles({5, 1, 4, 2, 3});
  EXPECT_EQ(p.p50, 3);
  EXPECT_EQ(p.p999, 5);
}

}  // namespace
}  // namespace suanli
