// Small readers for the text files Linux exposes under /sys and /proc.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace suanli::machine_detail {

// The whole file, or nullopt when it cannot be opened (missing in a VM or container).
std::optional<std::string> read_text_file(const std::filesystem::path& path);

// The file's first line parsed as a whole number (e.g. ".../physical_package_id").
std::optional<long long> read_integer_file(const std::filesystem::path& path);

// The file's first line with surrounding whitespace removed.
std::optional<std::string> read_trimmed_line(const std::filesystem::path& path);

// Kernel CPU list syntax: "0-3,8,10-11" -> {0,1,2,3,8,10,11}. Empty on a syntax error.
std::vector<int> parse_cpu_list(std::string_view text);

std::string_view trim(std::string_view text);

}  // namespace suanli::machine_detail
