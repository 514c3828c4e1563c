// AVX-512 FMA throughput: 32 zmm registers hold up to 16 chains plus the
// constant with room to spare. Compiled for any x86-64 through target
// attributes; dispatch calls it only when the CPU has AVX-512F.
#include <immintrin.h>

#include <array>

#include "kernels/peak/fma_peak.hpp"

namespace suanli::kernels::peak {

namespace {

struct Fp64x8 {
  using Vec = __m512d;
  static constexpr Precision precision = Precision::fp64;
  static constexpr int lanes = 8;

  // Lanes first, first + 1, …, first + 7.
  [[gnu::target("avx512f")]] static Vec start(double first) {
    return _mm512_add_pd(_mm512_set1_pd(first), _mm512_set_pd(7, 6, 5, 4, 3, 2, 1, 0));
  }
  // 1.0 that the compiler cannot see, so x·1 + 1 stays an FMA.
  [[gnu::target("avx512f")]] static Vec opaque_one() {
    Vec one = _mm512_set1_pd(1.0);
    asm("" : "+v"(one));
    return one;
  }
  [[gnu::target("avx512f")]] static Vec fma(Vec x, Vec m, Vec a) { return _mm512_fmadd_pd(x, m, a); }
  [[gnu::target("avx512f")]] static double lane_sum(Vec x) {
    alignas(64) double v[lanes];
    _mm512_store_pd(v, x);
    double sum = 0;
    for (double e : v) sum += e;
    return sum;
  }
};

struct Fp32x16 {
  using Vec = __m512;
  static constexpr Precision precision = Precision::fp32;
  static constexpr int lanes = 16;

  [[gnu::target("avx512f")]] static Vec start(double first) {
    return _mm512_add_ps(_mm512_set1_ps(static_cast<float>(first)),
                         _mm512_set_ps(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
  }
  [[gnu::target("avx512f")]] static Vec opaque_one() {
    Vec one = _mm512_set1_ps(1.0f);
    asm("" : "+v"(one));
    return one;
  }
  [[gnu::target("avx512f")]] static Vec fma(Vec x, Vec m, Vec a) { return _mm512_fmadd_ps(x, m, a); }
  // In double: 16 lanes near 2^21 would overflow FP32's exact range.
  [[gnu::target("avx512f")]] static double lane_sum(Vec x) {
    alignas(64) float v[lanes];
    _mm512_store_ps(v, x);
    double sum = 0;
    for (float e : v) sum += e;
    return sum;
  }
};

// One exact segment (see fma_peak.hpp): Chains accumulators, one FMA each per
// trip, all in registers. noinline keeps the hot loop a function of its own.
template <class Ops, int Chains>
[[gnu::target("avx512f"), gnu::noinline]] double fma_segment(std::uint64_t trips, double seed) {
  typename Ops::Vec acc[Chains];
#pragma GCC unroll 16
  for (int j = 0; j < Chains; ++j) acc[j] = Ops::start(seed + j * Ops::lanes);
  const typename Ops::Vec one = Ops::opaque_one();
  for (std::uint64_t t = 0; t < trips; ++t) {
#pragma GCC unroll 16
    for (int j = 0; j < Chains; ++j) acc[j] = Ops::fma(acc[j], one, one);
  }
  double sum = 0;
#pragma GCC unroll 16
  for (int j = 0; j < Chains; ++j) sum += Ops::lane_sum(acc[j]);
  return sum;
}

template <class Ops, int Chains>
constexpr FmaKernel avx512_kernel(std::string_view name) {
  return {name, FmaIsa::avx512, Ops::precision, Ops::lanes, Chains,
          &detail::run_in_exact_segments<&fma_segment<Ops, Chains>>};
}

// Chain counts as in supported_chains(FmaIsa::avx512).
constexpr std::array kernels = {
    avx512_kernel<Fp64x8, 8>("avx512-fp64-8x8"),     avx512_kernel<Fp64x8, 10>("avx512-fp64-8x10"),
    avx512_kernel<Fp64x8, 12>("avx512-fp64-8x12"),   avx512_kernel<Fp64x8, 16>("avx512-fp64-8x16"),
    avx512_kernel<Fp32x16, 8>("avx512-fp32-16x8"),   avx512_kernel<Fp32x16, 10>("avx512-fp32-16x10"),
    avx512_kernel<Fp32x16, 12>("avx512-fp32-16x12"), avx512_kernel<Fp32x16, 16>("avx512-fp32-16x16"),
};

}  // namespace

std::span<const FmaKernel> detail::avx512_fma_kernels() { return kernels; }

}  // namespace suanli::kernels::peak
