#include "core/units.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <string>

namespace suanli {

const std::array<SiPrefix, 8>& si_prefixes() {
  // 万 = 1e4 and 亿 = 1e8 are the Chinese steps; each name is the prefix value.
  static const std::array<SiPrefix, 8> table = {{
      {"K", "kilo", 1e3, "每秒千次"},
      {"M", "mega", 1e6, "每秒百万次"},
      {"G", "giga", 1e9, "每秒十亿次"},
      {"T", "tera", 1e12, "每秒万亿次"},
      {"P", "peta", 1e15, "每秒千万亿次"},
      {"E", "exa", 1e18, "每秒百亿亿次"},
      {"Z", "zetta", 1e21, "每秒十万亿亿次"},
      {"Y", "yotta", 1e24, "每秒亿亿亿次"},
  }};
  return table;
}

std::string format_3sig(double value) {
  if (!std::isfinite(value)) return "n/a";
  if (value == 0) return "0";
  // Digits after the point so that three significant digits show.
  int magnitude = static_cast<int>(std::floor(std::log10(std::abs(value))));
  // Rounding may carry into the next decade (999.6 -> 1000): recompute from the rounded value.
  double rounded = std::stod(fmt::format("{:.2e}", value));
  magnitude = static_cast<int>(std::floor(std::log10(std::abs(rounded))));
  int decimals = std::max(0, 2 - magnitude);
  return fmt::format("{:.{}f}", rounded, decimals);
}

namespace {

// Scales value by the largest prefix (of the given step) that keeps |mantissa| >= 1.
std::string format_scaled(double value, std::string_view unit, double step,
                          const std::array<std::string_view, 9>& symbols) {
  if (!std::isfinite(value)) return "n/a";
  double mantissa = value;
  std::size_t index = 0;
  // Compare the value as it will print, so 999.96e3 shows as "1.00 M", not "1000 K".
  auto reaches_next_prefix = [&](double m) {
    return std::abs(m) >= step || std::abs(std::stod(fmt::format("{:.2e}", m))) >= step;
  };
  while (index + 1 < symbols.size() && reaches_next_prefix(mantissa)) {
    mantissa /= step;
    ++index;
  }
  return fmt::format("{} {}{}", format_3sig(mantissa), symbols[index], unit);
}

}  // namespace

std::string format_si(double value, std::string_view unit) {
  static const std::array<std::string_view, 9> symbols = {"", "K", "M", "G", "T", "P", "E", "Z", "Y"};
  return format_scaled(value, unit, 1e3, symbols);
}

std::string format_iec_bytes(double bytes) {
  static const std::array<std::string_view, 9> symbols = {"",   "Ki", "Mi", "Gi", "Ti",
                                                          "Pi", "Ei", "Zi", "Yi"};
  return format_scaled(bytes, "B", 1024.0, symbols);
}

std::optional<double> parse_quantity(std::string_view text) {
  if (text.empty()) return std::nullopt;
  double number = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [rest, error] = std::from_chars(begin, end, number);
  if (error != std::errc() || !std::isfinite(number) || number < 0) return std::nullopt;
  std::string_view suffix(rest, static_cast<std::size_t>(end - rest));
  if (!suffix.empty() && (suffix.back() == 'B' || suffix.back() == 'b') && suffix.size() > 1)
    suffix.remove_suffix(1);  // "4GB", "64KiB"
  else if (suffix == "B" || suffix == "b")
    suffix = {};
  if (suffix.empty()) return number;
  const bool binary = suffix.size() == 2 && suffix[1] == 'i';
  if (suffix.size() != (binary ? 2u : 1u)) return std::nullopt;
  static constexpr std::string_view symbols = "KMGTPEZY";
  char symbol = suffix[0] == 'k' ? 'K' : suffix[0];
  std::size_t power = symbols.find(symbol);
  if (power == std::string_view::npos) return std::nullopt;
  double scale = std::pow(binary ? 1024.0 : 1000.0, static_cast<double>(power + 1));
  return number * scale;
}

std::optional<std::uint64_t> parse_positive_count(std::string_view text) {
  auto value = parse_quantity(text);
  if (!value || *value < 1 || *value > 1.8e19 || *value != std::floor(*value)) return std::nullopt;
  return static_cast<std::uint64_t>(*value);
}

}  // namespace suanli
