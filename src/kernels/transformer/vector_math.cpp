#include "kernels/transformer/vector_math.hpp"

#include <cmath>

#include "kernels/transformer/vector_width.hpp"

namespace suanli::kernels::transformer {
namespace {

constexpr float c = 0.7978845608028654f;  // √(2/π)
constexpr float a = 0.044715f;

// The same loops in three vector widths; __builtin_cpu_supports picks one.
#define SUANLI_GELU_LOOPS(ATTRIBUTE, SUFFIX)                                                          \
  ATTRIBUTE void gelu_##SUFFIX(std::size_t begin, std::size_t end, const float* x, float* y) {        \
    _Pragma("omp simd") for (std::size_t i = begin; i < end; ++i) {                                   \
      const float v = x[i];                                                                           \
      y[i] = 0.5f * v * (1.0f + tanhf(c * (v + a * v * v * v)));                                      \
    }                                                                                                 \
  }                                                                                                   \
  ATTRIBUTE void derivative_##SUFFIX(std::size_t begin, std::size_t end, const float* x, float* d) { \
    _Pragma("omp simd") for (std::size_t i = begin; i < end; ++i) {                                   \
      const float v = x[i];                                                                           \
      const float t = tanhf(c * (v + a * v * v * v));                                                 \
      d[i] *= 0.5f * (1.0f + t) + 0.5f * v * (1.0f - t * t) * c * (1.0f + 3.0f * a * v * v);          \
    }                                                                                                 \
  }                                                                                                   \
  ATTRIBUTE float exp_##SUFFIX(int n, float* row, float shift) {                                      \
    float sum = 0.0f;                                                                                 \
    _Pragma("omp simd reduction(+ : sum)") for (int j = 0; j < n; ++j) {                              \
      row[j] = expf(row[j] - shift);                                                                  \
      sum += row[j];                                                                                  \
    }                                                                                                 \
    return sum;                                                                                       \
  }

SUANLI_GELU_LOOPS(__attribute__((target("avx512f"))), avx512)
SUANLI_GELU_LOOPS(__attribute__((target("avx2,fma"))), avx2)
SUANLI_GELU_LOOPS(, sse)

#undef SUANLI_GELU_LOOPS

using Loop = void (*)(std::size_t, std::size_t, const float*, float*);

struct Loops {
  Loop gelu, derivative;
};

Loops best_loops() {
  switch (best_vector_width()) {
    case VectorWidth::avx512: return {gelu_avx512, derivative_avx512};
    case VectorWidth::avx2: return {gelu_avx2, derivative_avx2};
    default: return {gelu_sse, derivative_sse};
  }
}

}  // namespace

void gelu(std::size_t n, const float* x, float* y) {
  const Loop loop = best_loops().gelu;
  for_each_share(n, [&](std::size_t begin, std::size_t end) { loop(begin, end, x, y); });
}

void gelu_in_place(std::size_t n, float* x) { gelu(n, x, x); }

void multiply_by_gelu_derivative(std::size_t n, const float* x, float* d) {
  const Loop loop = best_loops().derivative;
  for_each_share(n, [&](std::size_t begin, std::size_t end) { loop(begin, end, x, d); });
}

float exp_shifted(int n, float* row, float shift) {
  static const VectorWidth width = best_vector_width();
  switch (width) {
    case VectorWidth::avx512: return exp_avx512(n, row, shift);
    case VectorWidth::avx2: return exp_avx2(n, row, shift);
    default: return exp_sse(n, row, shift);
  }
}

}  // namespace suanli::kernels::transformer
