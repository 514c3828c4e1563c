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

TEST(MpiRpeakShare, AttachedEfficiencyGoesThroughTheGuard) {
  par::World world;
  const Machine m = two_core_machine();
  const double rpeak = world_rpeak(world, m, Precision::fp64, 1);
  Result within;
  within.value = 1.01 * rpeak;
  attach_world_rpeak(within, world, m, Precision::fp64, 1);
  ASSERT_TRUE(within.efficiency.has_value());
  EXPECT_DOUBLE_EQ(*within.efficiency, 1.0);  // capped: within timing noise of Rpeak
  Result above;
  above.value = 1.03 * rpeak;
  attach_world_rpeak(above, world, m, Precision::fp64, 1);
  ASSERT_TRUE(above.rpeak.has_value());
  EXPECT_FALSE(above.efficiency.has_value());  // a model error, not an efficiency
}

}  // namespace
}  // namespace suanli::harness
