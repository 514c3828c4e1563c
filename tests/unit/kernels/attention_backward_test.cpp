// The blockwise attention backward (FlashAttention-2) against its reference twin,
// and the twin itself against finite differences of a double-precision forward, so
// the oracle is checked rather than trusted. Also the forward's log-sum-exp, the
// one statistic the backward reads, against a double computation.
#include "kernels/transformer/attention_backward.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "kernels/transformer/attention.hpp"

namespace suanli::kernels::transformer {
namespace {

constexpr float not_a_number = std::numeric_limits<float>::quiet_NaN();
constexpr float sentinel = 777.0f;  // what gradient buffers hold outside the head's columns

// A [rows × ld] matrix whose d leading columns are uniform in [−amplitude, amplitude]
// and whose other columns are NaN: reading them would poison every result.
std::vector<float> random_head(int rows, int d, int ld, unsigned seed, float amplitude) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<float> uniform(-amplitude, amplitude);
  std::vector<float> m(static_cast<std::size_t>(rows) * ld, not_a_number);
  for (int i = 0; i < rows; ++i)
    for (int c = 0; c < d; ++c) m[static_cast<std::size_t>(i) * ld + c] = uniform(engine);
  return m;
}

struct Case {
  int s, d, ld, bq, bk;
  bool causal;
  float amplitude;  // of Q and K; V and dO are in [−1, 1]
};

// Q, K, V, dO of one head, and O with its log-sum-exp from the blockwise forward.
struct Head {
  AttentionShape shape;
  std::vector<float> q, k, v, o, d_o, log_sum_exp;
};

Head make_head(const Case& c) {
  Head h{AttentionShape{c.s, c.d, c.ld, c.ld, c.ld, c.ld, c.causal},
         random_head(c.s, c.d, c.ld, 11, c.amplitude),
         random_head(c.s, c.d, c.ld, 12, c.amplitude),
         random_head(c.s, c.d, c.ld, 13, 1.0f),
         std::vector<float>(static_cast<std::size_t>(c.s) * c.ld, not_a_number),
         random_head(c.s, c.d, c.ld, 14, 1.0f),
         std::vector<float>(static_cast<std::size_t>(c.s))};
  const AttentionBlocks blocks{c.bq, c.bk};
  std::vector<float> workspace(attention_workspace(h.shape, blocks));
  attention_forward(h.shape, blocks, h.q.data(), h.k.data(), h.v.data(), h.o.data(), workspace.data(),
                    h.log_sum_exp.data());
  return h;
}

// Tolerance for an FP32 blockwise gradient against the double oracle, relative to
// the largest entry of the same gradient tensor: each entry is a sum over up to s
// products whose size is set by that largest entry, not by the entry itself (dS =
// P ⊙ (dP − D) cancels, so a small gradient entry carries the absolute error of
// its large neighbours). FP32 rounding is 6e-8; through s ≤ 130-term sums and
// three chained GEMMs it grows to ~5e-7 of the largest entry here (1e-5 when the
// scores reach 1e3, as P = exp(S − lse) then carries eps·|S|), so 1e-4 leaves
// headroom yet catches any wrong term: a missed block, a mask off by one, a lost
// scale or D move entries by O(1e-2..1) of that size. The floor of 1 covers tensors
// that vanish exactly: with s = 1, P = 1 and dQ = dK = 0, where FP32 leaves ~1e-7.
constexpr double gradient_tolerance = 1e-4;

// Worst |actual − expected| / max(1, max|expected|) over the head's columns of one
// gradient, after checking that every column outside the head still holds the sentinel.
double worst_scaled_error(const std::vector<float>& actual, const std::vector<float>& expected, int s, int d, int ld,
                          const char* name) {
  double largest = 1.0;
  for (int i = 0; i < s; ++i)
    for (int c = 0; c < d; ++c)
      largest = std::max(largest, std::fabs(double{expected[static_cast<std::size_t>(i) * ld + c]}));
  double worst = 0;
  for (int i = 0; i < s; ++i)
    for (int c = 0; c < ld; ++c) {
      const std::size_t at = static_cast<std::size_t>(i) * ld + c;
      if (c >= d) {
        EXPECT_EQ(actual[at], sentinel) << name << " written outside the head at " << i << "," << c;
        continue;
      }
      EXPECT_TRUE(std::isfinite(actual[at])) << name << " " << i << "," << c;
      worst = std::max(worst, std::fabs(double{actual[at]} - expected[at]) / largest);
    }
  return worst;
}

class AttentionBackwardBlockwise : public ::testing::TestWithParam<Case> {};

TEST_P(AttentionBackwardBlockwise, MatchesTheReference) {
  const Case c = GetParam();
  const Head h = make_head(c);
  const AttentionBlocks blocks{c.bq, c.bk};
  const std::size_t n = static_cast<std::size_t>(c.s) * c.ld;
  std::vector<float> d_q(n, sentinel), d_k(n, sentinel), d_v(n, sentinel);
  std::vector<float> want_q(n, sentinel), want_k(n, sentinel), want_v(n, sentinel);
  std::vector<float> workspace(attention_backward_workspace(h.shape, blocks), not_a_number);
  attention_backward(h.shape, blocks, h.q.data(), h.k.data(), h.v.data(), h.o.data(), h.d_o.data(),
                     h.log_sum_exp.data(), d_q.data(), d_k.data(), d_v.data(), workspace.data());
  attention_backward_reference(h.shape, h.q.data(), h.k.data(), h.v.data(), h.d_o.data(), want_q.data(),
                               want_k.data(), want_v.data());
  EXPECT_LE(worst_scaled_error(d_q, want_q, c.s, c.d, c.ld, "dQ"), gradient_tolerance);
  EXPECT_LE(worst_scaled_error(d_k, want_k, c.s, c.d, c.ld, "dK"), gradient_tolerance);
  EXPECT_LE(worst_scaled_error(d_v, want_v, c.s, c.d, c.ld, "dV"), gradient_tolerance);

  // Overwritten, not accumulated: a second call on the same buffers gives the same bits.
  const std::vector<float> first_q = d_q, first_k = d_k, first_v = d_v;
  attention_backward(h.shape, blocks, h.q.data(), h.k.data(), h.v.data(), h.o.data(), h.d_o.data(),
                     h.log_sum_exp.data(), d_q.data(), d_k.data(), d_v.data(), workspace.data());
  for (std::size_t i = 0; i < n; ++i) {
    ASSERT_EQ(d_q[i], first_q[i]) << i;
    ASSERT_EQ(d_k[i], first_k[i]) << i;
    ASSERT_EQ(d_v[i], first_v[i]) << i;
  }
  if (c.s == 1) {  // one token: P = 1, so dV = dO and dQ = dK = 0, independently of the oracle
    for (int col = 0; col < c.d; ++col) {
      EXPECT_NEAR(d_v[col], h.d_o[col], 1e-6f) << col;
      EXPECT_NEAR(d_q[col], 0.0f, 1e-6f) << col;
      EXPECT_NEAR(d_k[col], 0.0f, 1e-6f) << col;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, AttentionBackwardBlockwise,
    ::testing::Values(Case{1, 1, 1, 64, 128, false, 1}, Case{1, 4, 4, 64, 128, true, 1},  // s = 1: dQ = dK = 0, dV = dO
                      Case{7, 4, 4, 4, 3, false, 1}, Case{7, 4, 4, 4, 3, true, 1},
                      Case{7, 4, 4, 64, 128, true, 1},                                  // blocks larger than s
                      Case{70, 16, 16, 16, 32, false, 1}, Case{70, 16, 16, 16, 32, true, 1},  // neither divides s
                      Case{70, 16, 16, 32, 16, true, 1}, Case{20, 8, 8, 7, 5, true, 1},      // Bq > Bk, coprime
                      Case{130, 32, 32, 64, 128, false, 1}, Case{130, 32, 32, 64, 128, true, 1},  // default blocks
                      Case{70, 16, 40, 16, 32, false, 1}, Case{70, 16, 40, 16, 32, true, 1},      // column slices
                      Case{130, 32, 101, 64, 128, true, 1},
                      Case{50, 8, 8, 16, 16, false, 3},  // peaked softmax: P near one-hot, dP − D cancels
                      // Scores ~1e3: only the shift by lse keeps exp finite; P carries eps·|S| ≈ 1e-5 error.
                      Case{50, 8, 8, 16, 16, true, 30}, Case{50, 8, 8, 16, 16, false, 30}));

// A [s × 3·d_model] QKV activation and its gradient, two heads as column slices:
// each head's gradients land in its own columns and leave the other head's alone.
class AttentionBackwardQkv : public ::testing::TestWithParam<bool> {};

TEST_P(AttentionBackwardQkv, HeadsAreColumnSlicesOfOneBuffer) {
  const bool causal = GetParam();
  constexpr int s = 37, d = 8, heads = 2, d_model = heads * d, ld = 3 * d_model + 3;  // 3 spare columns
  const AttentionShape shape{s, d, ld, ld, ld, d_model, causal};
  const AttentionBlocks blocks{16, 8};
  const auto qkv = random_head(s, 3 * d_model, ld, 21, 1.0f);
  const auto d_o = random_head(s, d_model, d_model, 22, 1.0f);
  std::vector<float> o(static_cast<std::size_t>(s) * d_model), lse(static_cast<std::size_t>(heads) * s);
  std::vector<float> d_qkv(static_cast<std::size_t>(s) * ld, sentinel);
  std::vector<float> forward_workspace(attention_workspace(shape, blocks));
  std::vector<float> workspace(attention_backward_workspace(shape, blocks));
  for (int h = 0; h < heads; ++h) {
    const float* base = qkv.data() + h * d;
    attention_forward(shape, blocks, base, base + d_model, base + 2 * d_model, o.data() + h * d,
                      forward_workspace.data(), lse.data() + h * s);
  }
  for (int h = 0; h < heads; ++h) {
    const float* base = qkv.data() + h * d;
    float* grad = d_qkv.data() + h * d;
    attention_backward(shape, blocks, base, base + d_model, base + 2 * d_model, o.data() + h * d, d_o.data() + h * d,
                       lse.data() + h * s, grad, grad + d_model, grad + 2 * d_model, workspace.data());
  }
  // The reference per head into a buffer of the same layout; then every column compared at once.
  std::vector<float> want(static_cast<std::size_t>(s) * ld, sentinel);
  for (int h = 0; h < heads; ++h) {
    const float* base = qkv.data() + h * d;
    float* grad = want.data() + h * d;
    attention_backward_reference(shape, base, base + d_model, base + 2 * d_model, d_o.data() + h * d, grad,
                                 grad + d_model, grad + 2 * d_model);
  }
  EXPECT_LE(worst_scaled_error(d_qkv, want, s, 3 * d_model, ld, "dQKV"), gradient_tolerance);
}

INSTANTIATE_TEST_SUITE_P(Masks, AttentionBackwardQkv, ::testing::Bool());

TEST(AttentionBackwardWorkspace, IsLinearInTheSequence) {
  const AttentionBlocks blocks{64, 128};
  const auto floats = [&](int s) {
    return attention_backward_workspace(AttentionShape{s, 128, 128, 128, 128, 128, true}, blocks);
  };
  EXPECT_EQ(floats(1 << 20) - floats(1 << 19), std::size_t{1} << 19);  // one float a row (D), no s² term
  EXPECT_EQ(floats(0), std::size_t{2} * 64 * 128);                      // plus a P and a dS block
}

// ---- log-sum-exp of the forward ----

class AttentionLogSumExp : public ::testing::TestWithParam<Case> {};

TEST_P(AttentionLogSumExp, MatchesADoubleComputation) {
  const Case c = GetParam();
  const Head h = make_head(c);
  const double scale = 1.0 / std::sqrt(static_cast<double>(c.d));
  for (int i = 0; i < c.s; ++i) {
    const int visible = c.causal ? i + 1 : c.s;
    std::vector<double> scores(static_cast<std::size_t>(visible));
    for (int j = 0; j < visible; ++j) {
      double dot = 0;
      for (int col = 0; col < c.d; ++col)
        dot += double{h.q[static_cast<std::size_t>(i) * c.ld + col]} * h.k[static_cast<std::size_t>(j) * c.ld + col];
      scores[j] = dot * scale;
    }
    const double largest = *std::max_element(scores.begin(), scores.end());
    double total = 0;
    for (double x : scores) total += std::exp(x - largest);
    const double expected = largest + std::log(total);
    // FP32 scores carry ~1e-7 of their size; log of the row sum adds ~1e-7 absolute.
    EXPECT_NEAR(h.log_sum_exp[i], expected, 1e-5 * (1.0 + std::fabs(expected))) << i;
  }
  // Asking for it changes nothing else: O is the same bits with and without.
  const AttentionBlocks blocks{c.bq, c.bk};
  std::vector<float> o(h.o.size(), not_a_number), workspace(attention_workspace(h.shape, blocks));
  attention_forward(h.shape, blocks, h.q.data(), h.k.data(), h.v.data(), o.data(), workspace.data());
  for (std::size_t i = 0; i < o.size(); ++i) {
    if (!std::isnan(h.o[i])) {
      ASSERT_EQ(o[i], h.o[i]) << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, AttentionLogSumExp,
                         ::testing::Values(Case{1, 1, 1, 64, 128, false, 1}, Case{7, 4, 4, 4, 3, true, 1},
                                           Case{70, 16, 40, 16, 32, false, 1}, Case{70, 16, 40, 16, 32, true, 1},
                                           Case{130, 32, 32, 64, 128, true, 1},
                                           Case{50, 8, 8, 16, 16, false, 30}));  // scores ~1e3: exp overflows unshifted

// ---- the oracle against finite differences ----

// loss = Σ G ⊙ O with O the attention of one head, all in double; dense (ld = d).
double attention_loss(const std::vector<double>& q, const std::vector<double>& k, const std::vector<double>& v,
                      const std::vector<double>& g, int s, int d, bool causal) {
  const double scale = 1.0 / std::sqrt(static_cast<double>(d));
  double loss = 0;
  std::vector<double> p(static_cast<std::size_t>(s));
  for (int i = 0; i < s; ++i) {
    const int visible = causal ? i + 1 : s;
    double largest = -std::numeric_limits<double>::infinity();
    for (int j = 0; j < visible; ++j) {
      double dot = 0;
      for (int c = 0; c < d; ++c)
        dot += q[static_cast<std::size_t>(i) * d + c] * k[static_cast<std::size_t>(j) * d + c];
      p[j] = dot * scale;
      largest = std::max(largest, p[j]);
    }
    double total = 0;
    for (int j = 0; j < visible; ++j) total += p[j] = std::exp(p[j] - largest);
    for (int c = 0; c < d; ++c) {
      double o = 0;
      for (int j = 0; j < visible; ++j) o += p[j] * v[static_cast<std::size_t>(j) * d + c];
      loss += g[static_cast<std::size_t>(i) * d + c] * o / total;
    }
  }
  return loss;
}

class AttentionBackwardReference : public ::testing::TestWithParam<bool> {};

TEST_P(AttentionBackwardReference, MatchesFiniteDifferences) {
  const bool causal = GetParam();
  constexpr int s = 5, d = 3;
  const AttentionShape shape{s, d, d, d, d, d, causal};
  // Q and K in [−2, 2], so the softmax is far from uniform and every term of its Jacobian matters.
  const auto q = random_head(s, d, d, 31, 2.0f), k = random_head(s, d, d, 32, 2.0f);
  const auto v = random_head(s, d, d, 33, 1.0f);
  const auto g = random_head(s, d, d, 34, 1.0f);  // dO = G, the gradient of Σ G ⊙ O with respect to O
  std::vector<float> d_q(q.size()), d_k(k.size()), d_v(v.size());
  attention_backward_reference(shape, q.data(), k.data(), v.data(), g.data(), d_q.data(), d_k.data(), d_v.data());

  const auto widen = [](const std::vector<float>& x) { return std::vector<double>(x.begin(), x.end()); };
  std::vector<double> qd = widen(q), kd = widen(k), vd = widen(v);
  const std::vector<double> gd = widen(g);
  // Central differences: truncation ~h²·f''' ≈ 1e-10, cancellation ~1e-16/h ≈ 1e-11, both far
  // below the 6e-8 relative rounding of the oracle's float outputs, so 1e-6 is a tight check.
  constexpr double h = 1e-5, tolerance = 1e-6;
  const auto check = [&](std::vector<double>& x, const std::vector<float>& gradient, const char* name) {
    for (std::size_t at = 0; at < x.size(); ++at) {
      const double saved = x[at];
      x[at] = saved + h;
      const double up = attention_loss(qd, kd, vd, gd, s, d, causal);
      x[at] = saved - h;
      const double down = attention_loss(qd, kd, vd, gd, s, d, causal);
      x[at] = saved;
      const double numeric = (up - down) / (2 * h);
      EXPECT_NEAR(gradient[at], numeric, tolerance * (1.0 + std::fabs(numeric))) << name << "[" << at << "]";
    }
  };
  check(qd, d_q, "dQ");
  check(kd, d_k, "dK");
  check(vd, d_v, "dV");
}

INSTANTIATE_TEST_SUITE_P(Masks, AttentionBackwardReference, ::testing::Bool());

}  // namespace
}  // namespace suanli::kernels::transformer
