#include "report/formats_text.hpp"

#include <cmath>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "report/text_table.hpp"

namespace suanli {
namespace {

// Shortest text that reads back as the same double: exact for every value of these formats.
std::string exact_value(double value) { return fmt::format("{}", value); }

// Limits like 2^-24 are clearer as powers of two, with the decimal beside them.
std::string power_of_two_or_value(double value) {
  int exponent = 0;
  if (value > 0 && std::frexp(value, &exponent) == 0.5)
    return fmt::format("2^{} = {:.4g}", exponent - 1, value);
  return fmt::format("{:.7g}", value);
}

std::string integral_or_value(double value) {
  if (std::fabs(value) < 1e10 && value == std::floor(value)) return fmt::format("{:.0f}", value);
  return fmt::format("{:.7g}", value);
}

std::string hex_bits(const NumericFormat& format, std::uint64_t bits) {
  return fmt::format("0x{:0{}X}", bits, (format.total_bits + 3) / 4);
}

std::string layout_text(const NumericFormat& format) {
  if (format.is_integer) return fmt::format("int {}", format.total_bits);
  return fmt::format("{}/{}/{}", format.sign_bits, format.exponent_bits, format.mantissa_bits);
}

std::string nan_text(const NumericFormat& format) {
  switch (format.nan_encoding) {
    case NanEncoding::exponent_all_ones: return "yes";
    case NanEncoding::all_ones: return "S.1111.111";
    case NanEncoding::none: break;
  }
  return "no";
}

std::string overflow_text(OverflowRule rule) {
  switch (rule) {
    case OverflowRule::to_infinity: return "to Inf";
    case OverflowRule::saturate_to_max: return "saturate to max";
    case OverflowRule::saturate_to_range: return "saturate to range";
  }
  return "?";
}

std::vector<std::string> format_row(const NumericFormat& f) {
  const std::string none = "-";
  return {f.label,
          std::to_string(f.total_bits),
          layout_text(f),
          f.is_integer ? none : std::to_string(f.bias),
          integral_or_value(f.max_finite),
          f.is_integer ? none : power_of_two_or_value(f.min_normal),
          f.is_integer ? none : power_of_two_or_value(f.min_subnormal),
          f.is_integer ? "1" : power_of_two_or_value(f.epsilon),
          f.has_infinity ? "yes" : "no",
          nan_text(f),
          overflow_text(f.overflow)};
}

std::string relative_error_text(double value, double stored) {
  if (!std::isfinite(value)) return "-";
  if (stored == value) return "0 (exact)";
  if (value == 0) return "-";
  if (!std::isfinite(stored)) return stored > 0 ? "+inf" : "-inf";
  return fmt::format("{:+.3e}", (stored - value) / value);
}

// What happened on the way in, when it is more than ordinary rounding.
std::string rounding_note(const NumericFormat& f, double value, std::uint64_t bits,
                          double stored) {
  if (!std::isfinite(value)) return "";
  if (std::isinf(stored)) return "overflow to Inf";
  if (std::fabs(stored) == f.max_finite && std::fabs(value) > f.max_finite) return "saturated";
  if (f.is_integer && stored == f.lowest && value < f.lowest) return "saturated";
  if (stored == 0 && value != 0) return "underflow to 0";
  if (classify(f, bits) == ValueClass::subnormal) return "subnormal";
  return "";
}

std::vector<std::string> value_row(const NumericFormat& f, double value) {
  if (std::isnan(value) && !f.has_nan()) return {f.label, "no NaN", "-", "", "-", "-"};
  const std::uint64_t bits = encode(f, value);
  const double stored = decode(f, bits);
  return {f.label,
          exact_value(stored),
          relative_error_text(value, stored),
          rounding_note(f, value, bits, stored),
          hex_bits(f, bits),
          split_bits(f, bits)};
}

std::string sign_text(const BitFields& fields) {
  return fields.negative ? "- (1)" : "+ (0)";
}

// The significand as read: 1.f for normals, 0.f for subnormals, in binary and in decimal.
std::string significand_text(const NumericFormat& format, const BitFields& fields,
                             ValueClass value_class) {
  const std::string fraction =
      format.mantissa_bits == 0 ? "" : fmt::format("{:0{}b}", fields.mantissa_field,
                                                   format.mantissa_bits);
  const bool hidden_one = value_class == ValueClass::normal;
  const double value = (hidden_one ? 1.0 : 0.0) +
                       std::ldexp(static_cast<double>(fields.mantissa_field), -format.mantissa_bits);
  return fmt::format("{}.{}b = {} (field {})", hidden_one ? 1 : 0, fraction, exact_value(value),
                     fields.mantissa_field);
}

std::string exponent_text(const NumericFormat& format, const BitFields& fields,
                          ValueClass value_class) {
  switch (value_class) {
    case ValueClass::infinity:
    case ValueClass::nan:
      return fmt::format("field {} (all ones: {})", fields.exponent_field,
                         value_class_name(value_class));
    case ValueClass::zero:
    case ValueClass::subnormal:
      return fmt::format("{} (field 0, read as 1 - bias {})", fields.unbiased_exponent,
                         format.bias);
    case ValueClass::normal:
    case ValueClass::integer:
      break;
  }
  return fmt::format("{} (field {} - bias {})", fields.unbiased_exponent, fields.exponent_field,
                     format.bias);
}

std::string float_details(const NumericFormat& format, std::uint64_t bits,
                          ValueClass value_class) {
  const BitFields fields = split_fields(format, bits);
  std::string text;
  text += fmt::format("  sign      {}\n", sign_text(fields));
  text += fmt::format("  exponent  {}\n", exponent_text(format, fields, value_class));
  if (value_class == ValueClass::nan)
    text += fmt::format("  payload   {:#x}\n", fields.mantissa_field);
  else if (value_class == ValueClass::infinity)
    text += "  mantissa  field 0\n";
  else
    text += fmt::format("  mantissa  {}\n", significand_text(format, fields, value_class));
  return text;
}

}  // namespace

std::string render_formats_table() {
  TextTable table({"format", "bits", "s/e/m", "bias", "max finite", "min normal",
                   "min subnormal", "epsilon", "Inf", "NaN", "overflow"},
                  {Align::left, Align::right, Align::right, Align::right, Align::right,
                   Align::right, Align::right, Align::right, Align::left, Align::left,
                   Align::left});
  for (const auto& format : all_formats()) table.add_row(format_row(format));
  return table.render();
}

std::string render_value_in_formats(double value) {
  // The bits go last: FP64's 66 characters would push every column after them off screen.
  TextTable table({"format", "stored value", "relative error", "note", "hex", "bits (s|e|m)"},
                  {Align::left, Align::right, Align::right, Align::left, Align::right,
                   Align::left});
  for (const auto& format : all_formats()) table.add_row(value_row(format, value));
  return fmt::format("{} rounded to nearest (ties to even) in each format:\n", exact_value(value)) +
         table.render();
}

std::string render_decode(const NumericFormat& format, std::uint64_t bits) {
  const double value = decode(format, bits);  // validates the width first
  const ValueClass value_class = classify(format, bits);
  std::string text = fmt::format("{} {} = {}\n", format.label, hex_bits(format, bits),
                                 exact_value(value));
  const char* grouping = format.is_integer ? "sign|value, two's complement" : "sign|exponent|mantissa";
  text += fmt::format("  bits      {}  ({})\n", split_bits(format, bits), grouping);
  if (!format.is_integer) text += float_details(format, bits, value_class);
  text += fmt::format("  class     {}\n", value_class_name(value_class));
  return text;
}

}  // namespace suanli
