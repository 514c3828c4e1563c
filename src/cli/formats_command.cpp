#include <fmt/format.h>

#include <cmath>

#include "cli/commands.hpp"
#include "core/formats.hpp"
#include "report/formats_text.hpp"

namespace suanli::cli {

namespace {

std::string known_format_keys() {
  std::string keys;
  for (const NumericFormat& f : all_formats()) keys += (keys.empty() ? "" : ", ") + f.key;
  return keys;
}

double parse_value(const std::string& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size())
    throw UsageError(fmt::format("formats: expected a number such as 3.14159, got '{}'", text));
  return value;
}

std::uint64_t parse_bits(const std::string& text) {
  std::size_t used = 0;
  std::uint64_t bits = 0;
  try {
    bits = std::stoull(text, &used, 0);  // 0x4049, 0b..., or decimal
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || text.front() == '-')
    throw UsageError(fmt::format("--decode: expected a bit pattern such as 0x4049, got '{}'", text));
  return bits;
}

}  // namespace

Command add_formats_command(CLI::App& app, CliContext& ctx) {
  auto* sub = app.add_subcommand("formats", "the numeric formats (FP64 … FP4, INT32 … INT4): table, encode, decode");
  auto value = std::make_shared<std::string>();
  auto decode = std::make_shared<std::string>();
  auto as = std::make_shared<std::string>();
  sub->add_option("value", *value, "show the nearest value of VALUE in every format")->type_name("VALUE");
  sub->add_option("--decode", *decode, "decode the bit pattern BITS (hex 0x…, binary 0b…, or decimal)")
      ->type_name("BITS");
  sub->add_option("--as", *as, "the format --decode reads: " + known_format_keys())->type_name("FORMAT");
  return {sub, [&ctx, value, decode, as] {
            if (!decode->empty()) {
              if (as->empty()) throw UsageError("--as: --decode needs a format, one of: " + known_format_keys());
              const NumericFormat* format = find_format(*as);
              if (!format)
                throw UsageError(fmt::format("--as: unknown format '{}'; expected one of: {}", *as,
                                             known_format_keys()));
              const std::uint64_t bits = parse_bits(*decode);
              if (format->total_bits < 64 && bits >> format->total_bits)
                throw UsageError(fmt::format("--decode: {} does not fit in the {} bits of {}", *decode,
                                             format->total_bits, format->label));
              ctx.print(render_decode(*format, bits));
            } else if (!as->empty()) {
              throw UsageError("--as: only meaningful with --decode BITS");
            } else if (!value->empty()) {
              ctx.print(render_value_in_formats(parse_value(*value)));
            } else {
              ctx.print(render_formats_table());
            }
            return ExitCode::success;
          }};
}

}  // namespace suanli::cli
