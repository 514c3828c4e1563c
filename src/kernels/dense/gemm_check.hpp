// How a GEMM answer is checked: entries of C recomputed in higher precision against a rounding-error
// bound (docs/gemm.md).
//
// Any order of summing k products in a format with unit roundoff u gives (Higham, Accuracy and
// Stability of Numerical Algorithms, §3.1)
//     |C_ij − exact_ij| ≤ γ_k · Σ_l |a_il · b_lj|,   γ_k = k·u / (1 − k·u) ≈ k·u,
// whatever blocking, FMA or vector order the library uses. The error ratio of an entry is
//     |C_ij − ref_ij| / (k·u · Σ_l |a_il · b_lj| + floor),   floor = k · (smallest normal of the accumulator)
// where ref is the sum recomputed in higher precision (long double for FP64; double for FP32, BF16
// and FP16, whose products are exact in double), and the floor covers products the kernels flush to
// zero as denormals (and a row of zeros, whose Σ is 0). A check passes when the largest ratio ≤ 1.
// INT8 accumulates exactly in s32: its bound is half a unit (γ = 0, floor = ½), so any error fails.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/precision.hpp"

namespace suanli::kernels::dense {

struct GemmCheck {
  bool passed = false;
  double max_error_ratio = 0;  // largest |C_ij − ref| / bound over the sampled entries (∞ for NaN)
  std::size_t samples = 0;     // entries compared
  std::size_t worst_i = 0, worst_j = 0;  // where the largest ratio is
};

struct GemmErrorBound {
  double gamma = 0;  // k·u: multiplies Σ|a·b|
  double floor = 0;  // absolute: k · smallest normal; ½ for INT8
};
// u: 2^-53 for FP64; 2^-24 for FP32 and for BF16/FP16, which accumulate in FP32.
GemmErrorBound gemm_error_bound(Precision precision, std::size_t k);

// |computed − reference| / (gamma·abs_product_sum + floor); +∞ when that is not a number.
double gemm_error_ratio(long double computed, long double reference, long double abs_product_sum,
                        const GemmErrorBound& bound);

struct GemmEntry {
  std::size_t i = 0, j = 0;
};
// The entries verify() compares: every entry when samples ≥ m·n (row by row); otherwise the four
// corners and the centre (each once), then entries drawn from seed, samples in all.
std::vector<GemmEntry> gemm_sample_entries(std::size_t m, std::size_t n, std::size_t samples, std::uint64_t seed);

class GemmMatrices;
// Recomputes each entry from the matrices' A and B and compares with their C.
GemmCheck check_gemm_entries(const GemmMatrices& matrices, std::span<const GemmEntry> entries);

}  // namespace suanli::kernels::dense
