// FP64 and FP32 on zmm: FMA throughput (Rpeak) and the FMA + ADD issue rate.
// Compiled for any x86-64 through target attributes; dispatch calls it only
// when the CPU has AVX-512F.
#include <immintrin.h>

#include "kernels/peak/peak_table.hpp"

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
  // 1.0 that the compiler cannot see, so x·1 + 1 stays an FMA and x + 1 an add.
  [[gnu::target("avx512f")]] static Vec opaque_one() {
    Vec one = _mm512_set1_pd(1.0);
    asm("" : "+v"(one));
    return one;
  }
  [[gnu::target("avx512f")]] static Vec fma(Vec x, Vec m, Vec a) { return _mm512_fmadd_pd(x, m, a); }
  [[gnu::target("avx512f")]] static Vec add(Vec x, Vec a) { return _mm512_add_pd(x, a); }
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
  [[gnu::target("avx512f")]] static Vec add(Vec x, Vec a) { return _mm512_add_ps(x, a); }
  // In double: 16 lanes near 2^21 would leave FP32's exact range.
  [[gnu::target("avx512f")]] static double lane_sum(Vec x) {
    alignas(64) float v[lanes];
    _mm512_store_ps(v, x);
    double sum = 0;
    for (float e : v) sum += e;
    return sum;
  }
};

// One exact segment: Fma chains of x = x·1 + 1 and Add chains of x = x + 1,
// interleaved, all in registers. noinline keeps the hot loop a function of its own.
template <class Ops, int Fma, int Add>
[[gnu::target("avx512f"), gnu::noinline]] double fp_segment(std::uint64_t trips, double seed) {
  constexpr int chains = Fma + Add;
  typename Ops::Vec acc[chains];
#pragma GCC unroll 32
  for (int j = 0; j < chains; ++j) acc[j] = Ops::start(seed + j * Ops::lanes);
  const typename Ops::Vec one = Ops::opaque_one();
  for (std::uint64_t t = 0; t < trips; ++t) {
#pragma GCC unroll 32
    for (int j = 0; j < (Fma > Add ? Fma : Add); ++j) {
      if (j < Fma) acc[j] = Ops::fma(acc[j], one, one);
      if (j < Add) acc[Fma + j] = Ops::add(acc[Fma + j], one);
    }
  }
  double sum = 0;
#pragma GCC unroll 32
  for (int j = 0; j < chains; ++j) sum += Ops::lane_sum(acc[j]);
  return sum;
}

template <class Ops, PeakOp Op, const auto& List>
constexpr auto zmm_rows() {
  return detail::rows_for<List>([]<detail::Chains C>() {
    constexpr detail::Shape shape{Ops::precision, Op, PeakIsa::avx512, 512, Ops::lanes, C.main, C.add};
    return detail::make_kernel<shape, &detail::run_in_exact_segments<Ops::precision, &fp_segment<Ops, C.main, C.add>>>();
  });
}

constexpr auto kernels = detail::concat(zmm_rows<Fp64x8, PeakOp::fma, detail::fma_zmm_chains>(),
                                        zmm_rows<Fp32x16, PeakOp::fma, detail::fma_zmm_chains>(),
                                        zmm_rows<Fp64x8, PeakOp::fma_add, detail::fma_add_zmm_chains>(),
                                        zmm_rows<Fp32x16, PeakOp::fma_add, detail::fma_add_zmm_chains>());

}  // namespace

std::span<const PeakKernel> detail::fp_avx512_kernels() { return kernels; }

}  // namespace suanli::kernels::peak
