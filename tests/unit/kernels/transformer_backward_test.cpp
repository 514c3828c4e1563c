// The block's backward pass against finite differences of the double-precision
// reference forward: for a loss L = Σ G ⊙ block(x), each parameter group and the
// input are moved along a random direction Δ, and L(w + Δ) − L(w − Δ) must equal
// 2·∇L·Δ as the backward computes it. Central differences err by O(|Δ|³), far
// below the FP32 backward's ~1e-6 relative error, so 1e-4 separates a right
// gradient from a wrong one (a wrong term is off by O(1)).
#include "kernels/transformer/block_training.hpp"
#include "kernels/transformer/gradient_check.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

namespace suanli::kernels::transformer {
namespace {

constexpr double tolerance = 1e-4;

std::vector<float> uniform(std::size_t n, std::mt19937& engine) {
  std::uniform_real_distribution<float> value(-1, 1);
  std::vector<float> v(n);
  for (float& x : v) x = value(engine);
  return v;
}

double root_mean_square(const std::vector<float>& v) {
  double sum = 0;
  for (float x : v) sum += static_cast<double>(x) * x;
  return std::sqrt(sum / static_cast<double>(v.size()));
}

struct Gradient {
  const char* name;
  std::vector<float> BlockWeights::*weights;
  float* BlockGradients::*gradient;
};

const Gradient groups[] = {
    {"ln1_gain", &BlockWeights::ln1_gain, &BlockGradients::ln1_gain},
    {"ln1_bias", &BlockWeights::ln1_bias, &BlockGradients::ln1_bias},
    {"ln2_gain", &BlockWeights::ln2_gain, &BlockGradients::ln2_gain},
    {"ln2_bias", &BlockWeights::ln2_bias, &BlockGradients::ln2_bias},
    {"w_qkv", &BlockWeights::w_qkv, &BlockGradients::w_qkv},
    {"b_qkv", &BlockWeights::b_qkv, &BlockGradients::b_qkv},
    {"w_o", &BlockWeights::w_o, &BlockGradients::w_o},
    {"b_o", &BlockWeights::b_o, &BlockGradients::b_o},
    {"w_1", &BlockWeights::w_1, &BlockGradients::w_1},
    {"b_1", &BlockWeights::b_1, &BlockGradients::b_1},
    {"w_2", &BlockWeights::w_2, &BlockGradients::w_2},
    {"b_2", &BlockWeights::b_2, &BlockGradients::b_2},
};

class BlockBackward : public ::testing::TestWithParam<BlockShape> {
 protected:
  void SetUp() override {
    s = GetParam();
    w = random_block_weights(s, 11);
    std::mt19937 engine(5);
    x = uniform(static_cast<std::size_t>(s.tokens()) * s.d_model, engine);
    g = uniform(x.size(), engine);
    BlockActivations saved(s);
    BackwardScratch scratch(s);
    out.assign(x.size(), 0.0f);
    d_x.assign(x.size(), 0.0f);
    block_forward_training(s, w, x.data(), out.data(), saved);
    block_backward(s, w, x.data(), saved, g.data(), d_x.data(), grads, scratch);
  }

  BlockShape s;
  BlockWeights w;
  std::vector<float> x, g, out, d_x;
  BlockGradients grads{GetParam()};
};

TEST_P(BlockBackward, TrainingForwardIsTheForward) {
  std::vector<float> plain(x.size());
  block_forward(s, w, x.data(), plain.data());
  for (std::size_t i = 0; i < x.size(); ++i) ASSERT_NEAR(out[i], plain[i], 1e-6 * (1 + std::fabs(plain[i]))) << i;
}

TEST_P(BlockBackward, WeightGradientsMatchFiniteDifferences) {
  std::mt19937 engine(17);
  const std::vector<double> input(x.begin(), x.end());
  for (const Gradient& group : groups) {
    const std::vector<float>& values = w.*group.weights;
    const double step = 1e-3 * std::max(root_mean_square(values), 1e-2);
    const std::vector<float> direction = uniform(values.size(), engine);
    BlockWeights plus = w, minus = w;
    double predicted = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      (plus.*group.weights)[i] = static_cast<float>(values[i] + step * direction[i]);
      (minus.*group.weights)[i] = static_cast<float>(values[i] - step * direction[i]);
      // The steps actually taken, after rounding to float, exactly.
      const double taken = static_cast<double>((plus.*group.weights)[i]) - (minus.*group.weights)[i];
      predicted += static_cast<double>((grads.*group.gradient)[i]) * taken;
    }
    const double measured = reference_loss(s, plus, input, g) - reference_loss(s, minus, input, g);
    EXPECT_NEAR(predicted, measured, tolerance * std::fabs(measured) + 1e-12) << group.name;
  }
}

TEST_P(BlockBackward, InputGradientMatchesFiniteDifferences) {
  std::mt19937 engine(23);
  const std::vector<float> direction = uniform(x.size(), engine);
  const double step = 1e-4;
  std::vector<double> plus(x.begin(), x.end()), minus(x.begin(), x.end());
  double predicted = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    plus[i] += step * direction[i];
    minus[i] -= step * direction[i];
    predicted += 2 * step * static_cast<double>(d_x[i]) * direction[i];
  }
  const double measured = reference_loss(s, w, plus, g) - reference_loss(s, w, minus, g);
  EXPECT_NEAR(predicted, measured, tolerance * std::fabs(measured));
}

INSTANTIATE_TEST_SUITE_P(Shapes, BlockBackward,
                         ::testing::Values(BlockShape{1, 1, 8, 2, 32, true}, BlockShape{2, 7, 16, 4, 64, true},
                                           BlockShape{2, 9, 16, 2, 48, false}, BlockShape{1, 150, 16, 2, 64, true}));

TEST(GradientCheck, PassesOnTheBlockAndCatchesAWrongGradient) {
  const BlockShape s{1, 6, 32, 4, 128, true};
  const GradientCheck right = check_gradients(s, 3);
  EXPECT_TRUE(right.passed()) << right.relative_error();
  GradientCheck wrong = right;
  wrong.predicted *= 1.01;  // one part in a hundred: a term of the gradient missing
  EXPECT_FALSE(wrong.passed());
}

TEST(BlockParameters, CountEveryWeightAndBias) {
  const BlockShape s{1, 1, 768, 12, 3072, true};
  const BlockWeights w = random_block_weights(s, 1);
  std::size_t total = 0;
  for (const Gradient& group : groups) total += (w.*group.weights).size();
  EXPECT_EQ(block_parameter_count(s), total);
  EXPECT_EQ(block_parameter_count(s), 7087872u);  // GPT-2 small: 7.09 M parameters a layer
  EXPECT_DOUBLE_EQ(block_training_flops(s), 3 * block_forward_flops(s));
}

}  // namespace
}  // namespace suanli::kernels::transformer
