// How far a block's output in a lower precision is from its FP32 output, and
// how far it may be. Errors are taken relative to the root mean square of the
// FP32 output (the size of a typical activation), not entry by entry: an entry
// near zero has no relative precision in any format.
#pragma once

#include <vector>

#include "core/precision.hpp"

namespace suanli::kernels::transformer {

struct PrecisionError {
  double max = 0;   // max_i |actual_i − expected_i| / rms(expected)
  double mean = 0;  // mean_i of the same
};

// Infinite when a value is not finite or the sizes differ.
PrecisionError compare_outputs(const std::vector<float>& actual, const std::vector<float>& expected);

struct PrecisionTolerance {
  double max = 0, mean = 0;
};

// The FP32 block against the double-precision reference: FP32's unit roundoff
// 2⁻²⁴ ≈ 6e-8 grown by GEMMs of up to 11008 terms and the softmax stays far
// below 1e-4 (measured: ~1e-6).
constexpr double fp32_tolerance = 1e-4;

// BF16 and INT8 against FP32, from the formats' resolution r — BF16's unit
// roundoff 2⁻⁸, INT8's half step 1/254 of the largest value — and the block's
// structure: each of the four linear layers rounds its inputs and weights
// (2r relative each), attention and the FFN add their errors to the residual
// stream. Mean: 4r; max over all entries (millions of them, tails of the
// rounding): 32r. docs/transformer.md gives the measured errors.
PrecisionTolerance tolerance_versus_fp32(Precision precision);

}  // namespace suanli::kernels::transformer
