// AVX2 + FMA3 throughput: 16 ymm registers hold at most 15 chains besides the
// constant, so the chain counts stop at 14. Compiled for any x86-64 through
// target attributes; dispatch calls it only when the CPU has AVX2 and FMA.
#include <immintrin.h>

#include <array>

#include "kernels/peak/fma_peak.hpp"

namespace suanli::kernels::peak {

namespace {

struct Fp64x4 {
  using Vec = __m256d;
  static constexpr Precision precision = Precision::fp64;
  static constexpr int lanes = 4;

  // Lanes first, first + 1, first + 2, first + 3.
  [[gnu::target("avx2,fma")]] static Vec start(double first) {
    return _mm256_add_pd(_mm256_set1_pd(first), _mm256_set_pd(3, 2, 1, 0));
  }
  // 1.0 that the compiler cannot see, so x·1 + 1 stays an FMA.
  [[gnu::target("avx2,fma")]] static Vec opaque_one() {
    Vec one = _mm256_set1_pd(1.0);
    asm("" : "+x"(one));
    return one;
  }
  [[gnu::target("avx2,fma")]] static Vec fma(Vec x, Vec m, Vec a) { return _mm256_fmadd_pd(x, m, a); }
  [[gnu::target("avx2,fma")]] static double lane_sum(Vec x) {
    alignas(32) double v[lanes];
    _mm256_store_pd(v, x);
    double sum = 0;
    for (double e : v) sum += e;
    return sum;
  }
};

struct Fp32x8 {
  using Vec = __m256;
  static constexpr Precision precision = Precision::fp32;
  static constexpr int lanes = 8;

  [[gnu::target("avx2,fma")]] static Vec start(double first) {
    return _mm256_add_ps(_mm256_set1_ps(static_cast<float>(first)), _mm256_set_ps(7, 6, 5, 4, 3, 2, 1, 0));
  }
  [[gnu::target("avx2,fma")]] static Vec opaque_one() {
    Vec one = _mm256_set1_ps(1.0f);
    asm("" : "+x"(one));
    return one;
  }
  [[gnu::target("avx2,fma")]] static Vec fma(Vec x, Vec m, Vec a) { return _mm256_fmadd_ps(x, m, a); }
  // In double: the lane sum may leave FP32's exact range.
  [[gnu::target("avx2,fma")]] static double lane_sum(Vec x) {
    alignas(32) float v[lanes];
    _mm256_store_ps(v, x);
    double sum = 0;
    for (float e : v) sum += e;
    return sum;
  }
};

// One exact segment (see fma_peak.hpp): Chains accumulators, one FMA each per
// trip, all in registers. noinline keeps the hot loop a function of its own.
template <class Ops, int Chains>
[[gnu::target("avx2,fma"), gnu::noinline]] double fma_segment(std::uint64_t trips, double seed) {
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
constexpr FmaKernel avx2_kernel(std::string_view name) {
  return {name, FmaIsa::avx2, Ops::precision, Ops::lanes, Chains,
          &detail::run_in_exact_segments<&fma_segment<Ops, Chains>>};
}

// Chain counts as in supported_chains(FmaIsa::avx2).
constexpr std::array kernels = {
    avx2_kernel<Fp64x4, 8>("avx2-fp64-4x8"),   avx2_kernel<Fp64x4, 10>("avx2-fp64-4x10"),
    avx2_kernel<Fp64x4, 12>("avx2-fp64-4x12"), avx2_kernel<Fp64x4, 14>("avx2-fp64-4x14"),
    avx2_kernel<Fp32x8, 8>("avx2-fp32-8x8"),   avx2_kernel<Fp32x8, 10>("avx2-fp32-8x10"),
    avx2_kernel<Fp32x8, 12>("avx2-fp32-8x12"), avx2_kernel<Fp32x8, 14>("avx2-fp32-8x14"),
};

}  // namespace

std::span<const FmaKernel> detail::avx2_fma_kernels() { return kernels; }

}  // namespace suanli::kernels::peak
