// Names that carry a number between a fixed prefix and suffix: "cpu3" and "node1" in sysfs,
// "size_4096_latency_s" among a result's parameters. Plain scanning: <regex> made the files that
// needed this the slowest of the build.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace suanli {

// The number in prefix<digits>suffix; nullopt when name is not exactly that shape.
inline std::optional<std::uint64_t> number_between(std::string_view name, std::string_view prefix,
                                                   std::string_view suffix = {}) {
  if (name.size() <= prefix.size() + suffix.size() || !name.starts_with(prefix) || !name.ends_with(suffix))
    return std::nullopt;
  const auto digits = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
  if (digits.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

}  // namespace suanli
