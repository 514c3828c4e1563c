#include "kernels/transformer/attention.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "kernels/dense/dense_blas.hpp"
#include "kernels/transformer/vector_math.hpp"

namespace suanli::kernels::transformer {

std::size_t attention_workspace(const AttentionShape& shape, const AttentionBlocks& blocks) {
  const std::size_t bq = static_cast<std::size_t>(blocks.query_rows), bk = static_cast<std::size_t>(blocks.key_rows);
  return bq * bk + bq * static_cast<std::size_t>(shape.head_dim) + 2 * bq;
}

void attention_forward(const AttentionShape& shape, const AttentionBlocks& blocks, const float* q, const float* k,
                       const float* v, float* o, float* workspace, float* log_sum_exp) {
  const int s = shape.sequence, d = shape.head_dim;
  const int bq = blocks.query_rows, bk = blocks.key_rows;
  const float scale = 1.0f / std::sqrt(static_cast<float>(d));
  float* scores = workspace;                                   // [rows × Bk], row stride Bk
  float* accumulator = scores + static_cast<std::size_t>(bq) * bk;  // [rows × d]
  float* row_max = accumulator + static_cast<std::size_t>(bq) * d;
  float* row_sum = row_max + bq;
  constexpr float minus_infinity = -std::numeric_limits<float>::infinity();

  for (int q0 = 0; q0 < s; q0 += bq) {
    const int rows = std::min(bq, s - q0);
    std::fill(accumulator, accumulator + static_cast<std::size_t>(rows) * d, 0.0f);
    std::fill(row_max, row_max + rows, minus_infinity);
    std::fill(row_sum, row_sum + rows, 0.0f);
    // With the causal mask, keys after the block's last query are never seen.
    const int key_end = shape.causal ? q0 + rows : s;
    for (int k0 = 0; k0 < key_end; k0 += bk) {
      const int keys = std::min(bk, key_end - k0);
      // scores = scale · Q_block · K_blockᵀ
      dense::sgemm_row_major(dense::Op::none, dense::Op::transpose, rows, keys, d, scale, q + static_cast<std::size_t>(q0) * shape.ldq,
                  shape.ldq, k + static_cast<std::size_t>(k0) * shape.ldk, shape.ldk, 0.0f, scores, bk);
      for (int i = 0; i < rows; ++i) {
        float* row = scores + static_cast<std::size_t>(i) * bk;
        // Masked keys (j > i) score −∞ and so weigh exp(−∞) = 0.
        const int visible = shape.causal ? std::clamp(q0 + i - k0 + 1, 0, keys) : keys;
        float block_max = minus_infinity;
        for (int j = 0; j < visible; ++j) block_max = std::max(block_max, row[j]);
        const float new_max = std::max(row_max[i], block_max);
        // Online softmax: rescale what was summed under the old maximum.
        const float correction = new_max == minus_infinity ? 1.0f : std::exp(row_max[i] - new_max);
        const float sum = exp_shifted(visible, row, new_max);
        for (int j = visible; j < keys; ++j) row[j] = 0.0f;
        row_sum[i] = row_sum[i] * correction + sum;
        row_max[i] = new_max;
        float* acc = accumulator + static_cast<std::size_t>(i) * d;
        for (int c = 0; c < d; ++c) acc[c] *= correction;
      }
      // accumulator += P · V_block
      dense::sgemm_row_major(dense::Op::none, dense::Op::none, rows, d, keys, 1.0f, scores, bk,
                  v + static_cast<std::size_t>(k0) * shape.ldv, shape.ldv, 1.0f, accumulator, d);
    }
    for (int i = 0; i < rows; ++i) {
      const float inverse = 1.0f / row_sum[i];
      float* out = o + static_cast<std::size_t>(q0 + i) * shape.ldo;
      const float* acc = accumulator + static_cast<std::size_t>(i) * d;
      for (int c = 0; c < d; ++c) out[c] = acc[c] * inverse;
    }
    if (log_sum_exp != nullptr)
      for (int i = 0; i < rows; ++i) log_sum_exp[q0 + i] = row_max[i] + std::log(row_sum[i]);
  }
}

void attention_forward_reference(const AttentionShape& shape, const float* q, const float* k, const float* v,
                                 float* o) {
  const int s = shape.sequence, d = shape.head_dim;
  const double scale = 1.0 / std::sqrt(static_cast<double>(d));
  std::vector<double> p(static_cast<std::size_t>(s));
  for (int i = 0; i < s; ++i) {
    const int visible = shape.causal ? i + 1 : s;
    double largest = -std::numeric_limits<double>::infinity();
    for (int j = 0; j < visible; ++j) {
      double dot = 0;
      for (int c = 0; c < d; ++c)
        dot += static_cast<double>(q[static_cast<std::size_t>(i) * shape.ldq + c]) * k[static_cast<std::size_t>(j) * shape.ldk + c];
      p[j] = dot * scale;
      largest = std::max(largest, p[j]);
    }
    double total = 0;
    for (int j = 0; j < visible; ++j) total += p[j] = std::exp(p[j] - largest);
    for (int c = 0; c < d; ++c) {
      double sum = 0;
      for (int j = 0; j < visible; ++j) sum += p[j] * v[static_cast<std::size_t>(j) * shape.ldv + c];
      o[static_cast<std::size_t>(i) * shape.ldo + c] = static_cast<float>(sum / total);
    }
  }
}

}  // namespace suanli::kernels::transformer
