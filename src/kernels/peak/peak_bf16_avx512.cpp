// BF16 dot products on zmm: vdpbf16ps (AVX512_BF16) adds 2 BF16 products into
// each of 16 FP32 lanes, 64 FLOP per instruction. Compiled for any x86-64
// through target attributes; dispatch calls it only when the CPU has AVX512_BF16.
#include <immintrin.h>

#include "kernels/peak/peak_table.hpp"

namespace suanli::kernels::peak {

namespace {

constexpr int lanes = 16;  // FP32 accumulators per zmm

// Lanes first, first + 1, …, first + 15 (FP32, exact below 2^24).
[[gnu::target("avx512bf16,avx512f")]] __m512 start(double first) {
  return _mm512_add_ps(_mm512_set1_ps(static_cast<float>(first)),
                       _mm512_set_ps(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
}

// Every BF16 element of `value` (exact in BF16), hidden from the compiler.
[[gnu::target("avx512bf16,avx512f")]] __m512bh opaque_bf16(float value) {
  __m512bh v = _mm512_cvtne2ps_pbh(_mm512_set1_ps(value), _mm512_set1_ps(value));
  asm("" : "+v"(v));
  return v;
}

// In double: 16 lanes near 2^21 would leave FP32's exact range.
[[gnu::target("avx512bf16,avx512f")]] double lane_sum(__m512 x) {
  alignas(64) float v[lanes];
  _mm512_store_ps(v, x);
  double sum = 0;
  for (float e : v) sum += e;
  return sum;
}

// One exact segment: each lane gains 1·0.5 + 1·0.5 = 1 per vdpbf16ps, a sum of
// two products exact in FP32, so the lanes count as the FMA chains do.
template <int Chains>
[[gnu::target("avx512bf16,avx512f"), gnu::noinline]] double bf16_segment(std::uint64_t trips, double seed) {
  __m512 acc[Chains];
#pragma GCC unroll 32
  for (int j = 0; j < Chains; ++j) acc[j] = start(seed + j * lanes);
  const __m512bh one = opaque_bf16(1.0f);
  const __m512bh half = opaque_bf16(0.5f);
  for (std::uint64_t t = 0; t < trips; ++t) {
#pragma GCC unroll 32
    for (int j = 0; j < Chains; ++j) acc[j] = _mm512_dpbf16_ps(acc[j], one, half);
  }
  double sum = 0;
#pragma GCC unroll 32
  for (int j = 0; j < Chains; ++j) sum += lane_sum(acc[j]);
  return sum;
}

constexpr auto kernels = detail::rows_for<detail::bf16_zmm_chains>([]<detail::Chains C>() {
  constexpr detail::Shape shape{Precision::bf16, PeakOp::dot_bf16, PeakIsa::avx512_bf16, 512, lanes, C.main};
  return detail::make_kernel<shape, &detail::run_in_exact_segments<Precision::bf16, &bf16_segment<C.main>>>();
});

}  // namespace

std::span<const PeakKernel> detail::bf16_avx512_kernels() { return kernels; }

}  // namespace suanli::kernels::peak
