#include "kernels/transformer/block_parts.hpp"

#include <vector>

#include "kernels/transformer/attention.hpp"

namespace suanli::kernels::transformer::parts {

void layer_norm(int rows, int width, const float* x, const float* gain, const float* bias, float* y, float* mean_out,
                float* inverse_out) {
#pragma omp parallel for schedule(static)
  for (int i = 0; i < rows; ++i) {
    const float* row = x + static_cast<std::size_t>(i) * width;
    float mean = 0;
    for (int c = 0; c < width; ++c) mean += row[c];
    mean /= static_cast<float>(width);
    float variance = 0;
    for (int c = 0; c < width; ++c) variance += (row[c] - mean) * (row[c] - mean);
    const float inverse = 1.0f / std::sqrt(variance / static_cast<float>(width) + layer_norm_epsilon);
    float* out = y + static_cast<std::size_t>(i) * width;
    for (int c = 0; c < width; ++c) out[c] = (row[c] - mean) * inverse * gain[c] + bias[c];
    if (mean_out) mean_out[i] = mean;
    if (inverse_out) inverse_out[i] = inverse;
  }
}

void broadcast_rows(int rows, int n, const float* bias, float* c) {
#pragma omp parallel for schedule(static)
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < n; ++j) c[static_cast<std::size_t>(i) * n + j] = bias[j];
}

void add_into(std::size_t n, const float* x, float* y) {
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) y[i] += x[i];
}

void attention_all_heads(const BlockShape& s, const float* qkv, float* attended, float* log_sum_exp) {
  const int d = s.d_model, dh = s.head_dim();
  const AttentionShape head{s.sequence, dh, 3 * d, 3 * d, 3 * d, d, s.causal};
  const AttentionBlocks blocks;
#pragma omp parallel
  {
    std::vector<float> workspace(attention_workspace(head, blocks));
#pragma omp for collapse(2) schedule(static)
    for (int b = 0; b < s.batch; ++b)
      for (int j = 0; j < s.heads; ++j) {
        const std::size_t row0 = static_cast<std::size_t>(b) * s.sequence;
        const float* base = qkv + row0 * 3 * d + static_cast<std::size_t>(j) * dh;
        float* statistic =
            log_sum_exp ? log_sum_exp + (static_cast<std::size_t>(b) * s.heads + j) * s.sequence : nullptr;
        attention_forward(head, blocks, base, base + d, base + 2 * d, attended + row0 * d + static_cast<std::size_t>(j) * dh,
                          workspace.data(), statistic);
      }
  }
}

}  // namespace suanli::kernels::transformer::parts
