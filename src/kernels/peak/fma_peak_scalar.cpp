// The portable reference: the same chains and the same x = x·1 + 1 in plain
// C++ with std::fma. It is the test oracle of every vector kernel (a twin with
// the same lanes and chains) and, with one lane, the fallback on CPUs without
// AVX2. Slow by design: without -mfma std::fma is a library call.
#include <array>
#include <cmath>
#include <type_traits>

#include "kernels/peak/fma_peak.hpp"

namespace suanli::kernels::peak {

namespace {

template <class T>
constexpr Precision precision_of = std::is_same_v<T, double> ? Precision::fp64 : Precision::fp32;

// One exact segment: lane l of chain j starts at seed + (j·Lanes + l).
template <class T, int Lanes, int Chains>
double reference_segment(std::uint64_t trips, double seed) {
  std::array<std::array<T, Lanes>, Chains> acc;
  for (int j = 0; j < Chains; ++j)
    for (int l = 0; l < Lanes; ++l) acc[j][l] = static_cast<T>(seed + (j * Lanes + l));
  // A 1 the compiler cannot see, so no FMA is folded into an add.
  volatile T hidden_one = 1;
  const T one = hidden_one;
  for (std::uint64_t t = 0; t < trips; ++t)
    for (auto& chain : acc)
      for (T& x : chain) x = std::fma(x, one, one);
  double sum = 0;
  for (const auto& chain : acc)
    for (T x : chain) sum += x;
  return sum;
}

template <class T, int Lanes, int Chains>
constexpr FmaKernel reference_kernel(std::string_view name) {
  return {name, FmaIsa::scalar, precision_of<T>, Lanes, Chains,
          &detail::run_in_exact_segments<&reference_segment<T, Lanes, Chains>>};
}

// The fallback: one lane, chain counts as in supported_chains(FmaIsa::scalar).
constexpr std::array scalar_kernels = {
    reference_kernel<double, 1, 8>("scalar-fp64-1x8"),   reference_kernel<double, 1, 10>("scalar-fp64-1x10"),
    reference_kernel<double, 1, 12>("scalar-fp64-1x12"), reference_kernel<double, 1, 16>("scalar-fp64-1x16"),
    reference_kernel<float, 1, 8>("scalar-fp32-1x8"),    reference_kernel<float, 1, 10>("scalar-fp32-1x10"),
    reference_kernel<float, 1, 12>("scalar-fp32-1x12"),  reference_kernel<float, 1, 16>("scalar-fp32-1x16"),
};

// One twin per vector kernel in fma_peak_avx512.cpp and fma_peak_avx2.cpp.
constexpr std::array twins = {
    // AVX-512: 8 doubles, 16 floats; chains 8, 10, 12, 16.
    reference_kernel<double, 8, 8>("reference-fp64-8x8"),
    reference_kernel<double, 8, 10>("reference-fp64-8x10"),
    reference_kernel<double, 8, 12>("reference-fp64-8x12"),
    reference_kernel<double, 8, 16>("reference-fp64-8x16"),
    reference_kernel<float, 16, 8>("reference-fp32-16x8"),
    reference_kernel<float, 16, 10>("reference-fp32-16x10"),
    reference_kernel<float, 16, 12>("reference-fp32-16x12"),
    reference_kernel<float, 16, 16>("reference-fp32-16x16"),
    // AVX2: 4 doubles, 8 floats; chains 8, 10, 12, 14.
    reference_kernel<double, 4, 8>("reference-fp64-4x8"),
    reference_kernel<double, 4, 10>("reference-fp64-4x10"),
    reference_kernel<double, 4, 12>("reference-fp64-4x12"),
    reference_kernel<double, 4, 14>("reference-fp64-4x14"),
    reference_kernel<float, 8, 8>("reference-fp32-8x8"),
    reference_kernel<float, 8, 10>("reference-fp32-8x10"),
    reference_kernel<float, 8, 12>("reference-fp32-8x12"),
    reference_kernel<float, 8, 14>("reference-fp32-8x14"),
};

}  // namespace

std::span<const FmaKernel> detail::scalar_fma_kernels() { return scalar_kernels; }
std::span<const FmaKernel> detail::reference_fma_kernels() { return twins; }

}  // namespace suanli::kernels::peak
