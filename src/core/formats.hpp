// The numeric formats compute power is measured in, and an exact software codec for each.
//
// The codec is the reference every hardware or library conversion is checked against, so it is
// written once, driven only by the descriptor (sign/exponent/mantissa widths, bias, how NaN and
// overflow are handled), with exact integer arithmetic and no hardware conversion instructions.
// Sources and the choices made where the specifications leave room: docs/formats.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace suanli {

// What a value too large for the format becomes.
enum class OverflowRule {
  to_infinity,        // IEEE round to nearest: at or above max + half an ulp becomes ±Inf
  saturate_to_max,    // clamps to ±max finite (formats without Inf: FP8 E4M3, FP6, FP4)
  saturate_to_range,  // integers: clamps to [-2^(n-1), 2^(n-1) - 1]
};

// Which bit patterns are NaN.
enum class NanEncoding {
  none,              // no NaN (FP6, FP4, integers)
  exponent_all_ones, // IEEE: exponent all ones and mantissa non-zero (many payloads)
  all_ones,          // OCP FP8 E4M3: only S.1111.111 (exponent and mantissa all ones)
};

// How a bit pattern is classified when decoded.
enum class ValueClass { zero, subnormal, normal, infinity, nan, integer };

struct NumericFormat {
  std::string key;    // "fp8_e4m3": used in options and JSON
  std::string label;  // "FP8 E4M3": used in tables
  int total_bits = 0;     // TF32 is 19 (1 + 8 + 10), stored right-aligned
  int sign_bits = 1;
  int exponent_bits = 0;  // 0 for integers
  int mantissa_bits = 0;  // stored fraction bits; for integers the value bits below the sign
  int bias = 0;           // 2^(exponent_bits - 1) - 1 for every float here; 0 for integers
  bool has_infinity = false;
  NanEncoding nan_encoding = NanEncoding::none;
  OverflowRule overflow = OverflowRule::saturate_to_max;
  bool is_integer = false;
  double max_finite = 0;     // largest finite value (integers: 2^(n-1) - 1)
  double lowest = 0;         // most negative finite value (-max_finite; integers: -2^(n-1))
  double min_normal = 0;     // 2^(1 - bias); integers: 1
  double min_subnormal = 0;  // 2^(1 - bias - mantissa_bits); integers: 1
  double epsilon = 0;        // 2^-mantissa_bits, the gap above 1; integers: 1
  std::uint64_t max_finite_bits = 0;  // the encoding of +max_finite

  bool has_nan() const { return nan_encoding != NanEncoding::none; }
};

// FP64, FP32, TF32, BF16, FP16, FP8 E4M3, FP8 E5M2, FP6 E3M2, FP6 E2M3, FP4 E2M1, INT32, INT8, INT4:
// from the widest float to the narrowest, then the integers.
const std::vector<NumericFormat>& all_formats();

// Finds a format by key, case-insensitively; spaces and '-' count as '_' (so the label "FP8 E4M3"
// works too). Aliases: double, float, single, half, bfloat16, fp8 and e4m3 (FP8 E4M3), e5m2,
// e3m2, e2m3, fp4 and e2m1. "fp6" is ambiguous and not an alias. Returns nullptr when unknown.
const NumericFormat* find_format(std::string_view key);

// Rounds value to the nearest value of the format, ties to even, and returns its bit pattern
// (right-aligned; integers in two's complement within total_bits).
// - Subnormals are kept (no flush to zero); ±0 keep their sign (integers have one zero).
// - Overflow follows format.overflow; ±Inf inputs become ±Inf or the saturated value likewise.
// - NaN becomes the format's NaN with the input's sign. IEEE-like formats keep the top payload
//   bits and set the quiet bit (as x86 F16C and AVX512_BF16 do); FP8 E4M3 has one NaN per sign.
// - Formats without NaN (FP6, FP4, integers) throw std::domain_error for a NaN input: there is no
//   pattern that means "not a number", and any number chosen would pass silently as data.
// - FP64 is the identity on bits (NaN payloads included).
std::uint64_t encode(const NumericFormat& format, double value);

// The exact value of a bit pattern (every value of these formats is a double). NaN patterns decode
// to a quiet double NaN carrying the sign and payload. Throws std::invalid_argument when bits are
// set above total_bits.
double decode(const NumericFormat& format, std::uint64_t bits);

// decode(encode(value)): the value the format stores for value.
double round_to_format(const NumericFormat& format, double value);

// Classifies a bit pattern; throws std::invalid_argument like decode.
ValueClass classify(const NumericFormat& format, std::uint64_t bits);

// The fields of a bit pattern. The exponent is unbiased (a subnormal's is the minimum normal
// exponent 1 - bias, the scale its mantissa is read at); 0 for integers.
struct BitFields {
  bool negative = false;
  std::uint64_t exponent_field = 0;  // as stored
  std::uint64_t mantissa_field = 0;  // as stored (integers: the bits below the sign)
  int unbiased_exponent = 0;
};
BitFields split_fields(const NumericFormat& format, std::uint64_t bits);

// The bits grouped sign|exponent|mantissa, most significant first: "0|10000000|1001001" for BF16
// 3.140625; integers show sign|value bits ("1|1111111" for INT8 -1).
std::string split_bits(const NumericFormat& format, std::uint64_t bits);

// Mask of the total_bits low bits.
std::uint64_t format_mask(const NumericFormat& format);

std::string_view overflow_rule_name(OverflowRule rule);  // "to_infinity", …
std::string_view nan_encoding_name(NanEncoding encoding);  // "exponent_all_ones", …
std::string_view value_class_name(ValueClass value_class);  // "subnormal", …

}  // namespace suanli
