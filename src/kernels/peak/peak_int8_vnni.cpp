// INT8 dot products: vpdpbusd adds 4 u8·s8 products into each INT32 lane.
// zmm (AVX512_VNNI): 16 lanes, 128 OP per instruction; ymm (AVX-VNNI, the VEX
// form on cores with AVX-VNNI but not AVX512_VNNI): 8 lanes, 64 OP. Compiled for
// any x86-64 through target attributes; dispatch checks the CPU first.
#include <immintrin.h>

#include "kernels/peak/peak_table.hpp"

namespace suanli::kernels::peak {

namespace {

// Per INT32 lane: u8 {1, 1, 1, 1} · s8 {1, 1, 1, −2} = 1, every product nonzero.
constexpr int unsigned_bytes = 0x01010101;
constexpr int signed_bytes = static_cast<int>(0xFE010101u);

struct Zmm {
  using Vec = __m512i;
  static constexpr PeakIsa isa = PeakIsa::avx512_vnni;
  static constexpr int bits = 512;
  static constexpr int lanes = 16;

  // Lanes first, first + 1, …, first + 15.
  [[gnu::target("avx512vnni,avx512f")]] static Vec start(double first) {
    return _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(first)),
                            _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
  }
  // Every INT32 lane of `bytes`, hidden from the compiler.
  [[gnu::target("avx512vnni,avx512f")]] static Vec opaque(int bytes) {
    Vec v = _mm512_set1_epi32(bytes);
    asm("" : "+v"(v));
    return v;
  }
  [[gnu::target("avx512vnni,avx512f")]] static Vec dot(Vec acc, Vec u, Vec s) {
    return _mm512_dpbusd_epi32(acc, u, s);
  }
  [[gnu::target("avx512vnni,avx512f")]] static double lane_sum(Vec x) {
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
  static constexpr PeakIsa isa = PeakIsa::avx_vnni;
  static constexpr int bits = 256;
  static constexpr int lanes = 8;

  [[gnu::target("avxvnni,avx2")]] static Vec start(double first) {
    return _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(first)), _mm256_set_epi32(7, 6, 5, 4, 3, 2, 1, 0));
  }
  [[gnu::target("avxvnni,avx2")]] static Vec opaque(int bytes) {
    Vec v = _mm256_set1_epi32(bytes);
    asm("" : "+x"(v));
    return v;
  }
  [[gnu::target("avxvnni,avx2")]] static Vec dot(Vec acc, Vec u, Vec s) { return _mm256_dpbusd_avx_epi32(acc, u, s); }
  [[gnu::target("avxvnni,avx2")]] static double lane_sum(Vec x) {
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
[[gnu::target("avx512vnni,avx512f"), gnu::noinline]] double zmm_segment(std::uint64_t trips, double seed) {
  typename Ops::Vec acc[Chains];
#pragma GCC unroll 32
  for (int j = 0; j < Chains; ++j) acc[j] = Ops::start(seed + j * Ops::lanes);
  const typename Ops::Vec u = Ops::opaque(unsigned_bytes);
  const typename Ops::Vec s = Ops::opaque(signed_bytes);
  for (std::uint64_t t = 0; t < trips; ++t) {
#pragma GCC unroll 32
    for (int j = 0; j < Chains; ++j) acc[j] = Ops::dot(acc[j], u, s);
  }
  double sum = 0;
#pragma GCC unroll 32
  for (int j = 0; j < Chains; ++j) sum += Ops::lane_sum(acc[j]);
  return sum;
}

template <class Ops, int Chains>
[[gnu::target("avxvnni,avx2"), gnu::noinline]] double ymm_segment(std::uint64_t trips, double seed) {
  typename Ops::Vec acc[Chains];
#pragma GCC unroll 32
  for (int j = 0; j < Chains; ++j) acc[j] = Ops::start(seed + j * Ops::lanes);
  const typename Ops::Vec u = Ops::opaque(unsigned_bytes);
  const typename Ops::Vec s = Ops::opaque(signed_bytes);
  for (std::uint64_t t = 0; t < trips; ++t) {
#pragma GCC unroll 32
    for (int j = 0; j < Chains; ++j) acc[j] = Ops::dot(acc[j], u, s);
  }
  double sum = 0;
#pragma GCC unroll 32
  for (int j = 0; j < Chains; ++j) sum += Ops::lane_sum(acc[j]);
  return sum;
}

constexpr auto zmm_kernels = detail::rows_for<detail::int8_zmm_chains>([]<detail::Chains C>() {
  constexpr detail::Shape shape{Precision::int8, PeakOp::dot_int8, Zmm::isa, Zmm::bits, Zmm::lanes, C.main};
  return detail::make_kernel<shape, &detail::run_in_exact_segments<Precision::int8, &zmm_segment<Zmm, C.main>>>();
});
constexpr auto ymm_kernels = detail::rows_for<detail::int8_ymm_chains>([]<detail::Chains C>() {
  constexpr detail::Shape shape{Precision::int8, PeakOp::dot_int8, Ymm::isa, Ymm::bits, Ymm::lanes, C.main};
  return detail::make_kernel<shape, &detail::run_in_exact_segments<Precision::int8, &ymm_segment<Ymm, C.main>>>();
});
constexpr auto kernels = detail::concat(zmm_kernels, ymm_kernels);

}  // namespace

std::span<const PeakKernel> detail::int8_vnni_kernels() { return kernels; }

}  // namespace suanli::kernels::peak
