// The registry runs peak and gemm under MPI (1, 2 and 4 ranks): every figure
// verified, summed over ranks, the same on every rank.
#include <gtest/gtest.h>

#include <cmath>

#include "core/rpeak_guard.hpp"
#include "harness/benchmark.hpp"
#include "../support/run_registered.hpp"

namespace suanli {
namespace {

using test_support::run_registered;

TEST(MpiPeak, Fp64AndInt8AreVerifiedOnOneCoreAndAllCores) {
  par::World world;
  const auto results = run_registered("peak", {{"precision", "fp64,int8"}, {"seconds", "0.02"}, {"trials", "1"}});
  ASSERT_FALSE(results.empty());
  bool saw_all_cores_fp64 = false;
  for (const Result& r : results) {
    SCOPED_TRACE(r.metric + " " + r.precision);
    EXPECT_TRUE(r.verification.passed);
    if (r.metric == "not_native") continue;
    EXPECT_GT(r.value, 0);
    EXPECT_DOUBLE_EQ(world.max(r.value), world.min(r.value));  // every rank reports the same figure
    // The clock held beside the kernel is measured (a min-reduction from 0 once made it always 0), the same
    // on every rank, and Rpeak is stated at a clock no lower than it: never an efficiency above 100%.
    const double held = number_parameter(r, held_hz_parameter);
    EXPECT_GT(held, 0);
    EXPECT_DOUBLE_EQ(world.max(held), world.min(held));
    EXPECT_GT(number_parameter(r, "frequency_held_slowest_hz"), 0);
    EXPECT_LE(number_parameter(r, "frequency_held_slowest_hz"), held);
    if (r.rpeak) {
      EXPECT_GE(number_parameter(r, rpeak_hz_parameter), held);
      if (r.efficiency) {
        EXPECT_LE(*r.efficiency, 1.0);
      }
    }
    if (r.precision == "fp64" && r.metric == "fma_all_cores") {
      saw_all_cores_fp64 = true;
      EXPECT_EQ(r.roofline_role, RooflineRole::compute_roof);
      ASSERT_TRUE(r.rpeak.has_value());
      EXPECT_GT(*r.rpeak, 0);
    }
  }
  EXPECT_TRUE(saw_all_cores_fp64);
}

TEST(MpiGemm, EverySupportedPrecisionIsVerifiedAndSummedOverRanks) {
  par::World world;
  const auto results = run_registered("gemm", {{"sizes", "96"}, {"trials", "1"}, {"samples", "10000"}});
  ASSERT_GE(results.size(), 4u);  // fp64, fp32, bf16, int8 (+ fp16, native or not)
  for (const Result& r : results) {
    SCOPED_TRACE(r.metric + " " + r.precision);
    EXPECT_TRUE(r.verification.passed) << r.verification.value;
    if (r.metric == "not_native") continue;
    EXPECT_EQ(r.metric, "96");
    EXPECT_GT(r.value, 0);
    ASSERT_TRUE(r.arithmetic_intensity.has_value());
    EXPECT_GT(*r.arithmetic_intensity, 0);
    EXPECT_DOUBLE_EQ(world.max(r.value), world.min(r.value));
  }
}

}  // namespace
}  // namespace suanli
