// The inference block in each precision: FP32 is the FP32 block, BF16 and INT8
// stay within the tolerances their formats give (precision_error.hpp) but are
// really computed in those formats (not 0 error), and every phase is timed.
#include "kernels/transformer/inference_block.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "kernels/transformer/precision_error.hpp"

namespace suanli::kernels::transformer {
namespace {

const BlockShape shape{2, 48, 128, 4, 512, true};

std::vector<float> forward_in(Precision p, const BlockWeights& w, const std::vector<float>& x) {
  InferenceBlock block(shape, w, p);
  std::vector<float> out(x.size());
  block.forward(x.data(), out.data());
  return out;
}

TEST(InferenceBlock, Fp32IsTheFp32Block) {
  const BlockWeights w = random_block_weights(shape, 4);
  const std::vector<float> x = random_activations(shape, 5);
  std::vector<float> expected(x.size());
  block_forward(shape, w, x.data(), expected.data());
  const std::vector<float> actual = forward_in(Precision::fp32, w, x);
  for (std::size_t i = 0; i < x.size(); ++i) ASSERT_NEAR(actual[i], expected[i], 1e-6 * (1 + std::fabs(expected[i]))) << i;
}

class LowerPrecision : public ::testing::TestWithParam<Precision> {};

TEST_P(LowerPrecision, StaysWithinTheFormatsTolerance) {
  const Precision p = GetParam();
  if (const std::string reason = linear_unsupported_reason(p); !reason.empty()) GTEST_SKIP() << reason;
  const BlockWeights w = random_block_weights(shape, 4);
  const std::vector<float> x = random_activations(shape, 5);
  const std::vector<float> fp32 = forward_in(Precision::fp32, w, x);
  const PrecisionError e = compare_outputs(forward_in(p, w, x), fp32);
  const PrecisionTolerance t = tolerance_versus_fp32(p);
  EXPECT_LE(e.max, t.max);
  EXPECT_LE(e.mean, t.mean);
  EXPECT_GT(e.mean, 0) << "computed in FP32 after all?";
}

INSTANTIATE_TEST_SUITE_P(Formats, LowerPrecision, ::testing::Values(Precision::bf16, Precision::int8),
                         [](const auto& info) { return std::string(precision_key(info.param)); });

TEST(InferenceBlock, TimesEveryPhaseAndCountsTheFfn) {
  const BlockWeights w = random_block_weights(shape, 4);
  const std::vector<float> x = random_activations(shape, 5);
  InferenceBlock block(shape, w, Precision::fp32);
  std::vector<float> out(x.size());
  block.forward(x.data(), out.data());
  const PhaseSeconds& s = block.seconds();
  for (double phase : {s.qkv, s.attention, s.projection, s.ffn_gemms, s.other}) EXPECT_GT(phase, 0);
  EXPECT_DOUBLE_EQ(block.ffn_flops(), 4.0 * shape.tokens() * shape.d_model * shape.ffn);
  block.reset_seconds();
  EXPECT_EQ(block.seconds().total(), 0);
}

TEST(PrecisionError, IsRelativeToTheRootMeanSquare) {
  // rms(expected) = 2; differences 0.2 and 0: max 0.1, mean 0.05.
  const PrecisionError e = compare_outputs({2.2f, -2.0f}, {2.0f, -2.0f});
  EXPECT_NEAR(e.max, 0.1, 1e-6);
  EXPECT_NEAR(e.mean, 0.05, 1e-6);
  EXPECT_TRUE(std::isinf(compare_outputs({std::numeric_limits<float>::quiet_NaN(), 1}, {1, 1}).max));
  EXPECT_TRUE(std::isinf(compare_outputs({1}, {1, 1}).max));
}

}  // namespace
}  // namespace suanli::kernels::transformer
