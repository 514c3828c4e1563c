// The portable kernels: plain C++ with the same chains, the same per-lane
// arithmetic and the same checksum as the vector kernels. Each vector kernel has
// a twin here with its lanes and chains (the test oracle, STYLE.md 7), and FP64,
// FP32 and INT32 have one-lane kernels that dispatch falls back to on CPUs
// without AVX2. Slow by design: the twins check arithmetic, not speed.
#include <array>
#include <cmath>
#include <cstring>

#include "kernels/peak/peak_table.hpp"

namespace suanli::kernels::peak {

namespace {

// A family: the accumulator type, the constants its instruction reads (loaded
// through volatile, so the compiler cannot fold them), the step of a main chain,
// and, for fma_add, the step of an ADD chain. Every step adds exactly 1.
template <class T>
struct FloatFma {
  static constexpr Precision precision = sizeof(T) == 8 ? Precision::fp64 : Precision::fp32;
  using Acc = T;
  struct Inputs {
    T one;
  };
  static Inputs hidden() {
    volatile T one = 1;
    return {one};
  }
  static Acc step(Acc x, const Inputs& in) { return std::fma(x, in.one, in.one); }
  static Acc add_step(Acc x, const Inputs& in) { return x + in.one; }
};

// vfmadd231ph: the product of two FP16 values and the sum are exact in double
// (22 significant bits, exponents within FP16's range), so one rounding to FP16
// gives the fused result.
struct Fp16Fma {
  static constexpr Precision precision = Precision::fp16;
  using Acc = _Float16;
  struct Inputs {
    _Float16 one;
  };
  static Inputs hidden() {
    volatile _Float16 one = 1;
    return {one};
  }
  static Acc step(Acc x, const Inputs& in) {
    return static_cast<_Float16>(std::fma(static_cast<double>(x), static_cast<double>(in.one), static_cast<double>(in.one)));
  }
  static Acc add_step(Acc x, const Inputs&) { return x; }  // no fma_add kernel in FP16
};

// vdpbf16ps per FP32 lane (Intel SDM): acc += a[1]·b[1], then acc += a[0]·b[0],
// each product exact in FP32 and each sum rounded to FP32. a = 1.0, b = 0.5.
struct Bf16Dot {
  static constexpr Precision precision = Precision::bf16;
  using Acc = float;
  struct Inputs {
    float a[2], b[2];  // BF16 values, widened (BF16 is FP32's upper half)
  };
  static float from_bf16(std::uint16_t bits) {
    const std::uint32_t wide = std::uint32_t{bits} << 16;
    float f;
    std::memcpy(&f, &wide, sizeof f);
    return f;
  }
  static Inputs hidden() {
    volatile std::uint16_t one = 0x3F80, half = 0x3F00;  // BF16 1.0 and 0.5
    return {{from_bf16(one), from_bf16(one)}, {from_bf16(half), from_bf16(half)}};
  }
  static Acc step(Acc x, const Inputs& in) {
    x = x + in.a[1] * in.b[1];
    return x + in.a[0] * in.b[0];
  }
  static Acc add_step(Acc x, const Inputs&) { return x; }
};

// vpdpbusd per INT32 lane: acc += sum of 4 u8·s8 products, wrapping.
// u8 {1, 1, 1, 1} · s8 {1, 1, 1, −2} = 1.
struct Int8Dot {
  static constexpr Precision precision = Precision::int8;
  using Acc = std::int32_t;
  struct Inputs {
    std::uint8_t u[4];
    std::int8_t s[4];
  };
  static Inputs hidden() {
    volatile std::int8_t last = -2;
    volatile std::uint8_t one = 1;
    return {{one, one, one, one}, {1, 1, 1, last}};
  }
  static Acc step(Acc x, const Inputs& in) {
    std::uint32_t sum = static_cast<std::uint32_t>(x);
    for (int k = 0; k < 4; ++k) sum += static_cast<std::uint32_t>(in.u[k] * in.s[k]);
    return static_cast<Acc>(sum);
  }
  static Acc add_step(Acc x, const Inputs&) { return x; }
};

// vpmulld then vpaddd: x = x·m + a in wrapping 32-bit arithmetic, m = a = 1.
struct Int32MulAdd {
  static constexpr Precision precision = Precision::int32;
  using Acc = std::int32_t;
  struct Inputs {
    std::uint32_t m, a;
  };
  static Inputs hidden() {
    volatile std::uint32_t one = 1;
    return {one, one};
  }
  static Acc step(Acc x, const Inputs& in) { return static_cast<Acc>(static_cast<std::uint32_t>(x) * in.m + in.a); }
  static Acc add_step(Acc x, const Inputs&) { return x; }
};

// One exact segment: lane l of chain j starts at seed + (j·Lanes + l); chains
// below Chains take the family's step, the Add chains after them the ADD step.
template <class F, int Lanes, int Chains, int Add>
double reference_segment(std::uint64_t trips, double seed) {
  using Acc = typename F::Acc;
  std::array<std::array<Acc, Lanes>, Chains + Add> acc;
  for (int j = 0; j < Chains + Add; ++j)
    for (int l = 0; l < Lanes; ++l) acc[j][l] = static_cast<Acc>(seed + (j * Lanes + l));
  const typename F::Inputs in = F::hidden();
  for (std::uint64_t t = 0; t < trips; ++t) {
    for (int j = 0; j < Chains; ++j)
      for (Acc& x : acc[j]) x = F::step(x, in);
    for (int j = Chains; j < Chains + Add; ++j)
      for (Acc& x : acc[j]) x = F::add_step(x, in);
  }
  double sum = 0;
  for (const auto& chain : acc)
    for (Acc x : chain) sum += static_cast<double>(x);
  return sum;
}

template <class F, PeakOp Op, PeakIsa Isa, int Bits, int Lanes, const auto& List>
constexpr auto portable_rows() {
  return detail::rows_for<List>([]<detail::Chains C>() {
    constexpr detail::Shape shape{F::precision, Op, Isa, Bits, Lanes, C.main, C.add};
    return detail::make_kernel<shape,
                               &detail::run_in_exact_segments<F::precision, &reference_segment<F, Lanes, C.main, C.add>>>();
  });
}

template <class F, PeakOp Op, int Bits, int Lanes, const auto& List>
constexpr auto twins() {
  return portable_rows<F, Op, PeakIsa::reference, Bits, Lanes, List>();
}

using detail::Chains;
using Fp64 = FloatFma<double>;
using Fp32 = FloatFma<float>;

// The fallback: one lane. vector_bits is the element's width.
constexpr auto fallback = detail::concat(
    portable_rows<Fp64, PeakOp::fma, PeakIsa::scalar, 64, 1, detail::scalar_chains>(),
    portable_rows<Fp32, PeakOp::fma, PeakIsa::scalar, 32, 1, detail::scalar_chains>(),
    portable_rows<Int32MulAdd, PeakOp::mul_add_int32, PeakIsa::scalar, 32, 1, detail::scalar_chains>());

// One twin per vector kernel, table by table.
constexpr auto all_twins = detail::concat(
    // peak_fp_avx512.cpp
    twins<Fp64, PeakOp::fma, 512, 8, detail::fma_zmm_chains>(), twins<Fp32, PeakOp::fma, 512, 16, detail::fma_zmm_chains>(),
    twins<Fp64, PeakOp::fma_add, 512, 8, detail::fma_add_zmm_chains>(),
    twins<Fp32, PeakOp::fma_add, 512, 16, detail::fma_add_zmm_chains>(),
    // peak_fp_avx2.cpp
    twins<Fp64, PeakOp::fma, 256, 4, detail::fma_ymm_chains>(), twins<Fp32, PeakOp::fma, 256, 8, detail::fma_ymm_chains>(),
    twins<Fp64, PeakOp::fma_add, 256, 4, detail::fma_add_ymm_chains>(),
    twins<Fp32, PeakOp::fma_add, 256, 8, detail::fma_add_ymm_chains>(),
    // peak_bf16_avx512.cpp, peak_fp16_avx512.cpp
    twins<Bf16Dot, PeakOp::dot_bf16, 512, 16, detail::bf16_zmm_chains>(),
    twins<Fp16Fma, PeakOp::fma, 512, 32, detail::fp16_zmm_chains>(),
    // peak_int8_vnni.cpp
    twins<Int8Dot, PeakOp::dot_int8, 512, 16, detail::int8_zmm_chains>(),
    twins<Int8Dot, PeakOp::dot_int8, 256, 8, detail::int8_ymm_chains>(),
    // peak_int32.cpp
    twins<Int32MulAdd, PeakOp::mul_add_int32, 512, 16, detail::int32_zmm_chains>(),
    twins<Int32MulAdd, PeakOp::mul_add_int32, 256, 8, detail::int32_ymm_chains>());

}  // namespace

std::span<const PeakKernel> detail::scalar_kernels() { return fallback; }
std::span<const PeakKernel> detail::reference_kernels() { return all_twins; }

}  // namespace suanli::kernels::peak
