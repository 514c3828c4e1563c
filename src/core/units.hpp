// Counts and rates with SI prefixes (K … Y), bytes also with IEC prefixes
// (KiB … YiB), and the parser for sizes given on the command line.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace suanli {

struct SiPrefix {
  std::string_view symbol;       // "G"
  std::string_view name;         // "giga"
  double value;                  // 1e9
  std::string_view per_second;   // how Chinese names the rate: "每秒十亿次"
};

// K … Y, ascending.
const std::array<SiPrefix, 8>& si_prefixes();

// Three significant digits with the largest SI prefix that keeps the mantissa
// at least 1: format_si(3.41e12, "FLOPS") == "3.41 TFLOPS", format_si(12.5, "B/s") == "12.5 B/s".
// Non-finite values print as "n/a".
std::string format_si(double value, std::string_view unit);

// Bytes with IEC prefixes, three significant digits: 536870912 -> "512 MiB".
std::string format_iec_bytes(double bytes);

// Three significant digits without prefix: 0.000123 -> "0.000123", 1234 -> "1230".
std::string format_3sig(double value);

// Parses a size or count: "4G" (4e9), "512Mi" (512·2^20), "1.5T", "2e9", "64KiB", "4GB", "100".
// A trailing "B" is allowed after a prefix. Returns nullopt for anything else,
// including negative, non-finite and empty input.
std::optional<double> parse_quantity(std::string_view text);

// parse_quantity, then a whole number of at least 1 that fits in 64 bits.
std::optional<std::uint64_t> parse_positive_count(std::string_view text);

}  // namespace suanli
