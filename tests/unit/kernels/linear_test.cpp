// The transformer linear layer in FP32, BF16 and INT8 against a plain double loop, every entry
// within a bound derived from the precision's number format, at tiny, odd and transformer-sized
// shapes; its errors for unsupported precisions and shapes; INT8's per-call activation scale.
#include "kernels/transformer/linear.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "kernels/dense/blas_engine.hpp"
#include "kernels/dense/gemm.hpp"

namespace suanli::kernels::transformer {
namespace {

constexpr double fp32_unit_roundoff = 0x1p-24;
constexpr double bf16_unit_roundoff = 0x1p-8;  // 8 significand bits, round to nearest

struct LinearShape {
  int rows, in, out;
};

// The inputs of a layer and what a double loop makes of them.
struct LinearCase {
  LinearShape shape;
  std::vector<float> x, weights, bias;
  std::vector<double> expected;   // Σ_l x_il·w_lj + b_j
  std::vector<double> magnitude;  // Σ_l |x_il|·|w_lj|
  std::vector<double> row_abs;    // Σ_l |x_il|
  std::vector<double> column_abs; // Σ_l |w_lj|
  double x_max = 0;               // max |x|
  std::vector<double> column_max; // max_l |w_lj|

  double e(int i, int j) const { return expected[static_cast<std::size_t>(i) * shape.out + j]; }
  double s(int i, int j) const { return magnitude[static_cast<std::size_t>(i) * shape.out + j]; }
};

// x uniform in [-1, 1], W uniform in ±1/√in (the usual initialisation, so y is O(1)), bias in ±0.1.
LinearCase make_case(LinearShape s, std::uint64_t seed, float x_amplitude = 1.0f) {
  LinearCase c;
  c.shape = s;
  std::mt19937_64 engine(seed);
  auto fill = [&](std::vector<float>& v, std::size_t n, float amplitude) {
    std::uniform_real_distribution<float> value(-amplitude, amplitude);
    v.resize(n);
    for (float& e : v) e = value(engine);
  };
  const std::size_t rows = s.rows, in = s.in, out = s.out;
  fill(c.x, rows * in, x_amplitude);
  fill(c.weights, in * out, 1.0f / std::sqrt(static_cast<float>(in)));
  fill(c.bias, out, 0.1f);
  c.expected.assign(rows * out, 0.0);
  c.magnitude.assign(rows * out, 0.0);
  c.row_abs.assign(rows, 0.0);
  c.column_abs.assign(out, 0.0);
  c.column_max.assign(out, 0.0);
  for (std::size_t l = 0; l < in; ++l)
    for (std::size_t j = 0; j < out; ++j) {
      const double w = std::fabs(static_cast<double>(c.weights[l * out + j]));
      c.column_abs[j] += w;
      c.column_max[j] = std::max(c.column_max[j], w);
    }
  for (std::size_t i = 0; i < rows; ++i) {
    double* e = &c.expected[i * out];
    double* m = &c.magnitude[i * out];
    for (std::size_t j = 0; j < out; ++j) e[j] = c.bias[j];
    for (std::size_t l = 0; l < in; ++l) {
      const double xv = c.x[i * in + l], xa = std::fabs(xv);
      c.row_abs[i] += xa;
      c.x_max = std::max(c.x_max, xa);
      const float* w = &c.weights[l * out];
      for (std::size_t j = 0; j < out; ++j) {
        e[j] += xv * w[j];
        m[j] += xa * std::fabs(static_cast<double>(w[j]));
      }
    }
  }
  return c;
}

// γ_n = n·u/(1 − n·u): the relative error of a sum of n + 1 terms in floating point of unit roundoff
// u, in any order (Higham, Accuracy and Stability, §3.1).
double gamma(int n, double u) { return n * u / (1 - n * u); }

// The bound on |y_ij − e_ij| for the layer's precision.
double error_bound(Precision p, const LinearCase& c, int i, int j) {
  const int in = c.shape.in;
  const double s = c.s(i, j), b = std::fabs(static_cast<double>(c.bias[j]));
  switch (p) {
    case Precision::fp32:
      return 1e-5 * (1 + std::fabs(c.e(i, j)));
    case Precision::bf16: {
      // x̂ = x(1+δ), ŵ = w(1+η), |δ|, |η| ≤ u = 2^-8 (rounding to bf16). A product of two bf16 values
      // has at most 16 significand bits, so it is exact in FP32: x̂ŵ = xw(1 + θ), |θ| ≤ 2u + u².
      // The in products and the bias are then summed in FP32, in whatever order and blocking the
      // kernel uses (at most in + 2 additions per term, counting the add into dst): error at most
      // γ_{in+2}(2^-24)·(Σ|x̂ŵ| + |b|), with Σ|x̂ŵ| ≤ (1+u)²·Σ|x||w|. So
      //   |y − e| ≤ (2u + u²)·Σ_l |x_l||w_lj| + γ_{in+2}·((1+u)²·Σ_l |x_l||w_lj| + |b_j|).
      const double u = bf16_unit_roundoff;
      return (2 * u + u * u) * s + gamma(in + 2, fp32_unit_roundoff) * ((1 + u) * (1 + u) * s + b);
    }
    case Precision::int8: {
      // With s_x = max|x|/127 and s_j = max_l |w_lj|/127, rounding to nearest gives
      // x = q_x·s_x + ε_x, |ε_x| ≤ s_x/2, and w = q_w·s_j + ε_w, |ε_w| ≤ s_j/2 (no clipping: |x/s_x| ≤ 127).
      // The s32 accumulation of q_x·q_w is exact (|Σ| ≤ in·127² < 2^31), and
      //   x·w − q_x s_x·q_w s_j = x·ε_w + w·ε_x − ε_x·ε_w,
      // so |y − e| ≤ Σ_l (|x_l|·s_j/2 + |w_lj|·s_x/2 + s_x·s_j/4) before the FP32 steps. Those are
      // the conversion of the integer sum, the two scalings and the bias add — at most 4 roundings of
      // quantities below Σ_l (|x_l| + s_x/2)(|w_lj| + s_j/2) + |b_j| — plus the scales and their
      // reciprocals being FP32 values, which moves each rounding boundary by a few ulps of 127:
      // a relative 2^-14 on the quantisation terms covers it.
      const double sx = c.x_max / 127, sj = c.column_max[j] / 127;
      const double quantisation = c.row_abs[i] * sj / 2 + c.column_abs[j] * sx / 2 + in * sx * sj / 4;
      const double scaled = s + c.row_abs[i] * sj / 2 + c.column_abs[j] * sx / 2 + in * sx * sj / 4;
      return quantisation * (1 + 0x1p-14) + 4 * gamma(1, fp32_unit_roundoff) * (scaled + b) + 1e-30;
    }
    default: return 0;
  }
}

struct Errors {
  double worst_ratio = 0;  // max |y − e| / bound
  double normwise = 0;     // Σ|y − e| / Σ|e|
};

Errors check_layer(Precision p, const LinearCase& c, const std::vector<float>& y) {
  Errors r;
  double difference = 0, total = 0;
  for (int i = 0; i < c.shape.rows; ++i)
    for (int j = 0; j < c.shape.out; ++j) {
      const double v = y[static_cast<std::size_t>(i) * c.shape.out + j], e = c.e(i, j);
      EXPECT_TRUE(std::isfinite(v)) << "y(" << i << ", " << j << ")";
      const double bound = error_bound(p, c, i, j);
      const double d = std::fabs(v - e);
      if (!(d <= bound)) {
        ADD_FAILURE() << precision_label(p) << " y(" << i << ", " << j << ") = " << v << ", expected " << e
                      << ": off by " << d << ", bound " << bound;
        return r;
      }
      r.worst_ratio = std::max(r.worst_ratio, d / bound);
      difference += d;
      total += std::fabs(e);
    }
  r.normwise = difference / total;
  return r;
}

std::string shape_name(LinearShape s) {
  return std::to_string(s.rows) + "x" + std::to_string(s.in) + "x" + std::to_string(s.out);
}

class LinearLayer : public ::testing::TestWithParam<std::tuple<Precision, LinearShape>> {};

TEST_P(LinearLayer, MatchesTheDoubleLoopWithinTheFormatBound) {
  const auto [p, shape] = GetParam();
  if (!linear_unsupported_reason(p).empty()) GTEST_SKIP() << linear_unsupported_reason(p);
  const LinearCase c = make_case(shape, 11);
  Linear layer(p, shape.rows, shape.in, shape.out, c.weights.data(), c.bias.data());
  EXPECT_EQ(layer.precision(), p);
  EXPECT_DOUBLE_EQ(layer.flops(), 2.0 * shape.rows * shape.in * shape.out);
  std::vector<float> y(static_cast<std::size_t>(shape.rows) * shape.out, -7.0f);
  layer.forward(c.x.data(), y.data());
  const Errors first = check_layer(p, c, y);
  // A second call on the same buffers gives the same values (nothing left over from the first).
  std::vector<float> again(y.size(), 3.0f);
  layer.forward(c.x.data(), again.data());
  EXPECT_EQ(again, y);
  std::printf("  %s %s: %s, worst |y-e|/bound %.3f, sum|y-e|/sum|e| %.2e\n",
              std::string(precision_label(p)).c_str(), shape_name(shape).c_str(), layer.library().c_str(),
              first.worst_ratio, first.normwise);
  // Normwise relative error, where there are enough terms for it to mean something: with these
  // uniform inputs the expected values are about u·√(2/3) ≈ 0.3% for BF16 and, for INT8,
  // (1/127)·√((max²/E[v²])/12 · 2) ≈ 0.6% (uniform v: max²/E[v²] = 3). Checked with ~3× margin.
  if (shape.in >= 13 && shape.rows * shape.out >= 35) {
    if (p == Precision::bf16) {
      EXPECT_LT(first.normwise, 0.01);
    }
    if (p == Precision::int8) {
      EXPECT_LT(first.normwise, 0.02);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    PrecisionsAndShapes, LinearLayer,
    ::testing::Combine(::testing::Values(Precision::fp32, Precision::bf16, Precision::int8),
                       ::testing::Values(LinearShape{1, 1, 1}, LinearShape{7, 13, 5}, LinearShape{64, 768, 3072})),
    [](const auto& info) {
      return std::string(precision_key(std::get<0>(info.param))) + "_" + shape_name(std::get<1>(info.param));
    });

TEST(LinearLayerInt8, ScalesTheActivationsInEveryCall) {
  if (!linear_unsupported_reason(Precision::int8).empty()) GTEST_SKIP() << linear_unsupported_reason(Precision::int8);
  const LinearShape shape{9, 40, 17};
  const LinearCase small = make_case(shape, 5, 1e-3f), large = make_case(shape, 5, 1e3f);
  ASSERT_EQ(small.weights, large.weights);  // same seed: only x's range differs
  Linear layer(Precision::int8, shape.rows, shape.in, shape.out, large.weights.data(), large.bias.data());
  std::vector<float> y(static_cast<std::size_t>(shape.rows) * shape.out);
  for (const LinearCase* c : {&large, &small, &large}) {
    layer.forward(c->x.data(), y.data());
    check_layer(Precision::int8, *c, y);
  }
}

TEST(LinearLayerInt8, ZeroActivationsGiveTheBiasExactly) {
  if (!linear_unsupported_reason(Precision::int8).empty()) GTEST_SKIP() << linear_unsupported_reason(Precision::int8);
  const LinearCase c = make_case({3, 16, 24}, 2);
  Linear layer(Precision::int8, 3, 16, 24, c.weights.data(), c.bias.data());
  const std::vector<float> x(3 * 16, 0.0f);
  std::vector<float> y(3 * 24, -7.0f);
  layer.forward(x.data(), y.data());
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 24; ++j) EXPECT_EQ(y[i * 24 + j], c.bias[j]) << i << ", " << j;
}

TEST(LinearLayerApi, NullBiasIsZeroAndMovesKeepTheLayer) {
  for (const Precision p : {Precision::fp32, Precision::bf16, Precision::int8}) {
    if (!linear_unsupported_reason(p).empty()) continue;
    LinearCase c = make_case({4, 8, 6}, 3);
    Linear original(p, 4, 8, 6, c.weights.data(), nullptr);
    Linear layer(std::move(original));
    Linear assigned(p, 1, 1, 1, c.weights.data(), nullptr);
    assigned = std::move(layer);
    for (std::size_t i = 0; i < c.expected.size(); ++i) c.expected[i] -= c.bias[i % 6];
    std::fill(c.bias.begin(), c.bias.end(), 0.0f);
    std::vector<float> y(4 * 6);
    assigned.forward(c.x.data(), y.data());
    check_layer(p, c, y);
    EXPECT_EQ(assigned.rows(), 4);
    EXPECT_EQ(assigned.in(), 8);
    EXPECT_EQ(assigned.out(), 6);
  }
}

TEST(LinearLayerApi, NamesItsLibrary) {
  const float w = 1, b = 0;
  for (auto [engine, library] : {std::pair{dense::BlasEngine::openblas, "OpenBLAS"}, std::pair{dense::BlasEngine::blis, "BLIS"}}) {
    const dense::BlasEngineScope scope(engine);
    EXPECT_NE(Linear(Precision::fp32, 1, 1, 1, &w, &b).library().find(library), std::string::npos) << library;
  }
  for (const Precision p : {Precision::bf16, Precision::int8})
    if (linear_unsupported_reason(p).empty()) {
      const std::string library = Linear(p, 1, 1, 1, &w, &b).library();
      EXPECT_NE(library.find("oneDNN"), std::string::npos) << library;
      EXPECT_EQ(library.find(" ref"), std::string::npos) << library;
    }
}

TEST(LinearLayerApi, RejectsOtherPrecisionsAndShapes) {
  const std::vector<float> w(64, 1.0f), b(8, 0.0f);
  for (const Precision p : {Precision::fp64, Precision::tf32, Precision::fp16, Precision::fp8, Precision::fp4,
                            Precision::int32})
    EXPECT_THROW(Linear(p, 2, 8, 8, w.data(), b.data()), std::invalid_argument) << precision_label(p);
  EXPECT_THROW(Linear(Precision::fp32, 0, 8, 8, w.data(), b.data()), std::invalid_argument);
  EXPECT_THROW(Linear(Precision::fp32, 2, -1, 8, w.data(), b.data()), std::invalid_argument);
  EXPECT_THROW(Linear(Precision::fp32, 2, 8, 0, w.data(), b.data()), std::invalid_argument);
  EXPECT_THROW(Linear(Precision::fp32, 2, 8, 8, nullptr, b.data()), std::invalid_argument);
  for (const Precision p : {Precision::fp64, Precision::bf16, Precision::int8}) {
    const std::string reason = linear_unsupported_reason(p);
    if (!dense::gemm_supported(p)) {
      EXPECT_EQ(reason, dense::gemm_unsupported_reason(p));
    }
    if (reason.empty()) continue;
    try {
      Linear(p, 2, 8, 8, w.data(), b.data());
      ADD_FAILURE() << precision_label(p) << " is unsupported here but constructed";
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()), reason);
    }
  }
  EXPECT_EQ(linear_unsupported_reason(Precision::fp32), "");
}

}  // namespace
}  // namespace suanli::kernels::transformer
