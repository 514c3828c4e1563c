#include "core/machine/sysfs.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

namespace suanli::machine_detail {

std::optional<std::string> read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string_view trim(std::string_view text) {
  const char* spaces = " \t\r\n";
  const auto first = text.find_first_not_of(spaces);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(spaces);
  return text.substr(first, last - first + 1);
}

std::optional<std::string> read_trimmed_line(const std::filesystem::path& path) {
  auto text = read_text_file(path);
  if (!text) return std::nullopt;
  std::string_view line = *text;
  line = line.substr(0, line.find('\n'));
  return std::string(trim(line));
}

std::optional<long long> read_integer_file(const std::filesystem::path& path) {
  auto line = read_trimmed_line(path);
  if (!line || line->empty()) return std::nullopt;
  long long value = 0;
  auto [end, error] = std::from_chars(line->data(), line->data() + line->size(), value);
  if (error != std::errc() || end != line->data() + line->size()) return std::nullopt;
  return value;
}

namespace {

std::optional<int> parse_cpu_number(std::string_view text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

std::vector<int> parse_cpu_list(std::string_view text) {
  std::vector<int> cpus;
  text = trim(text);
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view item = trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    const auto dash = item.find('-');
    const auto first = parse_cpu_number(item.substr(0, dash));
    const auto last = dash == std::string_view::npos ? first : parse_cpu_number(item.substr(dash + 1));
    if (!first || !last || *last < *first) return {};
    for (int cpu = *first; cpu <= *last; ++cpu) cpus.push_back(cpu);
  }
  return cpus;
}

}  // namespace suanli::machine_detail
