// FP16 FMA throughput on zmm: vfmadd231ph (AVX512_FP16), 32 lanes, 64 FLOP per
// instruction. Compiled for any x86-64 through target attributes; dispatch calls
// it only when the CPU has AVX512_FP16 (Sapphire Rapids and later; no AMD core
// up to Zen 5), so on other CPUs only its reference twin runs.
#include <immintrin.h>

#include "kernels/peak/peak_table.hpp"

namespace suanli::kernels::peak {

namespace {

constexpr int lanes = 32;

// Lanes first, first + 1, …, first + 31: integers below 2^11, exact in FP16.
[[gnu::target("avx512fp16,avx512vl")]] __m512h start(double first) {
  const __m512i index = _mm512_set_epi16(31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14,
                                         13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  return _mm512_add_ph(_mm512_set1_ph(static_cast<_Float16>(first)), _mm512_cvtepi16_ph(index));
}

// 1.0 that the compiler cannot see, so x·1 + 1 stays an FMA.
[[gnu::target("avx512fp16,avx512vl")]] __m512h opaque_one() {
  __m512h one = _mm512_set1_ph(static_cast<_Float16>(1.0f));
  asm("" : "+v"(one));
  return one;
}

// Both halves of x widened to FP32 and added: 16 lanes, each the sum of two
// lanes of x. The upper half is moved down by hand: GCC 12's extract intrinsics
// warn of an uninitialised pass-through, and its generic vector code converts
// the upper half lane by lane.
[[gnu::target("avx512fp16,avx512vl")]] __m512 widened_pair_sum(__m512h x) {
  __m256h high;
  asm("vextracti64x4 $1, %1, %0" : "=v"(high) : "v"(x));
  return _mm512_add_ps(_mm512_cvtxph_ps(_mm512_castph512_ph256(x)), _mm512_cvtxph_ps(high));
}

// One exact segment: Chains accumulators, x = x·1 + 1 each per trip, in registers.
template <int Chains>
[[gnu::target("avx512fp16,avx512vl"), gnu::noinline]] double fp16_segment(std::uint64_t trips, double seed) {
  __m512h acc[Chains];
#pragma GCC unroll 32
  for (int j = 0; j < Chains; ++j) acc[j] = start(seed + j * lanes);
  const __m512h one = opaque_one();
  for (std::uint64_t t = 0; t < trips; ++t) {
#pragma GCC unroll 32
    for (int j = 0; j < Chains; ++j) acc[j] = _mm512_fmadd_ph(acc[j], one, one);
  }
  // Widened to FP32 and summed in registers (the segments are short, 2^10 trips,
  // so the restart is kept to a few instructions per chain): every lane is below
  // 2^11, so the 16 FP32 sums stay below 2^16, exact.
  __m512 total = widened_pair_sum(acc[0]);
#pragma GCC unroll 32
  for (int j = 1; j < Chains; ++j) total = _mm512_add_ps(total, widened_pair_sum(acc[j]));
  alignas(64) float lane[16];
  _mm512_store_ps(lane, total);
  double sum = 0;
  for (float e : lane) sum += e;
  return sum;
}

constexpr auto kernels = detail::rows_for<detail::fp16_zmm_chains>([]<detail::Chains C>() {
  constexpr detail::Shape shape{Precision::fp16, PeakOp::fma, PeakIsa::avx512_fp16, 512, lanes, C.main};
  return detail::make_kernel<shape, &detail::run_in_exact_segments<Precision::fp16, &fp16_segment<C.main>>>();
});

}  // namespace

std::span<const PeakKernel> detail::fp16_avx512_kernels() { return kernels; }

}  // namespace suanli::kernels::peak
