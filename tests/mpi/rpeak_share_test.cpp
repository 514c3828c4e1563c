#include "harness/rpeak_share.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace suanli::harness {
namespace {

Machine two_core_machine() {
  Machine m;
  m.physical_cores = 2;
  PeakEntry fp64;
  fp64.precision = Precision::fp64;
  fp64.rpeak_core = 100e9;
  fp64.rpeak_node = 200e9;
  m.peaks = {fp64};
  return m;
}

TEST(MpiRpeakShare, CountsEachHostsCoresOnceAndNeverMoreThanItHas) {
  par::World world;
  const Machine m = two_core_machine();
  // All ranks of this test share one host: the peak is that of the cores in use.
  const double expected_cores = std::min(world.size(), 2);
  EXPECT_DOUBLE_EQ(world_rpeak(world, m, Precision::fp64, 1), expected_cores * 100e9);
  EXPECT_DOUBLE_EQ(world_rpeak(world, m, Precision::fp64, 8), 2 * 100e9);
  EXPECT_DOUBLE_EQ(world_rpeak(world, m, Precision::int8, 1), 0.0);  // no Rpeak entry
  EXPECT_DOUBLE_EQ(world_cores_in_use(world, m, 1), expected_cores);
}

}  // namespace
}  // namespace suanli::harness
