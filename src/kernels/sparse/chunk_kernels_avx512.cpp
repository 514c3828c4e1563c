// The chunk kernels with AVX-512F: a slice's 8 values are one load, and when its
// lanes' columns are consecutive (offsets 0, 1, …, 7: 93% of the slices of
// HPCG's matrix once rows are renumbered by colour) so are the 8 x values;
// otherwise the 8 x values are loaded one by one (a gather measured slower on
// Zen 5). A chunk's rows are consecutive, so r, x and y are read and written as
// one masked vector each. Only raw pointers and intrinsics here: nothing inline
// from a header is compiled for AVX-512 and then shared with code for other CPUs.
#include <immintrin.h>

#include <cstdint>
#include <cstring>

#include "kernels/sparse/chunk_kernels.hpp"

namespace suanli::kernels::sparse {
namespace {

__attribute__((target("avx512f"))) inline __m512d add_slice(const double* v, const std::uint8_t* d,
                                                             const double* xs, __m512d sum) {
  constexpr std::uint64_t consecutive = 0x0706050403020100ull;
  std::uint64_t pattern;
  std::memcpy(&pattern, d, sizeof pattern);
  const __m512d xv = pattern == consecutive
                         ? _mm512_loadu_pd(xs)
                         : _mm512_set_pd(xs[d[7]], xs[d[6]], xs[d[5]], xs[d[4]], xs[d[3]], xs[d[2]], xs[d[1]], xs[d[0]]);
  return _mm512_fmadd_pd(_mm512_loadu_pd(v), xv, sum);
}

// Adds chunk q's slices of one part to sum. Two partial sums (even and odd
// slices) halve the chain of dependent adds.
__attribute__((target("avx512f"))) inline __m512d add_part(const SellPartView& p, std::int32_t q, const double* x,
                                                            __m512d sum) {
  __m512d odd = _mm512_setzero_pd();
  std::int64_t s = p.chunk_slices[q];
  const std::int64_t last = p.chunk_slices[q + 1];
  for (; s + 2 <= last; s += 2) {
    sum = add_slice(p.values + s * 8, p.offsets + s * 8, x + p.base[s], sum);
    odd = add_slice(p.values + (s + 1) * 8, p.offsets + (s + 1) * 8, x + p.base[s + 1], odd);
  }
  if (s < last) sum = add_slice(p.values + s * 8, p.offsets + s * 8, x + p.base[s], sum);
  return _mm512_add_pd(sum, odd);
}

// The lanes holding a row: a prefix, the rows of a chunk being consecutive.
inline __mmask8 row_lanes(const SellView& a, std::int32_t q) {
  int count = 0;
  while (count < 8 && a.chunk_row[q * 8 + count] >= 0) ++count;
  return static_cast<__mmask8>((1u << count) - 1u);
}

__attribute__((target("avx512f"))) void multiply_avx512(const SellView& a, std::int32_t begin, std::int32_t end,
                                                         const double* x, double* y) {
  for (std::int32_t q = begin; q < end; ++q) {
    const std::int32_t first = a.chunk_row[q * 8];
    const __mmask8 valid = row_lanes(a, q);
    __m512d sum = _mm512_mul_pd(_mm512_loadu_pd(a.chunk_diagonal + q * 8), _mm512_maskz_loadu_pd(valid, x + first));
    sum = add_part(a.lower, q, x, sum);
    sum = add_part(a.upper, q, x, sum);
    sum = add_part(a.last, q, x, sum);
    sum = add_part(a.halo, q, x, sum);
    _mm512_mask_storeu_pd(y + first, valid, sum);
  }
}

// The forward sweeps: which of U·x is read, zero, or known in u.
enum class Upper { read, zero, known };

template <Upper upper>
__attribute__((target("avx512f"))) inline void forward_avx512(const SellView& a, std::int32_t begin, std::int32_t end,
                                                              const double* r, const double* u, double* x,
                                                              double* t) {
  for (std::int32_t q = begin; q < end; ++q) {
    const std::int32_t first = a.chunk_row[q * 8];
    const __mmask8 valid = row_lanes(a, q);
    const __m512d tv = _mm512_sub_pd(_mm512_maskz_loadu_pd(valid, r + first), add_part(a.lower, q, x, _mm512_setzero_pd()));
    __m512d rest = add_part(a.halo, q, x, _mm512_setzero_pd());
    if (upper == Upper::read) rest = add_part(a.upper, q, x, rest);
    if (upper == Upper::known) rest = _mm512_add_pd(rest, _mm512_maskz_loadu_pd(valid, u + first));
    if (upper != Upper::zero) rest = add_part(a.last, q, x, rest);
    _mm512_mask_storeu_pd(t + first, valid, tv);
    _mm512_mask_storeu_pd(x + first, valid, _mm512_div_pd(_mm512_sub_pd(tv, rest), _mm512_loadu_pd(a.chunk_diagonal + q * 8)));
  }
}

__attribute__((target("avx512f"))) void relax_forward_avx512(const SellView& a, std::int32_t begin, std::int32_t end,
                                                              const double* r, double* x, double* t) {
  forward_avx512<Upper::read>(a, begin, end, r, nullptr, x, t);
}

__attribute__((target("avx512f"))) void relax_forward_from_zero_avx512(const SellView& a, std::int32_t begin,
                                                                        std::int32_t end, const double* r, double* x,
                                                                        double* t) {
  forward_avx512<Upper::zero>(a, begin, end, r, nullptr, x, t);
}

__attribute__((target("avx512f"))) void relax_forward_known_upper_avx512(const SellView& a, std::int32_t begin,
                                                                          std::int32_t end, const double* r,
                                                                          const double* u, double* x, double* t) {
  forward_avx512<Upper::known>(a, begin, end, r, u, x, t);
}

__attribute__((target("avx512f"))) void relax_backward_avx512(const SellView& a, std::int32_t begin, std::int32_t end,
                                                               const double* t, double* x, double* u) {
  for (std::int32_t q = begin; q < end; ++q) {
    const std::int32_t first = a.chunk_row[q * 8];
    const __mmask8 valid = row_lanes(a, q);
    const __m512d upper = add_part(a.upper, q, x, _mm512_setzero_pd());
    if (u) _mm512_mask_storeu_pd(u + first, valid, upper);
    __m512d rest = add_part(a.last, q, x, upper);
    rest = add_part(a.halo, q, x, rest);
    const __m512d tv = _mm512_maskz_loadu_pd(valid, t + first);
    _mm512_mask_storeu_pd(x + first, valid, _mm512_div_pd(_mm512_sub_pd(tv, rest), _mm512_loadu_pd(a.chunk_diagonal + q * 8)));
  }
}

}  // namespace

const ChunkKernels& avx512_chunk_kernels() {
  static const ChunkKernels kernels{multiply_avx512, relax_forward_avx512, relax_forward_from_zero_avx512,
                                    relax_forward_known_upper_avx512, relax_backward_avx512};
  return kernels;
}

}  // namespace suanli::kernels::sparse
