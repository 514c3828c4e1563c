// The FP32 transformer block against its reference twin (plain loops in double)
// on small shapes, causal and not, and its FLOP count against the formula.
#include "kernels/transformer/block.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace suanli::kernels::transformer {
namespace {


class TransformerBlock : public ::testing::TestWithParam<BlockShape> {};

TEST_P(TransformerBlock, MatchesTheReference) {
  const BlockShape s = GetParam();
  const BlockWeights w = random_block_weights(s, 7);
  std::mt19937 engine(3);
  std::uniform_real_distribution<float> value(-1, 1);
  std::vector<float> x(static_cast<std::size_t>(s.tokens()) * s.d_model);
  for (float& v : x) v = value(engine);
  std::vector<float> expected(x.size()), actual(x.size(), -7.0f);
  block_forward_reference(s, w, x.data(), expected.data());
  block_forward(s, w, x.data(), actual.data());
  double worst = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    ASSERT_TRUE(std::isfinite(actual[i])) << i;
    worst = std::max(worst, std::fabs(static_cast<double>(actual[i]) - expected[i]) / (1.0 + std::fabs(expected[i])));
  }
  EXPECT_LT(worst, 1e-5);
}

INSTANTIATE_TEST_SUITE_P(Shapes, TransformerBlock,
                         ::testing::Values(BlockShape{1, 1, 8, 2, 32, true}, BlockShape{2, 7, 16, 4, 64, true},
                                           BlockShape{2, 7, 16, 4, 64, false}, BlockShape{3, 70, 48, 3, 192, true},
                                           BlockShape{1, 130, 64, 8, 256, false}));

TEST(TransformerBlockFlops, AreTheCustomaryFormula) {
  const BlockShape s{2, 128, 256, 8, 1024, false};  // f = 4d
  const double b = 2, n = 128, d = 256;
  EXPECT_DOUBLE_EQ(block_forward_flops(s), 24 * b * n * d * d + 4 * b * n * n * d);
  BlockShape causal = s;
  causal.causal = true;
  EXPECT_DOUBLE_EQ(block_forward_flops(causal), 24 * b * n * d * d + 2 * b * n * n * d);
}

}  // namespace
}  // namespace suanli::kernels::transformer
