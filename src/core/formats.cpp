#include "core/formats.hpp"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

namespace suanli {
namespace {

constexpr std::uint64_t low_bits(int count) {
  return count >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << count) - 1;
}

// ---- binary64 view of the input -------------------------------------------------------------

constexpr int kDoubleFractionBits = 52;
constexpr std::uint64_t kDoubleQuietBit = std::uint64_t{1} << (kDoubleFractionBits - 1);

// |value| = significand * 2^exponent exactly, for a finite value.
struct ExactMagnitude {
  std::uint64_t significand = 0;  // < 2^53
  int exponent = 0;
};

ExactMagnitude exact_magnitude(double value) {
  const auto bits = std::bit_cast<std::uint64_t>(value);
  const int biased = static_cast<int>((bits >> kDoubleFractionBits) & 0x7FF);
  const std::uint64_t fraction = bits & low_bits(kDoubleFractionBits);
  if (biased == 0) return {fraction, -1074};  // binary64 subnormal
  return {fraction | (std::uint64_t{1} << kDoubleFractionBits), biased - 1075};
}

// floor(log2(|value|)) for a non-zero magnitude.
int floor_log2(const ExactMagnitude& magnitude) {
  return static_cast<int>(std::bit_width(magnitude.significand)) - 1 + magnitude.exponent;
}

// Results this large are out of range of every format here; callers clamp them.
constexpr std::uint64_t kHugeMultiple = std::uint64_t{1} << 62;

// round_half_to_even(|value| / 2^quantum_exponent), in exact integer arithmetic. This is the one
// rounding step of every encode: the quantum is the ulp of the target at the value's magnitude.
std::uint64_t round_to_multiple_of_power_of_two(const ExactMagnitude& magnitude,
                                                int quantum_exponent) {
  const int shift = quantum_exponent - magnitude.exponent;
  if (shift <= 0) {  // the quantum is finer than the input: nothing to round
    if (-shift > 9) return kHugeMultiple;  // significand < 2^53, so up to 2^62 fits
    return std::min(magnitude.significand << -shift, kHugeMultiple);
  }
  if (shift > 54) return 0;  // significand < 2^53 is below half a quantum: no tie possible
  const std::uint64_t truncated = magnitude.significand >> shift;
  const std::uint64_t remainder = magnitude.significand & low_bits(shift);
  const std::uint64_t half = std::uint64_t{1} << (shift - 1);
  const bool round_up = remainder > half || (remainder == half && (truncated & 1) != 0);
  return truncated + (round_up ? 1 : 0);
}

// ---- float formats --------------------------------------------------------------------------

std::uint64_t sign_bit(const NumericFormat& format) {
  return std::uint64_t{1} << (format.total_bits - 1);
}

int min_normal_exponent(const NumericFormat& format) { return 1 - format.bias; }

std::uint64_t exponent_field_all_ones(const NumericFormat& format) {
  return low_bits(format.exponent_bits) << format.mantissa_bits;
}

std::uint64_t infinity_magnitude(const NumericFormat& format) {
  return exponent_field_all_ones(format);
}

// The magnitude an overflowing value (or ±Inf input) becomes.
std::uint64_t overflow_magnitude(const NumericFormat& format) {
  return format.overflow == OverflowRule::to_infinity ? infinity_magnitude(format)
                                                      : format.max_finite_bits;
}

std::uint64_t nan_magnitude(const NumericFormat& format, double nan_value) {
  switch (format.nan_encoding) {
    case NanEncoding::all_ones:
      return low_bits(format.exponent_bits + format.mantissa_bits);
    case NanEncoding::exponent_all_ones: {
      // Keep the payload's top bits and make it quiet, as IEEE 754-2019 §6.2.3 recommends and as
      // the x86 conversions do, so a NaN narrowed here matches one narrowed by hardware.
      const std::uint64_t fraction = std::bit_cast<std::uint64_t>(nan_value) &
                                     low_bits(kDoubleFractionBits);
      const std::uint64_t payload = fraction >> (kDoubleFractionBits - format.mantissa_bits);
      const std::uint64_t quiet = std::uint64_t{1} << (format.mantissa_bits - 1);
      return exponent_field_all_ones(format) | quiet | payload;
    }
    case NanEncoding::none:
      break;
  }
  throw std::domain_error(
      fmt::format("cannot encode NaN as {}: the format has no NaN encoding", format.label));
}

std::uint64_t encode_finite_magnitude(const NumericFormat& format, double value) {
  const ExactMagnitude magnitude = exact_magnitude(value);
  const int exponent = std::max(floor_log2(magnitude), min_normal_exponent(format));
  const std::uint64_t significand =
      round_to_multiple_of_power_of_two(magnitude, exponent - format.mantissa_bits);
  // The significand carries the hidden bit (2^m) for a normal result, so adding it to the field
  // (exponent - min exponent) placed above the mantissa yields the encoding directly: the hidden
  // bit adds the missing 1 to the field, a subnormal that rounds up to 2^m becomes the minimum
  // normal, and a rounding carry to 2^(m+1) moves to the next exponent with a zero mantissa.
  const auto field = static_cast<std::uint64_t>(exponent - min_normal_exponent(format));
  const std::uint64_t encoded = (field << format.mantissa_bits) + significand;
  // With an unbounded exponent the rounding above is IEEE's, so for formats with Inf anything
  // beyond max is exactly "at or above max + half an ulp".
  return encoded > format.max_finite_bits ? overflow_magnitude(format) : encoded;
}

std::uint64_t encode_float(const NumericFormat& format, double value) {
  // Binary64 is the input format: nothing to round, and every NaN payload passes unchanged.
  if (format.total_bits == 64) return std::bit_cast<std::uint64_t>(value);
  const std::uint64_t sign = std::signbit(value) ? sign_bit(format) : 0;
  if (std::isnan(value)) return sign | nan_magnitude(format, value);
  if (std::isinf(value)) return sign | overflow_magnitude(format);
  if (value == 0) return sign;
  return sign | encode_finite_magnitude(format, value);
}

double make_double_nan(bool negative, std::uint64_t fraction) {
  const std::uint64_t sign = negative ? std::uint64_t{1} << 63 : 0;
  const std::uint64_t exponent = std::uint64_t{0x7FF} << kDoubleFractionBits;
  return std::bit_cast<double>(sign | exponent | kDoubleQuietBit | fraction);
}

double decode_float(const NumericFormat& format, std::uint64_t bits) {
  if (format.total_bits == 64) return std::bit_cast<double>(bits);
  const BitFields fields = split_fields(format, bits);
  const double sign = fields.negative ? -1.0 : 1.0;
  switch (classify(format, bits)) {
    case ValueClass::nan:
      return make_double_nan(fields.negative,
                             fields.mantissa_field
                                 << (kDoubleFractionBits - format.mantissa_bits));
    case ValueClass::infinity:
      return sign * std::numeric_limits<double>::infinity();
    case ValueClass::zero:
      return sign * 0.0;
    case ValueClass::subnormal:
      return sign * std::ldexp(static_cast<double>(fields.mantissa_field),
                               fields.unbiased_exponent - format.mantissa_bits);
    case ValueClass::normal:
    case ValueClass::integer:
      break;
  }
  const std::uint64_t significand =
      fields.mantissa_field | (std::uint64_t{1} << format.mantissa_bits);
  return sign * std::ldexp(static_cast<double>(significand),
                           fields.unbiased_exponent - format.mantissa_bits);
}

ValueClass classify_float(const NumericFormat& format, const BitFields& fields) {
  const std::uint64_t all_ones_exponent = low_bits(format.exponent_bits);
  const bool exponent_all_ones = fields.exponent_field == all_ones_exponent;
  if (format.nan_encoding == NanEncoding::exponent_all_ones && exponent_all_ones)
    return fields.mantissa_field == 0 ? ValueClass::infinity : ValueClass::nan;
  if (format.nan_encoding == NanEncoding::all_ones && exponent_all_ones &&
      fields.mantissa_field == low_bits(format.mantissa_bits))
    return ValueClass::nan;
  if (fields.exponent_field != 0) return ValueClass::normal;
  return fields.mantissa_field == 0 ? ValueClass::zero : ValueClass::subnormal;
}

// ---- integer formats ------------------------------------------------------------------------

std::int64_t integer_lowest(const NumericFormat& format) {
  return -(std::int64_t{1} << (format.total_bits - 1));
}

std::int64_t integer_highest(const NumericFormat& format) { return -integer_lowest(format) - 1; }

std::int64_t sign_extend(const NumericFormat& format, std::uint64_t bits) {
  const bool negative = (bits & sign_bit(format)) != 0;
  return static_cast<std::int64_t>(negative ? bits | ~format_mask(format) : bits);
}

std::int64_t round_to_integer(double value) {
  const std::uint64_t magnitude = round_to_multiple_of_power_of_two(exact_magnitude(value), 0);
  const auto signed_magnitude = static_cast<std::int64_t>(magnitude);  // <= 2^62
  return std::signbit(value) ? -signed_magnitude : signed_magnitude;
}

std::uint64_t encode_integer(const NumericFormat& format, double value) {
  if (std::isnan(value))
    throw std::domain_error(fmt::format("cannot encode NaN as {}: integers have no NaN",
                                        format.label));
  const std::int64_t lowest = integer_lowest(format);
  const std::int64_t highest = integer_highest(format);
  std::int64_t result = 0;
  if (std::isinf(value))
    result = value > 0 ? highest : lowest;
  else if (value != 0)
    result = std::clamp(round_to_integer(value), lowest, highest);
  return static_cast<std::uint64_t>(result) & format_mask(format);
}

// ---- the table ------------------------------------------------------------------------------

NumericFormat make_float_format(std::string key, std::string label, int exponent_bits,
                                int mantissa_bits, NanEncoding nan_encoding) {
  NumericFormat format;
  format.key = std::move(key);
  format.label = std::move(label);
  format.total_bits = 1 + exponent_bits + mantissa_bits;
  format.exponent_bits = exponent_bits;
  format.mantissa_bits = mantissa_bits;
  format.bias = (1 << (exponent_bits - 1)) - 1;
  format.nan_encoding = nan_encoding;
  // Every format with an Inf here is IEEE-like; those without saturate (docs/formats.md).
  format.has_infinity = nan_encoding == NanEncoding::exponent_all_ones;
  format.overflow =
      format.has_infinity ? OverflowRule::to_infinity : OverflowRule::saturate_to_max;
  const std::uint64_t all_ones = low_bits(exponent_bits + mantissa_bits);
  switch (nan_encoding) {
    case NanEncoding::exponent_all_ones:  // the exponent below Inf/NaN, mantissa all ones
      format.max_finite_bits = all_ones - (std::uint64_t{1} << mantissa_bits);
      break;
    case NanEncoding::all_ones:  // every pattern but S.1111.111
      format.max_finite_bits = all_ones - 1;
      break;
    case NanEncoding::none:
      format.max_finite_bits = all_ones;
      break;
  }
  format.max_finite = decode_float(format, format.max_finite_bits);
  format.lowest = -format.max_finite;
  format.min_normal = std::ldexp(1.0, 1 - format.bias);
  format.min_subnormal = std::ldexp(1.0, 1 - format.bias - mantissa_bits);
  format.epsilon = std::ldexp(1.0, -mantissa_bits);
  return format;
}

NumericFormat make_integer_format(std::string key, std::string label, int bits) {
  NumericFormat format;
  format.key = std::move(key);
  format.label = std::move(label);
  format.total_bits = bits;
  format.mantissa_bits = bits - 1;
  format.overflow = OverflowRule::saturate_to_range;
  format.is_integer = true;
  format.max_finite = static_cast<double>(integer_highest(format));
  format.lowest = static_cast<double>(integer_lowest(format));
  format.min_normal = 1;
  format.min_subnormal = 1;
  format.epsilon = 1;
  format.max_finite_bits = static_cast<std::uint64_t>(integer_highest(format));
  return format;
}

std::vector<NumericFormat> build_formats() {
  using enum NanEncoding;
  return {
      make_float_format("fp64", "FP64", 11, 52, exponent_all_ones),
      make_float_format("fp32", "FP32", 8, 23, exponent_all_ones),
      make_float_format("tf32", "TF32", 8, 10, exponent_all_ones),
      make_float_format("bf16", "BF16", 8, 7, exponent_all_ones),
      make_float_format("fp16", "FP16", 5, 10, exponent_all_ones),
      make_float_format("fp8_e4m3", "FP8 E4M3", 4, 3, all_ones),
      make_float_format("fp8_e5m2", "FP8 E5M2", 5, 2, exponent_all_ones),
      make_float_format("fp6_e3m2", "FP6 E3M2", 3, 2, none),
      make_float_format("fp6_e2m3", "FP6 E2M3", 2, 3, none),
      make_float_format("fp4_e2m1", "FP4 E2M1", 2, 1, none),
      make_integer_format("int32", "INT32", 32),
      make_integer_format("int8", "INT8", 8),
      make_integer_format("int4", "INT4", 4),
  };
}

std::string normalized_key(std::string_view key) {
  std::string normalized;
  normalized.reserve(key.size());
  for (const char c : key) {
    if (c == ' ' || c == '-')
      normalized += '_';
    else
      normalized += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return normalized;
}

std::string_view resolve_alias(std::string_view key) {
  static constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
      {"double", "fp64"},    {"float", "fp32"},     {"single", "fp32"},
      {"half", "fp16"},      {"bfloat16", "bf16"},  {"fp8", "fp8_e4m3"},
      {"e4m3", "fp8_e4m3"},  {"e5m2", "fp8_e5m2"},  {"e3m2", "fp6_e3m2"},
      {"e2m3", "fp6_e2m3"},  {"fp4", "fp4_e2m1"},   {"e2m1", "fp4_e2m1"},
  };
  for (const auto& [alias, target] : kAliases)
    if (alias == key) return target;
  return key;
}

void check_width(const NumericFormat& format, std::uint64_t bits) {
  if ((bits & ~format_mask(format)) != 0)
    throw std::invalid_argument(fmt::format("bit pattern {:#x} is wider than {} ({} bits)", bits,
                                            format.label, format.total_bits));
}

}  // namespace

// ---- public API -------------------------------------------------------------------------------

const std::vector<NumericFormat>& all_formats() {
  static const std::vector<NumericFormat> formats = build_formats();
  return formats;
}

const NumericFormat* find_format(std::string_view key) {
  const std::string normalized = normalized_key(key);
  const std::string_view wanted = resolve_alias(normalized);
  for (const auto& format : all_formats())
    if (format.key == wanted) return &format;
  return nullptr;
}

std::uint64_t format_mask(const NumericFormat& format) { return low_bits(format.total_bits); }

std::uint64_t encode(const NumericFormat& format, double value) {
  return format.is_integer ? encode_integer(format, value) : encode_float(format, value);
}

double decode(const NumericFormat& format, std::uint64_t bits) {
  check_width(format, bits);
  if (format.is_integer) return static_cast<double>(sign_extend(format, bits));
  return decode_float(format, bits);
}

double round_to_format(const NumericFormat& format, double value) {
  return decode(format, encode(format, value));
}

BitFields split_fields(const NumericFormat& format, std::uint64_t bits) {
  check_width(format, bits);
  BitFields fields;
  fields.negative = (bits & sign_bit(format)) != 0;
  fields.mantissa_field = bits & low_bits(format.mantissa_bits);
  if (format.is_integer) return fields;
  fields.exponent_field = (bits >> format.mantissa_bits) & low_bits(format.exponent_bits);
  fields.unbiased_exponent = fields.exponent_field == 0
                                 ? min_normal_exponent(format)
                                 : static_cast<int>(fields.exponent_field) - format.bias;
  return fields;
}

ValueClass classify(const NumericFormat& format, std::uint64_t bits) {
  const BitFields fields = split_fields(format, bits);
  if (format.is_integer) return bits == 0 ? ValueClass::zero : ValueClass::integer;
  return classify_float(format, fields);
}

std::string split_bits(const NumericFormat& format, std::uint64_t bits) {
  check_width(format, bits);
  std::string text;
  for (int position = format.total_bits - 1; position >= 0; --position) {
    text += ((bits >> position) & 1) != 0 ? '1' : '0';
    const bool after_sign = position == format.total_bits - 1;
    const bool after_exponent = format.exponent_bits > 0 && position == format.mantissa_bits;
    if ((after_sign || after_exponent) && position > 0) text += '|';
  }
  return text;
}

std::string_view overflow_rule_name(OverflowRule rule) {
  switch (rule) {
    case OverflowRule::to_infinity: return "to_infinity";
    case OverflowRule::saturate_to_max: return "saturate_to_max";
    case OverflowRule::saturate_to_range: return "saturate_to_range";
  }
  return "unknown";
}

std::string_view nan_encoding_name(NanEncoding encoding) {
  switch (encoding) {
    case NanEncoding::none: return "none";
    case NanEncoding::exponent_all_ones: return "exponent_all_ones";
    case NanEncoding::all_ones: return "all_ones";
  }
  return "unknown";
}

std::string_view value_class_name(ValueClass value_class) {
  switch (value_class) {
    case ValueClass::zero: return "zero";
    case ValueClass::subnormal: return "subnormal";
    case ValueClass::normal: return "normal";
    case ValueClass::infinity: return "inf";
    case ValueClass::nan: return "nan";
    case ValueClass::integer: return "integer";
  }
  return "unknown";
}

}  // namespace suanli
