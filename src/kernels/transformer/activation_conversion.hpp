// FP32 activations into the types the BF16 and INT8 linear layers multiply in,
// once per call of a layer: part of the layer's time, so vectorised in the
// widest ISA this CPU has (AVX-512, AVX2 or SSE, chosen at run time from cpuid).
// SSE-only code spent a third of an INT8 FFN layer's time here.
#pragma once

#include <cstddef>
#include <cstdint>

namespace suanli::kernels::transformer {

// FP32 → BF16, round to nearest even (a NaN stays a NaN: its quiet bit is set before truncating).
inline std::uint16_t to_bf16(float v) {
  const auto bits = __builtin_bit_cast(std::uint32_t, v);
  if ((bits & 0x7fffffffu) > 0x7f800000u) return static_cast<std::uint16_t>((bits >> 16) | 0x40u);
  return static_cast<std::uint16_t>((bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16);
}

// Round to nearest even for |v| < 2^22 without a libm call, so that loops vectorise: adding
// 1.5·2^23 leaves no fraction bits, and the sum is rounded in the current (nearest-even) mode.
inline float round_small(float v) {
  constexpr float magic = 0x1.8p23f;
  return (v + magic) - magic;
}

// round(v / s) in [-127, 127], given 1/s. |v/s| ≤ 127·(1 + 2⁻²³) when s = max|v|/127:
// the clamp only guards that last ulp.
inline std::int8_t quantise(float v, float inverse_scale) {
  const float r = round_small(v * inverse_scale);
  return static_cast<std::int8_t>(r < -127.0f ? -127.0f : (r > 127.0f ? 127.0f : r));
}

// max |x[i]| (0 for n = 0). OpenMP-parallel.
float max_magnitude(std::size_t n, const float* x);
// q[i] = quantise(x[i], inverse_scale). OpenMP-parallel.
void quantise_all(std::size_t n, const float* x, float inverse_scale, std::int8_t* q);
// h[i] = to_bf16(x[i]). OpenMP-parallel.
void convert_to_bf16(std::size_t n, const float* x, std::uint16_t* h);

}  // namespace suanli::kernels::transformer
