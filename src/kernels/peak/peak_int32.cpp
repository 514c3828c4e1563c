// INT32 multiply-add throughput: x = x·1 + 1 as vpmulld then vpaddd, 2 OP per
// lane. zmm (AVX-512F) 16 lanes, ymm (AVX2) 8 lanes. The chain runs through both
// instructions, so it is vpmulld's latency + 1 long (4 cycles on Zen, 11 on
// Intel): chains_for sizes the chain count from that. Compiled for any x86-64
// through target attributes; dispatch checks the CPU first.
#include <immintrin.h>

#include "kernels/peak/peak_table.hpp"

namespace suanli::kernels::peak {

namespace {

struct Zmm {
  using Vec = __m512i;
  static constexpr PeakIsa isa = PeakIsa::avx512;
  static constexpr int bits = 512;
  static constexpr int lanes = 16;

  // Lanes first, first + 1, …, first + 15.
  [[gnu::target("avx512f")]] static Vec start(double first) {
    return _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(first)),
                            _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
  }
  // 1 that the compiler cannot see, so x·1 + 1 stays a multiply and an add.
  [[gnu::target("avx512f")]] static Vec opaque_one() {
    Vec one = _mm512_set1_epi32(1);
    asm volatile("" : "+v"(one));  // volatile: two calls, two values
    return one;
  }
  [[gnu::target("avx512f")]] static Vec mul_add(Vec x, Vec m, Vec a) {
    return _mm512_add_epi32(_mm512_mullo_epi32(x, m), a);
  }
  [[gnu::target("avx512f")]] static double lane_sum(Vec x) {
    alignas(64) std::int32_t v[lanes];
    _mm512_store_si512(v, x);
    double sum = 0;
    for (std::int32_t e : v) sum += e;
    return sum;
  }
};

// 16 ymm registers: at most 14 chains besides the two constants.
struct Ymm {
  using Vec = __m256i;
  static constexpr PeakIsa isa = PeakIsa::avx2;
  static constexpr int bits = 256;
  static constexpr int lanes = 8;

  [[gnu::target("avx2")]] static Vec start(double first) {
    return _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(first)), _mm256_set_epi32(7, 6, 5, 4, 3, 2, 1, 0));
  }
  [[gnu::target("avx2")]] static Vec opaque_one() {
    Vec one = _mm256_set1_epi32(1);
    asm volatile("" : "+x"(one));
    return one;
  }
  [[gnu::target("avx2")]] static Vec mul_add(Vec x, Vec m, Vec a) {
    return _mm256_add_epi32(_mm256_mullo_epi32(x, m), a);
  }
  [[gnu::target("avx2")]] static double lane_sum(Vec x) {
    alignas(32) std::int32_t v[lanes];
    _mm256_store_si256(reinterpret_cast<__m256i*>(v), x);
    double sum = 0;
    for (std::int32_t e : v) sum += e;
    return sum;
  }
};

// One exact segment: every lane gains 1 per trip; INT32 holds seed + index + trips
// (< 2^22) without wrapping. The two copies differ only in their target.
template <class Ops, int Chains>
[[gnu::target("avx512f"), gnu::noinline]] double zmm_segment(std::uint64_t trips, double seed) {
  typename Ops::Vec acc[Chains];
#pragma GCC unroll 32
  for (int j = 0; j < Chains; ++j) acc[j] = Ops::start(seed + j * Ops::lanes);
  // Two separately hidden 1s: with one, GCC factors x·1 + 1 into (x + 1)·1, the
  // same two instructions but no longer the multiply-add the OP count names.
  const typename Ops::Vec m = Ops::opaque_one();
  const typename Ops::Vec a = Ops::opaque_one();
  for (std::uint64_t t = 0; t < trips; ++t) {
#pragma GCC unroll 32
    for (int j = 0; j < Chains; ++j) acc[j] = Ops::mul_add(acc[j], m, a);
  }
  double sum = 0;
#pragma GCC unroll 32
  for (int j = 0; j < Chains; ++j) sum += Ops::lane_sum(acc[j]);
  return sum;
}

template <class Ops, int Chains>
[[gnu::target("avx2"), gnu::noinline]] double ymm_segment(std::uint64_t trips, double seed) {
  typename Ops::Vec acc[Chains];
#pragma GCC unroll 32
  for (int j = 0; j < Chains; ++j) acc[j] = Ops::start(seed + j * Ops::lanes);
  // Two separately hidden 1s: with one, GCC factors x·1 + 1 into (x + 1)·1, the
  // same two instructions but no longer the multiply-add the OP count names.
  const typename Ops::Vec m = Ops::opaque_one();
  const typename Ops::Vec a = Ops::opaque_one();
  for (std::uint64_t t = 0; t < trips; ++t) {
#pragma GCC unroll 32
    for (int j = 0; j < Chains; ++j) acc[j] = Ops::mul_add(acc[j], m, a);
  }
  double sum = 0;
#pragma GCC unroll 32
  for (int j = 0; j < Chains; ++j) sum += Ops::lane_sum(acc[j]);
  return sum;
}

constexpr auto zmm_kernels = detail::rows_for<detail::int32_zmm_chains>([]<detail::Chains C>() {
  constexpr detail::Shape shape{Precision::int32, PeakOp::mul_add_int32, Zmm::isa, Zmm::bits, Zmm::lanes, C.main};
  return detail::make_kernel<shape, &detail::run_in_exact_segments<Precision::int32, &zmm_segment<Zmm, C.main>>>();
});
constexpr auto ymm_kernels = detail::rows_for<detail::int32_ymm_chains>([]<detail::Chains C>() {
  constexpr detail::Shape shape{Precision::int32, PeakOp::mul_add_int32, Ymm::isa, Ymm::bits, Ymm::lanes, C.main};
  return detail::make_kernel<shape, &detail::run_in_exact_segments<Precision::int32, &ymm_segment<Ymm, C.main>>>();
});
constexpr auto kernels = detail::concat(zmm_kernels, ymm_kernels);

}  // namespace

std::span<const PeakKernel> detail::int32_kernels() { return kernels; }

}  // namespace suanli::kernels::peak
