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
