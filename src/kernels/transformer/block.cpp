#include "kernels/transformer/block.hpp"

#include <cblas.h>
#include <omp.h>

#include <cmath>
#include <random>

#include "kernels/transformer/attention.hpp"

namespace suanli::kernels::transformer {
namespace {

constexpr float layer_norm_epsilon = 1e-5f;

// GELU, the tanh form GPT-2 uses.
template <typename T>
T gelu(T x) {
  const T c = static_cast<T>(0.7978845608028654);  // √(2/π)
  return static_cast<T>(0.5) * x * (static_cast<T>(1) + std::tanh(c * (x + static_cast<T>(0.044715) * x * x * x)));
}

void layer_norm(int rows, int width, const float* x, const float* gain, const float* bias, float* y) {
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
  }
}

// c = a·b + bias (each row), [m × k]·[k × n].
void linear(int m, int n, int k, const float* a, const float* b, const float* bias, float* c) {
#pragma omp parallel for schedule(static)
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) c[static_cast<std::size_t>(i) * n + j] = bias[j];
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, a, k, b, n, 1.0f, c, n);
}

std::vector<float> uniform(std::size_t n, float amplitude, float centre, std::mt19937_64& engine) {
  std::uniform_real_distribution<float> value(centre - amplitude, centre + amplitude);
  std::vector<float> v(n);
  for (float& x : v) x = value(engine);
  return v;
}

}  // namespace

BlockWeights random_block_weights(const BlockShape& s, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  const std::size_t d = static_cast<std::size_t>(s.d_model), f = static_cast<std::size_t>(s.ffn);
  const float in_d = 1.0f / std::sqrt(static_cast<float>(d)), in_f = 1.0f / std::sqrt(static_cast<float>(f));
  BlockWeights w;
  w.ln1_gain = uniform(d, 0.1f, 1.0f, engine);
  w.ln1_bias = uniform(d, 0.1f, 0.0f, engine);
  w.ln2_gain = uniform(d, 0.1f, 1.0f, engine);
  w.ln2_bias = uniform(d, 0.1f, 0.0f, engine);
  w.w_qkv = uniform(d * 3 * d, in_d, 0.0f, engine);
  w.b_qkv = uniform(3 * d, 0.02f, 0.0f, engine);
  w.w_o = uniform(d * d, in_d, 0.0f, engine);
  w.b_o = uniform(d, 0.02f, 0.0f, engine);
  w.w_1 = uniform(d * f, in_d, 0.0f, engine);
  w.b_1 = uniform(f, 0.02f, 0.0f, engine);
  w.w_2 = uniform(f * d, in_f, 0.0f, engine);
  w.b_2 = uniform(d, 0.02f, 0.0f, engine);
  return w;
}

double block_forward_flops(const BlockShape& s) {
  const double t = s.tokens(), d = s.d_model, f = s.ffn, b = s.batch, n = s.sequence;
  const double attention = 4.0 * b * n * n * d * (s.causal ? 0.5 : 1.0);
  return 6.0 * t * d * d + 2.0 * t * d * d + 4.0 * t * d * f + attention;
}

void block_forward(const BlockShape& s, const BlockWeights& w, const float* x, float* out) {
  const int t = s.tokens(), d = s.d_model, f = s.ffn, dh = s.head_dim();
  const std::size_t td = static_cast<std::size_t>(t) * d;
  std::vector<float> h(td), qkv(td * 3), attended(td), y(td), hidden(static_cast<std::size_t>(t) * f);

  layer_norm(t, d, x, w.ln1_gain.data(), w.ln1_bias.data(), h.data());
  linear(t, 3 * d, d, h.data(), w.w_qkv.data(), w.b_qkv.data(), qkv.data());
  // Head j of sequence b: columns [j·dh, (j+1)·dh) of Q, K and V, rows of that sequence.
  const AttentionShape head{s.sequence, dh, 3 * d, 3 * d, 3 * d, d, s.causal};
  const AttentionBlocks blocks;
#pragma omp parallel
  {
    std::vector<float> workspace(attention_workspace(head, blocks));
#pragma omp for collapse(2) schedule(static)
    for (int b = 0; b < s.batch; ++b)
      for (int j = 0; j < s.heads; ++j) {
        const float* base = qkv.data() + static_cast<std::size_t>(b) * s.sequence * 3 * d + static_cast<std::size_t>(j) * dh;
        attention_forward(head, blocks, base, base + d, base + 2 * d,
                          attended.data() + static_cast<std::size_t>(b) * s.sequence * d + static_cast<std::size_t>(j) * dh,
                          workspace.data());
      }
  }
  linear(t, d, d, attended.data(), w.w_o.data(), w.b_o.data(), y.data());
  for (std::size_t i = 0; i < td; ++i) y[i] += x[i];

  layer_norm(t, d, y.data(), w.ln2_gain.data(), w.ln2_bias.data(), h.data());
  linear(t, f, d, h.data(), w.w_1.data(), w.b_1.data(), hidden.data());
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < hidden.size(); ++i) hidden[i] = gelu(hidden[i]);
  linear(t, d, f, hidden.data(), w.w_2.data(), w.b_2.data(), out);
  for (std::size_t i = 0; i < td; ++i) out[i] += y[i];
}

void block_forward_reference(const BlockShape& s, const BlockWeights& w, const float* x, float* out) {
  const int t = s.tokens(), d = s.d_model, f = s.ffn, dh = s.head_dim(), n = s.sequence;
  auto norm = [&](const std::vector<double>& in, const std::vector<float>& gain, const std::vector<float>& bias) {
    std::vector<double> y(in.size());
    for (int i = 0; i < t; ++i) {
      double mean = 0, variance = 0;
      for (int c = 0; c < d; ++c) mean += in[i * d + c];
      mean /= d;
      for (int c = 0; c < d; ++c) variance += (in[i * d + c] - mean) * (in[i * d + c] - mean);
      const double inverse = 1.0 / std::sqrt(variance / d + layer_norm_epsilon);
      for (int c = 0; c < d; ++c) y[i * d + c] = (in[i * d + c] - mean) * inverse * gain[c] + bias[c];
    }
    return y;
  };
  auto matmul = [&](const std::vector<double>& a, int rows, int k, int cols, const std::vector<float>& b,
                    const std::vector<float>& bias) {
    std::vector<double> c(static_cast<std::size_t>(rows) * cols);
    for (int i = 0; i < rows; ++i)
      for (int j = 0; j < cols; ++j) {
        double sum = bias[j];
        for (int l = 0; l < k; ++l) sum += a[static_cast<std::size_t>(i) * k + l] * b[static_cast<std::size_t>(l) * cols + j];
        c[static_cast<std::size_t>(i) * cols + j] = sum;
      }
    return c;
  };
  const std::vector<double> input(x, x + static_cast<std::size_t>(t) * d);
  const std::vector<double> qkv = matmul(norm(input, w.ln1_gain, w.ln1_bias), t, d, 3 * d, w.w_qkv, w.b_qkv);
  std::vector<double> attended(static_cast<std::size_t>(t) * d, 0.0);
  const double scale = 1.0 / std::sqrt(static_cast<double>(dh));
  std::vector<double> p(static_cast<std::size_t>(n));
  for (int b = 0; b < s.batch; ++b)
    for (int j = 0; j < s.heads; ++j)
      for (int i = 0; i < n; ++i) {
        const int visible = s.causal ? i + 1 : n;
        const std::size_t qi = (static_cast<std::size_t>(b) * n + i) * 3 * d + static_cast<std::size_t>(j) * dh;
        double largest = -1e300, total = 0;
        for (int k = 0; k < visible; ++k) {
          const std::size_t kk = (static_cast<std::size_t>(b) * n + k) * 3 * d + d + static_cast<std::size_t>(j) * dh;
          double dot = 0;
          for (int c = 0; c < dh; ++c) dot += qkv[qi + c] * qkv[kk + c];
          p[k] = dot * scale;
          largest = std::max(largest, p[k]);
        }
        for (int k = 0; k < visible; ++k) total += p[k] = std::exp(p[k] - largest);
        for (int c = 0; c < dh; ++c) {
          double sum = 0;
          for (int k = 0; k < visible; ++k)
            sum += p[k] * qkv[(static_cast<std::size_t>(b) * n + k) * 3 * d + 2 * d + static_cast<std::size_t>(j) * dh + c];
          attended[(static_cast<std::size_t>(b) * n + i) * d + static_cast<std::size_t>(j) * dh + c] = sum / total;
        }
      }
  std::vector<double> y = matmul(attended, t, d, d, w.w_o, w.b_o);
  for (std::size_t i = 0; i < y.size(); ++i) y[i] += input[i];
  std::vector<double> hidden = matmul(norm(y, w.ln2_gain, w.ln2_bias), t, d, f, w.w_1, w.b_1);
  for (double& v : hidden) v = gelu(v);
  const std::vector<double> ffn = matmul(hidden, t, f, d, w.w_2, w.b_2);
  for (std::size_t i = 0; i < y.size(); ++i) out[i] = static_cast<float>(y[i] + ffn[i]);
}

}  // namespace suanli::kernels::transformer
