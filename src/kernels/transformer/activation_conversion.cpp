#include "kernels/transformer/activation_conversion.hpp"

#include "kernels/transformer/vector_width.hpp"

namespace suanli::kernels::transformer {
namespace {

// The same loops in three vector widths; the inline helpers are inlined into each.
#define SUANLI_CONVERSION_LOOPS(ATTRIBUTE, SUFFIX)                                                              \
  ATTRIBUTE float max_magnitude_##SUFFIX(std::size_t begin, std::size_t end, const float* x) {                  \
    float largest = 0;                                                                                          \
    _Pragma("omp simd reduction(max : largest)") for (std::size_t i = begin; i < end; ++i) {                   \
      const float v = x[i] < 0 ? -x[i] : x[i];                                                                  \
      largest = v > largest ? v : largest;                                                                      \
    }                                                                                                           \
    return largest;                                                                                             \
  }                                                                                                             \
  ATTRIBUTE void quantise_##SUFFIX(std::size_t begin, std::size_t end, const float* x, float inverse,           \
                                   std::int8_t* q) {                                                            \
    _Pragma("omp simd") for (std::size_t i = begin; i < end; ++i) q[i] = quantise(x[i], inverse);              \
  }                                                                                                             \
  ATTRIBUTE void bf16_##SUFFIX(std::size_t begin, std::size_t end, const float* x, std::uint16_t* h) {         \
    _Pragma("omp simd") for (std::size_t i = begin; i < end; ++i) h[i] = to_bf16(x[i]);                        \
  }

SUANLI_CONVERSION_LOOPS(__attribute__((target("avx512f,avx512bw"))), avx512)
SUANLI_CONVERSION_LOOPS(__attribute__((target("avx2,fma"))), avx2)
SUANLI_CONVERSION_LOOPS(, sse)

#undef SUANLI_CONVERSION_LOOPS

}  // namespace

float max_magnitude(std::size_t n, const float* x) {
  const VectorWidth width = best_vector_width();
  float largest = 0;
  for_each_share(n, [&](std::size_t begin, std::size_t end) {
    const float share = width == VectorWidth::avx512 ? max_magnitude_avx512(begin, end, x)
                        : width == VectorWidth::avx2 ? max_magnitude_avx2(begin, end, x)
                                                     : max_magnitude_sse(begin, end, x);
#pragma omp critical
    largest = share > largest ? share : largest;
  });
  return largest;
}

void quantise_all(std::size_t n, const float* x, float inverse_scale, std::int8_t* q) {
  const VectorWidth width = best_vector_width();
  for_each_share(n, [&](std::size_t begin, std::size_t end) {
    if (width == VectorWidth::avx512) quantise_avx512(begin, end, x, inverse_scale, q);
    else if (width == VectorWidth::avx2) quantise_avx2(begin, end, x, inverse_scale, q);
    else quantise_sse(begin, end, x, inverse_scale, q);
  });
}

void convert_to_bf16(std::size_t n, const float* x, std::uint16_t* h) {
  const VectorWidth width = best_vector_width();
  for_each_share(n, [&](std::size_t begin, std::size_t end) {
    if (width == VectorWidth::avx512) bf16_avx512(begin, end, x, h);
    else if (width == VectorWidth::avx2) bf16_avx2(begin, end, x, h);
    else bf16_sse(begin, end, x, h);
  });
}

}  // namespace suanli::kernels::transformer
