// Blockwise attention against its reference twin: odd and even shapes, blocks
// smaller and larger than the sequence, causal and not, a column slice of a
// wider activation, and scores large enough to overflow a naive exp.
#include "kernels/transformer/attention.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace suanli::kernels::transformer {
namespace {

std::vector<float> random_matrix(std::size_t n, unsigned seed, float amplitude) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<float> uniform(-amplitude, amplitude);
  std::vector<float> m(n);
  for (float& x : m) x = uniform(engine);
  return m;
}

struct Case {
  int s, d, ld, bq, bk;
  bool causal;
  float amplitude;
};

class AttentionBlockwise : public ::testing::TestWithParam<Case> {};

TEST_P(AttentionBlockwise, MatchesTheFullSoftmax) {
  const Case c = GetParam();
  const AttentionShape shape{c.s, c.d, c.ld, c.ld, c.ld, c.ld, c.causal};
  const AttentionBlocks blocks{c.bq, c.bk};
  const std::size_t n = static_cast<std::size_t>(c.s) * c.ld;
  const auto q = random_matrix(n, 1, c.amplitude), k = random_matrix(n, 2, c.amplitude), v = random_matrix(n, 3, 1.0f);
  std::vector<float> expected(n, 0.0f), actual(n, 0.0f), workspace(attention_workspace(shape, blocks));
  attention_forward_reference(shape, q.data(), k.data(), v.data(), expected.data());
  attention_forward(shape, blocks, q.data(), k.data(), v.data(), actual.data(), workspace.data());
  for (int i = 0; i < c.s; ++i)
    for (int col = 0; col < c.d; ++col) {
      const std::size_t at = static_cast<std::size_t>(i) * c.ld + col;
      ASSERT_TRUE(std::isfinite(actual[at])) << i << "," << col;
      ASSERT_NEAR(actual[at], expected[at], 2e-5f) << i << "," << col;  // outputs are averages of values in [-1, 1]
    }
  if (c.causal) {  // the first token sees only itself: its output is its own value row
    for (int col = 0; col < c.d; ++col) EXPECT_NEAR(actual[col], v[col], 1e-6f);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, AttentionBlockwise,
    ::testing::Values(Case{1, 1, 1, 64, 128, false, 1}, Case{7, 5, 5, 4, 3, false, 1}, Case{7, 5, 5, 4, 3, true, 1},
                      Case{64, 32, 32, 16, 16, true, 1}, Case{100, 64, 64, 64, 128, false, 1},
                      Case{100, 64, 64, 64, 16, true, 1}, Case{33, 16, 48, 8, 8, true, 1},
                      Case{50, 8, 8, 16, 16, false, 30}));  // scores up to ~2500: exp would overflow unshifted

}  // namespace
}  // namespace suanli::kernels::transformer
