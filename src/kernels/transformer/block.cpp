#include "kernels/transformer/block.hpp"

#include <cmath>
#include <random>

#include "kernels/transformer/block_parts.hpp"
#include "kernels/transformer/inference_block.hpp"

namespace suanli::kernels::transformer {
namespace {

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

std::vector<float> random_activations(const BlockShape& s, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  return uniform(static_cast<std::size_t>(s.tokens()) * s.d_model, 1.0f, 0.0f, engine);
}

double block_forward_flops(const BlockShape& s) {
  const double t = s.tokens(), d = s.d_model, f = s.ffn, b = s.batch, n = s.sequence;
  const double attention = 4.0 * b * n * n * d * (s.causal ? 0.5 : 1.0);
  return 6.0 * t * d * d + 2.0 * t * d * d + 4.0 * t * d * f + attention;
}

void block_forward(const BlockShape& s, const BlockWeights& w, const float* x, float* out) {
  InferenceBlock(s, w, Precision::fp32).forward(x, out);
}

void block_forward_reference(const BlockShape& s, const BlockWeights& w, const double* x, double* out) {
  const int t = s.tokens(), d = s.d_model, f = s.ffn, dh = s.head_dim(), n = s.sequence;
  auto norm = [&](const std::vector<double>& in, const std::vector<float>& gain, const std::vector<float>& bias) {
    std::vector<double> y(in.size());
    for (int i = 0; i < t; ++i) {
      double mean = 0, variance = 0;
      for (int c = 0; c < d; ++c) mean += in[i * d + c];
      mean /= d;
      for (int c = 0; c < d; ++c) variance += (in[i * d + c] - mean) * (in[i * d + c] - mean);
      const double inverse = 1.0 / std::sqrt(variance / d + parts::layer_norm_epsilon);
      for (int c = 0; c < d; ++c) y[i * d + c] = (in[i * d + c] - mean) * inverse * gain[c] + bias[c];
    }
    return y;
  };
  auto matmul = [&](const std::vector<double>& a, int rows, int k, int cols, const std::vector<float>& b,
                    const std::vector<float>& bias) {
    // Row by row, a row of B at a time (plain loops, but along memory: the run-time
    // checks use this oracle at the widths of real models).
    std::vector<double> c(static_cast<std::size_t>(rows) * cols);
    for (int i = 0; i < rows; ++i) {
      double* row = c.data() + static_cast<std::size_t>(i) * cols;
      for (int j = 0; j < cols; ++j) row[j] = bias[j];
      for (int l = 0; l < k; ++l) {
        const double a_il = a[static_cast<std::size_t>(i) * k + l];
        const float* b_row = b.data() + static_cast<std::size_t>(l) * cols;
        for (int j = 0; j < cols; ++j) row[j] += a_il * b_row[j];
      }
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
  for (double& v : hidden) v = parts::gelu(v);
  const std::vector<double> ffn = matmul(hidden, t, f, d, w.w_2, w.b_2);
  for (std::size_t i = 0; i < y.size(); ++i) out[i] = y[i] + ffn[i];
}

void block_forward_reference(const BlockShape& s, const BlockWeights& w, const float* x, float* out) {
  const std::size_t n = static_cast<std::size_t>(s.tokens()) * s.d_model;
  const std::vector<double> input(x, x + n);
  std::vector<double> result(n);
  block_forward_reference(s, w, input.data(), result.data());
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<float>(result[i]);
}

}  // namespace suanli::kernels::transformer
