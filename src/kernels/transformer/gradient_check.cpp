#include "kernels/transformer/gradient_check.hpp"

#include <cmath>
#include <random>

#include "kernels/transformer/block_training.hpp"

namespace suanli::kernels::transformer {
namespace {

// The groups of BlockWeights, in BlockGradients' order.
std::vector<std::vector<float>*> groups(BlockWeights& w) {
  return {&w.ln1_gain, &w.ln1_bias, &w.ln2_gain, &w.ln2_bias, &w.w_qkv, &w.b_qkv,
          &w.w_o,      &w.b_o,      &w.w_1,      &w.b_1,      &w.w_2,   &w.b_2};
}

}  // namespace

double reference_loss(const BlockShape& s, const BlockWeights& w, const std::vector<double>& x,
                      const std::vector<float>& g) {
  std::vector<double> out(x.size());
  block_forward_reference(s, w, x.data(), out.data());
  double sum = 0;
  for (std::size_t i = 0; i < out.size(); ++i) sum += g[i] * out[i];
  return sum;
}

double GradientCheck::relative_error() const {
  return std::fabs(predicted - measured) / std::max(std::fabs(measured), 1e-30);
}

GradientCheck check_gradients(const BlockShape& s, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  BlockWeights w = random_block_weights(s, seed);
  const std::vector<float> x = random_activations(s, seed + 1);
  const std::vector<float> g = random_activations(s, seed + 2);

  BlockActivations saved(s);
  BackwardScratch scratch(s);
  BlockGradients grads(s);
  std::vector<float> out(x.size()), d_x(x.size());
  block_forward_training(s, w, x.data(), out.data(), saved);
  block_backward(s, w, x.data(), saved, g.data(), d_x.data(), grads, scratch);

  // Steps of 1e-3 of each group's typical size; the steps actually taken after
  // rounding to float enter the prediction exactly.
  BlockWeights plus = w, minus = w;
  std::vector<std::vector<float>*> base = groups(w), up = groups(plus), down = groups(minus);
  const float* gradient = grads.all.data();
  GradientCheck check;
  for (std::size_t k = 0; k < base.size(); ++k) {
    const std::vector<float>& values = *base[k];
    double square = 0;
    for (float v : values) square += static_cast<double>(v) * v;
    const double step = 1e-3 * std::max(std::sqrt(square / static_cast<double>(values.size())), 1e-2);
    for (std::size_t i = 0; i < values.size(); ++i) {
      const double direction = std::uniform_real_distribution<double>(-1, 1)(engine);
      (*up[k])[i] = static_cast<float>(values[i] + step * direction);
      (*down[k])[i] = static_cast<float>(values[i] - step * direction);
      check.predicted += 0.5 * static_cast<double>(*gradient++) * (static_cast<double>((*up[k])[i]) - (*down[k])[i]);
    }
  }
  std::vector<double> x_up(x.begin(), x.end()), x_down(x.begin(), x.end());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double step = 1e-4 * std::uniform_real_distribution<double>(-1, 1)(engine);
    x_up[i] += step;
    x_down[i] -= step;
    check.predicted += static_cast<double>(d_x[i]) * step;
  }
  check.measured = 0.5 * (reference_loss(s, plus, x_up, g) - reference_loss(s, minus, x_down, g));
  return check;
}

}  // namespace suanli::kernels::transformer
