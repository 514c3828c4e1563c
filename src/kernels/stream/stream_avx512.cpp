// AVX-512: 64-byte loads, non-temporal 64-byte stores. Compiled for any
// x86-64 via target attributes; called only when the CPU has AVX-512F.
#include <immintrin.h>

#include "kernels/stream/stream_variants.hpp"

namespace suanli::kernels::stream {

namespace {

constexpr std::size_t width = 8;  // doubles per zmm

[[gnu::target("avx512f")]] void copy_avx512(const double* a, double* c, std::size_t n) {
  std::size_t i = 0;
  for (; i + width <= n; i += width) _mm512_stream_pd(c + i, _mm512_load_pd(a + i));
  for (; i < n; ++i) c[i] = a[i];
  _mm_sfence();
}

[[gnu::target("avx512f")]] void scale_avx512(double* b, const double* c, double q, std::size_t n) {
  const __m512d qv = _mm512_set1_pd(q);
  std::size_t i = 0;
  for (; i + width <= n; i += width) _mm512_stream_pd(b + i, _mm512_mul_pd(qv, _mm512_load_pd(c + i)));
  for (; i < n; ++i) b[i] = q * c[i];
  _mm_sfence();
}

[[gnu::target("avx512f")]] void add_avx512(const double* a, const double* b, double* c, std::size_t n) {
  std::size_t i = 0;
  for (; i + width <= n; i += width)
    _mm512_stream_pd(c + i, _mm512_add_pd(_mm512_load_pd(a + i), _mm512_load_pd(b + i)));
  for (; i < n; ++i) c[i] = a[i] + b[i];
  _mm_sfence();
}

[[gnu::target("avx512f")]] void triad_avx512(double* a, const double* b, const double* c, double q,
                                             std::size_t n) {
  const __m512d qv = _mm512_set1_pd(q);
  std::size_t i = 0;
  // mul then add, not FMA: the reference rounds twice, and verification compares bit-close values.
  for (; i + width <= n; i += width)
    _mm512_stream_pd(a + i, _mm512_add_pd(_mm512_load_pd(b + i), _mm512_mul_pd(qv, _mm512_load_pd(c + i))));
  for (; i < n; ++i) a[i] = b[i] + q * c[i];
  _mm_sfence();
}

}  // namespace

const Kernels& avx512_kernels() {
  static const Kernels k{"avx512-nt", copy_avx512, scale_avx512, add_avx512, triad_avx512};
  return k;
}

}  // namespace suanli::kernels::stream
