#include "core/numbered_name.hpp"

#include <gtest/gtest.h>

namespace suanli {
namespace {

TEST(NumberBetween, ReadsTheNumberBetweenPrefixAndSuffix) {
  EXPECT_EQ(number_between("cpu3", "cpu"), 3u);
  EXPECT_EQ(number_between("node12", "node"), 12u);
  EXPECT_EQ(number_between("size_4096_latency_s", "size_", "_latency_s"), 4096u);
  EXPECT_EQ(number_between("size_67108864_busbw", "size_", "_busbw"), 67108864u);
}

TEST(NumberBetween, RefusesAnyOtherShape) {
  EXPECT_FALSE(number_between("cpufreq", "cpu"));        // sysfs's cpu/cpufreq is not a CPU
  EXPECT_FALSE(number_between("cpu", "cpu"));            // no digits
  EXPECT_FALSE(number_between("cpu3x", "cpu"));          // trailing text
  EXPECT_FALSE(number_between("xcpu3", "cpu"));          // leading text
  EXPECT_FALSE(number_between("cpu-3", "cpu"));          // a sign is not a digit
  EXPECT_FALSE(number_between("size_4096_latency_s", "size_", "_busbw"));
  EXPECT_FALSE(number_between("size__latency_s", "size_", "_latency_s"));
  EXPECT_FALSE(number_between("cpu99999999999999999999999", "cpu"));  // does not fit
}

}  // namespace
}  // namespace suanli
