// AVX: 32-byte loads, non-temporal 32-byte stores. Called only when the CPU has AVX.
#include <immintrin.h>

#include "kernels/stream/stream_variants.hpp"

namespace suanli::kernels::stream {

namespace {

constexpr std::size_t width = 4;  // doubles per ymm

[[gnu::target("avx")]] void copy_avx(const double* a, double* c, std::size_t n) {
  std::size_t i = 0;
  for (; i + width <= n; i += width) _mm256_stream_pd(c + i, _mm256_load_pd(a + i));
  for (; i < n; ++i) c[i] = a[i];
  _mm_sfence();
}

[[gnu::target("avx")]] void scale_avx(double* b, const double* c, double q, std::size_t n) {
  const __m256d qv = _mm256_set1_pd(q);
  std::size_t i = 0;
  for (; i + width <= n; i += width) _mm256_stream_pd(b + i, _mm256_mul_pd(qv, _mm256_load_pd(c + i)));
  for (; i < n; ++i) b[i] = q * c[i];
  _mm_sfence();
}

[[gnu::target("avx")]] void add_avx(const double* a, const double* b, double* c, std::size_t n) {
  std::size_t i = 0;
  for (; i + width <= n; i += width)
    _mm256_stream_pd(c + i, _mm256_add_pd(_mm256_load_pd(a + i), _mm256_load_pd(b + i)));
  for (; i < n; ++i) c[i] = a[i] + b[i];
  _mm_sfence();
}

[[gnu::target("avx")]] void triad_avx(double* a, const double* b, const double* c, double q, std::size_t n) {
  const __m256d qv = _mm256_set1_pd(q);
  std::size_t i = 0;
  for (; i + width <= n; i += width)
    _mm256_stream_pd(a + i, _mm256_add_pd(_mm256_load_pd(b + i), _mm256_mul_pd(qv, _mm256_load_pd(c + i))));
  for (; i < n; ++i) a[i] = b[i] + q * c[i];
  _mm_sfence();
}

}  // namespace

const Kernels& avx_kernels() {
  static const Kernels k{"avx-nt", copy_avx, scale_avx, add_avx, triad_avx};
  return k;
}

}  // namespace suanli::kernels::stream
