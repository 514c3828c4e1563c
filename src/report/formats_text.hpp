// Plain-text views of the numeric formats for `suanli formats`: the table of every format, one
// value as each format stores it, and one bit pattern taken apart.
#pragma once

#include <cstdint>
#include <string>

#include "core/formats.hpp"

namespace suanli {

// One row per format: bits, s/e/m widths, bias, max finite, min normal, min subnormal, epsilon,
// whether it has Inf and NaN, and what overflow does. Powers of two are shown as 2^k = decimal.
std::string render_formats_table();

// value rounded to every format: the stored value, its bits grouped s|e|m, the hex pattern and the
// relative error (stored - value) / value. A NaN into a format without NaN shows "no NaN".
std::string render_value_in_formats(double value);

// A bit pattern of format taken apart: value, grouped bits, sign, unbiased exponent, significand
// and class (normal/subnormal/zero/inf/nan, or integer). Throws std::invalid_argument for bits
// wider than the format, like decode.
std::string render_decode(const NumericFormat& format, std::uint64_t bits);

}  // namespace suanli
