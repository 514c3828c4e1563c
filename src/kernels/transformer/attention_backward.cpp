#include "kernels/transformer/attention_backward.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "kernels/dense/dense_blas.hpp"
#include "kernels/transformer/vector_math.hpp"

namespace suanli::kernels::transformer {

namespace {

// Zero the d leading columns of `rows` rows of a strided matrix (the head's slice only).
void zero_rows(float* m, int rows, int d, int ld) {
  for (int i = 0; i < rows; ++i) std::fill_n(m + static_cast<std::size_t>(i) * ld, d, 0.0f);
}

}  // namespace

std::size_t attention_backward_workspace(const AttentionShape& shape, const AttentionBlocks& blocks) {
  const std::size_t bq = static_cast<std::size_t>(blocks.query_rows), bk = static_cast<std::size_t>(blocks.key_rows);
  return static_cast<std::size_t>(shape.sequence) + 2 * bq * bk;
}

void attention_backward(const AttentionShape& shape, const AttentionBlocks& blocks, const float* q, const float* k,
                        const float* v, const float* o, const float* d_o, const float* log_sum_exp, float* d_q,
                        float* d_k, float* d_v, float* workspace) {
  const int s = shape.sequence, d = shape.head_dim;
  const int bq = blocks.query_rows, bk = blocks.key_rows;
  const float scale = 1.0f / std::sqrt(static_cast<float>(d));
  float* delta = workspace;                                // D: [s]
  float* p = delta + s;                                    // P block: [rows × Bk], row stride Bk
  float* dp = p + static_cast<std::size_t>(bq) * bk;       // dP, then dS, block: [rows × Bk]

  // D_i = dO_i · O_i; summed in double, since dP − D cancels where P is peaked.
  for (int i = 0; i < s; ++i) {
    const float* o_row = o + static_cast<std::size_t>(i) * shape.ldo;
    const float* d_o_row = d_o + static_cast<std::size_t>(i) * shape.ldo;
    double sum = 0;
    for (int c = 0; c < d; ++c) sum += static_cast<double>(d_o_row[c]) * o_row[c];
    delta[i] = static_cast<float>(sum);
  }
  zero_rows(d_q, s, d, shape.ldq);

  for (int k0 = 0; k0 < s; k0 += bk) {
    const int keys = std::min(bk, s - k0);
    const float* k_block = k + static_cast<std::size_t>(k0) * shape.ldk;
    const float* v_block = v + static_cast<std::size_t>(k0) * shape.ldv;
    float* d_k_block = d_k + static_cast<std::size_t>(k0) * shape.ldk;
    float* d_v_block = d_v + static_cast<std::size_t>(k0) * shape.ldv;
    zero_rows(d_k_block, keys, d, shape.ldk);
    zero_rows(d_v_block, keys, d, shape.ldv);
    // With the causal mask, query blocks wholly before this key block see none of it.
    // Query blocks stay aligned to multiples of Bq, as in the forward.
    const int q_begin = shape.causal ? k0 / bq * bq : 0;
    for (int q0 = q_begin; q0 < s; q0 += bq) {
      const int rows = std::min(bq, s - q0);
      const float* q_block = q + static_cast<std::size_t>(q0) * shape.ldq;
      const float* d_o_block = d_o + static_cast<std::size_t>(q0) * shape.ldo;
      // S = scale · Q_block · K_blockᵀ, then P = exp(S − lse) in place; masked keys weigh 0.
      dense::sgemm_row_major(dense::Op::none, dense::Op::transpose, rows, keys, d, scale, q_block, shape.ldq, k_block,
                  shape.ldk, 0.0f, p, bk);
      for (int i = 0; i < rows; ++i) {
        float* row = p + static_cast<std::size_t>(i) * bk;
        const int visible = shape.causal ? std::clamp(q0 + i - k0 + 1, 0, keys) : keys;
        const float lse = log_sum_exp[q0 + i];
        exp_shifted(visible, row, lse);
        for (int j = visible; j < keys; ++j) row[j] = 0.0f;
      }
      // dV_block += Pᵀ · dO_block
      dense::sgemm_row_major(dense::Op::transpose, dense::Op::none, keys, d, rows, 1.0f, p, bk, d_o_block, shape.ldo, 1.0f,
                  d_v_block, shape.ldv);
      // dP = dO_block · V_blockᵀ
      dense::sgemm_row_major(dense::Op::none, dense::Op::transpose, rows, keys, d, 1.0f, d_o_block, shape.ldo, v_block,
                  shape.ldv, 0.0f, dp, bk);
      // dS = P ⊙ (dP − D), in place of dP; masked entries are 0 because P is.
      for (int i = 0; i < rows; ++i) {
        const float* p_row = p + static_cast<std::size_t>(i) * bk;
        float* ds_row = dp + static_cast<std::size_t>(i) * bk;
        const float delta_i = delta[q0 + i];
        for (int j = 0; j < keys; ++j) ds_row[j] = p_row[j] * (ds_row[j] - delta_i);
      }
      // dQ_block += scale · dS · K_block
      dense::sgemm_row_major(dense::Op::none, dense::Op::none, rows, d, keys, scale, dp, bk, k_block, shape.ldk, 1.0f,
                  d_q + static_cast<std::size_t>(q0) * shape.ldq, shape.ldq);
      // dK_block += scale · dSᵀ · Q_block
      dense::sgemm_row_major(dense::Op::transpose, dense::Op::none, keys, d, rows, scale, dp, bk, q_block, shape.ldq, 1.0f,
                  d_k_block, shape.ldk);
    }
  }
}

void attention_backward_reference(const AttentionShape& shape, const float* q, const float* k, const float* v,
                                  const float* d_o, float* d_q, float* d_k, float* d_v) {
  const int s = shape.sequence, d = shape.head_dim;
  const std::size_t sd = static_cast<std::size_t>(s) * d;
  const double scale = 1.0 / std::sqrt(static_cast<double>(d));
  auto at = [](const float* m, int ld, int row, int col) {
    return static_cast<double>(m[static_cast<std::size_t>(row) * ld + col]);
  };
  std::vector<double> dk(sd, 0.0), dv(sd, 0.0), p(static_cast<std::size_t>(s)), dp(static_cast<std::size_t>(s));
  std::vector<double> dq_row(static_cast<std::size_t>(d));
  for (int i = 0; i < s; ++i) {
    const int visible = shape.causal ? i + 1 : s;
    double largest = -std::numeric_limits<double>::infinity();
    for (int j = 0; j < visible; ++j) {
      double dot = 0;
      for (int c = 0; c < d; ++c) dot += at(q, shape.ldq, i, c) * at(k, shape.ldk, j, c);
      p[j] = dot * scale;
      largest = std::max(largest, p[j]);
    }
    double total = 0;
    for (int j = 0; j < visible; ++j) total += p[j] = std::exp(p[j] - largest);
    for (int j = 0; j < visible; ++j) p[j] /= total;
    // dP_ij = dO_i · V_j and D_i = Σ_j P_ij·dP_ij (the softmax Jacobian's row term; equal to dO_i · O_i).
    double delta = 0;
    for (int j = 0; j < visible; ++j) {
      double dot = 0;
      for (int c = 0; c < d; ++c) dot += at(d_o, shape.ldo, i, c) * at(v, shape.ldv, j, c);
      dp[j] = dot;
      delta += p[j] * dot;
    }
    std::fill(dq_row.begin(), dq_row.end(), 0.0);
    for (int j = 0; j < visible; ++j) {
      const double ds = p[j] * (dp[j] - delta);
      for (int c = 0; c < d; ++c) {
        dv[static_cast<std::size_t>(j) * d + c] += p[j] * at(d_o, shape.ldo, i, c);
        dk[static_cast<std::size_t>(j) * d + c] += scale * ds * at(q, shape.ldq, i, c);
        dq_row[c] += scale * ds * at(k, shape.ldk, j, c);
      }
    }
    for (int c = 0; c < d; ++c) d_q[static_cast<std::size_t>(i) * shape.ldq + c] = static_cast<float>(dq_row[c]);
  }
  for (int j = 0; j < s; ++j)
    for (int c = 0; c < d; ++c) {
      d_k[static_cast<std::size_t>(j) * shape.ldk + c] = static_cast<float>(dk[static_cast<std::size_t>(j) * d + c]);
      d_v[static_cast<std::size_t>(j) * shape.ldv + c] = static_cast<float>(dv[static_cast<std::size_t>(j) * d + c]);
    }
}

}  // namespace suanli::kernels::transformer
