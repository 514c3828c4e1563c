// SSE2 (every x86-64): 16-byte loads, non-temporal 16-byte stores.
#include <emmintrin.h>

#include "kernels/stream/stream_variants.hpp"

namespace suanli::kernels::stream {

namespace {

constexpr std::size_t width = 2;  // doubles per xmm

void copy_sse2(const double* a, double* c, std::size_t n) {
  std::size_t i = 0;
  for (; i + width <= n; i += width) _mm_stream_pd(c + i, _mm_load_pd(a + i));
  for (; i < n; ++i) c[i] = a[i];
  _mm_sfence();
}

void scale_sse2(double* b, const double* c, double q, std::size_t n) {
  const __m128d qv = _mm_set1_pd(q);
  std::size_t i = 0;
  for (; i + width <= n; i += width) _mm_stream_pd(b + i, _mm_mul_pd(qv, _mm_load_pd(c + i)));
  for (; i < n; ++i) b[i] = q * c[i];
  _mm_sfence();
}

void add_sse2(const double* a, const double* b, double* c, std::size_t n) {
  std::size_t i = 0;
  for (; i + width <= n; i += width) _mm_stream_pd(c + i, _mm_add_pd(_mm_load_pd(a + i), _mm_load_pd(b + i)));
  for (; i < n; ++i) c[i] = a[i] + b[i];
  _mm_sfence();
}

void triad_sse2(double* a, const double* b, const double* c, double q, std::size_t n) {
  const __m128d qv = _mm_set1_pd(q);
  std::size_t i = 0;
  for (; i + width <= n; i += width)
    _mm_stream_pd(a + i, _mm_add_pd(_mm_load_pd(b + i), _mm_mul_pd(qv, _mm_load_pd(c + i))));
  for (; i < n; ++i) a[i] = b[i] + q * c[i];
  _mm_sfence();
}

}  // namespace

const Kernels& sse2_kernels() {
  static const Kernels k{"sse2-nt", copy_sse2, scale_sse2, add_sse2, triad_sse2};
  return k;
}

}  // namespace suanli::kernels::stream
