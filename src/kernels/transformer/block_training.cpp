#include "kernels/transformer/block_training.hpp"

#include <cblas.h>
#include <omp.h>

#include "kernels/dense/dense_blas.hpp"
#include "kernels/transformer/attention.hpp"
#include "kernels/transformer/attention_backward.hpp"
#include "kernels/transformer/block_parts.hpp"
#include "kernels/transformer/vector_math.hpp"

namespace suanli::kernels::transformer {
namespace {

std::size_t count(int a, int b) { return static_cast<std::size_t>(a) * static_cast<std::size_t>(b); }

// c [m × n] = a [m × k] · b [k × n] + bias.
void linear(int m, int n, int k, const float* a, const float* b, const float* bias, float* c) {
  parts::broadcast_rows(m, n, bias, c);
  dense::sgemm_row_major(dense::Op::none, dense::Op::none, m, n, k, 1.0f, a, k, b, n, 1.0f, c, n);
}

// For y = x·W + b over `rows` rows: dW = xᵀ·dy, db = Σ_rows dy (as onesᵀ·dy), and
// dx = dy·Wᵀ when dx is given.
void linear_backward(int rows, int in, int out, const float* x, const float* w, const float* dy, const float* ones,
                     float* dw, float* db, float* dx) {
  dense::sgemm_row_major(dense::Op::transpose, dense::Op::none, in, out, rows, 1.0f, x, in, dy, out, 0.0f, dw, out);
  cblas_sgemv(CblasRowMajor, CblasTrans, rows, out, 1.0f, dy, out, ones, 1, 0.0f, db, 1);
  if (dx) dense::sgemm_row_major(dense::Op::none, dense::Op::transpose, rows, in, out, 1.0f, dy, out, w, out, 0.0f, dx, in);
}

// LayerNorm y = x̂·g + b with x̂ = (x − μ)·r: accumulates dx += r·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) with
// dx̂ = dy·g, and sets dg = Σ_rows dy·x̂, db = Σ_rows dy.
void layer_norm_backward(int rows, int width, const float* x, const float* mean, const float* inverse, const float* gain,
                         const float* dy, float* dx, float* d_gain, float* d_bias) {
  for (int c = 0; c < width; ++c) d_gain[c] = d_bias[c] = 0.0f;
#pragma omp parallel
  {
    std::vector<float> gain_part(static_cast<std::size_t>(width), 0.0f), bias_part(static_cast<std::size_t>(width), 0.0f);
#pragma omp for schedule(static)
    for (int i = 0; i < rows; ++i) {
      const float* xi = x + count(i, width);
      const float* dyi = dy + count(i, width);
      float* dxi = dx + count(i, width);
      float sum = 0, sum_weighted = 0;
      for (int c = 0; c < width; ++c) {
        const float normalised = (xi[c] - mean[i]) * inverse[i];
        const float d_normalised = dyi[c] * gain[c];
        sum += d_normalised;
        sum_weighted += d_normalised * normalised;
        gain_part[c] += dyi[c] * normalised;
        bias_part[c] += dyi[c];
      }
      const float mean_d = sum / static_cast<float>(width), mean_dx = sum_weighted / static_cast<float>(width);
      for (int c = 0; c < width; ++c) {
        const float normalised = (xi[c] - mean[i]) * inverse[i];
        dxi[c] += inverse[i] * (dyi[c] * gain[c] - mean_d - normalised * mean_dx);
      }
    }
#pragma omp critical
    for (int c = 0; c < width; ++c) {
      d_gain[c] += gain_part[c];
      d_bias[c] += bias_part[c];
    }
  }
}

void attention_backward_all_heads(const BlockShape& s, const BlockActivations& saved, const float* d_attended,
                                  float* d_qkv) {
  const int d = s.d_model, dh = s.head_dim();
  const AttentionShape head{s.sequence, dh, 3 * d, 3 * d, 3 * d, d, s.causal};
  const AttentionBlocks blocks;
#pragma omp parallel
  {
    std::vector<float> workspace(attention_backward_workspace(head, blocks));
#pragma omp for collapse(2) schedule(static)
    for (int b = 0; b < s.batch; ++b)
      for (int j = 0; j < s.heads; ++j) {
        const std::size_t row0 = static_cast<std::size_t>(b) * s.sequence, column = static_cast<std::size_t>(j) * dh;
        const float* base = saved.qkv.data() + row0 * 3 * d + column;
        float* d_base = d_qkv + row0 * 3 * d + column;
        const float* statistic = saved.log_sum_exp.data() + (static_cast<std::size_t>(b) * s.heads + j) * s.sequence;
        attention_backward(head, blocks, base, base + d, base + 2 * d, saved.attended.data() + row0 * d + column,
                           d_attended + row0 * d + column, statistic, d_base, d_base + d, d_base + 2 * d,
                           workspace.data());
      }
  }
}

}  // namespace

std::size_t block_parameter_count(const BlockShape& s) {
  const std::size_t d = static_cast<std::size_t>(s.d_model), f = static_cast<std::size_t>(s.ffn);
  return 4 * d * d + 2 * d * f + 9 * d + f;
}

BlockGradients::BlockGradients(const BlockShape& s) : all(block_parameter_count(s), 0.0f) {
  const std::size_t d = static_cast<std::size_t>(s.d_model), f = static_cast<std::size_t>(s.ffn);
  float* next = all.data();
  auto take = [&next](std::size_t n) {
    float* view = next;
    next += n;
    return view;
  };
  ln1_gain = take(d), ln1_bias = take(d), ln2_gain = take(d), ln2_bias = take(d);
  w_qkv = take(3 * d * d), b_qkv = take(3 * d), w_o = take(d * d), b_o = take(d);
  w_1 = take(d * f), b_1 = take(f), w_2 = take(f * d), b_2 = take(d);
}

BlockActivations::BlockActivations(const BlockShape& s)
    : ln1_mean(count(s.tokens(), 1)),
      ln1_inverse(count(s.tokens(), 1)),
      h1(count(s.tokens(), s.d_model)),
      qkv(count(s.tokens(), 3 * s.d_model)),
      attended(count(s.tokens(), s.d_model)),
      log_sum_exp(count(s.tokens(), s.heads)),
      y(count(s.tokens(), s.d_model)),
      ln2_mean(count(s.tokens(), 1)),
      ln2_inverse(count(s.tokens(), 1)),
      h2(count(s.tokens(), s.d_model)),
      pre_gelu(count(s.tokens(), s.ffn)),
      post_gelu(count(s.tokens(), s.ffn)) {}

std::size_t BlockActivations::bytes() const {
  std::size_t floats = 0;
  for (const auto* v : {&ln1_mean, &ln1_inverse, &h1, &qkv, &attended, &log_sum_exp, &y, &ln2_mean, &ln2_inverse, &h2,
                        &pre_gelu, &post_gelu})
    floats += v->size();
  return floats * sizeof(float);
}

BackwardScratch::BackwardScratch(const BlockShape& s)
    : d_hidden(count(s.tokens(), s.ffn)),
      d_h(count(s.tokens(), s.d_model)),
      d_y(count(s.tokens(), s.d_model)),
      d_attended(count(s.tokens(), s.d_model)),
      d_qkv(count(s.tokens(), 3 * s.d_model)),
      ones(count(s.tokens(), 1), 1.0f) {}

void block_forward_training(const BlockShape& s, const BlockWeights& w, const float* x, float* out,
                            BlockActivations& a) {
  const int t = s.tokens(), d = s.d_model, f = s.ffn;
  parts::layer_norm(t, d, x, w.ln1_gain.data(), w.ln1_bias.data(), a.h1.data(), a.ln1_mean.data(), a.ln1_inverse.data());
  linear(t, 3 * d, d, a.h1.data(), w.w_qkv.data(), w.b_qkv.data(), a.qkv.data());
  parts::attention_all_heads(s, a.qkv.data(), a.attended.data(), a.log_sum_exp.data());
  linear(t, d, d, a.attended.data(), w.w_o.data(), w.b_o.data(), a.y.data());
  parts::add_into(count(t, d), x, a.y.data());
  parts::layer_norm(t, d, a.y.data(), w.ln2_gain.data(), w.ln2_bias.data(), a.h2.data(), a.ln2_mean.data(),
                    a.ln2_inverse.data());
  linear(t, f, d, a.h2.data(), w.w_1.data(), w.b_1.data(), a.pre_gelu.data());
  gelu(count(t, f), a.pre_gelu.data(), a.post_gelu.data());
  linear(t, d, f, a.post_gelu.data(), w.w_2.data(), w.b_2.data(), out);
  parts::add_into(count(t, d), a.y.data(), out);
}

void block_backward(const BlockShape& s, const BlockWeights& w, const float* x, const BlockActivations& a,
                    const float* d_out, float* d_x, BlockGradients& g, BackwardScratch& z,
                    const std::function<void()>& between_steps) {
  const int t = s.tokens(), d = s.d_model, f = s.ffn;
  auto step = [&] {
    if (between_steps) between_steps();
  };
  const float* ones = z.ones.data();
  // FFN: out = y + GELU(h₂·W₁ + b₁)·W₂ + b₂.
  linear_backward(t, f, d, a.post_gelu.data(), w.w_2.data(), d_out, ones, g.w_2, g.b_2, z.d_hidden.data());
  step();
  multiply_by_gelu_derivative(count(t, f), a.pre_gelu.data(), z.d_hidden.data());
  linear_backward(t, d, f, a.h2.data(), w.w_1.data(), z.d_hidden.data(), ones, g.w_1, g.b_1, z.d_h.data());
  step();
  // LN₂ and the residual: dy = d_out + LayerNorm′(dh₂).
  std::copy(d_out, d_out + count(t, d), z.d_y.begin());
  layer_norm_backward(t, d, a.y.data(), a.ln2_mean.data(), a.ln2_inverse.data(), w.ln2_gain.data(), z.d_h.data(),
                      z.d_y.data(), g.ln2_gain, g.ln2_bias);
  // Projection: y = x + attended·W_o + b_o.
  linear_backward(t, d, d, a.attended.data(), w.w_o.data(), z.d_y.data(), ones, g.w_o, g.b_o, z.d_attended.data());
  step();
  attention_backward_all_heads(s, a, z.d_attended.data(), z.d_qkv.data());
  step();
  linear_backward(t, d, 3 * d, a.h1.data(), w.w_qkv.data(), z.d_qkv.data(), ones, g.w_qkv, g.b_qkv, z.d_h.data());
  step();
  // LN₁ and the residual: dx = dy + LayerNorm′(dh₁).
  std::copy(z.d_y.begin(), z.d_y.end(), d_x);
  layer_norm_backward(t, d, x, a.ln1_mean.data(), a.ln1_inverse.data(), w.ln1_gain.data(), z.d_h.data(), d_x,
                      g.ln1_gain, g.ln1_bias);
}

double block_training_flops(const BlockShape& s) { return 3.0 * block_forward_flops(s); }

}  // namespace suanli::kernels::transformer
