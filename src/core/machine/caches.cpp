#include "core/machine/caches.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "core/machine/sysfs.hpp"

namespace suanli {
namespace {

namespace fs = std::filesystem;
using machine_detail::read_integer_file;
using machine_detail::read_trimmed_line;

std::string lower_case(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

int type_order(const std::string& type) {
  if (type == "data") return 0;
  if (type == "instruction") return 1;
  return 2;
}

struct CacheKind {
  int level;
  std::string type;
  std::size_t size_bytes;
  bool operator<(const CacheKind& other) const {
    return std::tuple(level, type_order(type), type, size_bytes) <
           std::tuple(other.level, type_order(other.type), other.type, other.size_bytes);
  }
};

std::vector<int> cpus_to_scan(const fs::path& cpu_root) {
  if (auto list = read_trimmed_line(cpu_root / "online")) {
    auto cpus = machine_detail::parse_cpu_list(*list);
    if (!cpus.empty()) return cpus;
  }
  return {0};
}

}  // namespace

std::optional<std::size_t> parse_cache_size(std::string_view text) {
  text = machine_detail::trim(text);
  std::size_t number = 0;
  auto [rest, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc()) return std::nullopt;
  const std::string_view suffix(rest, static_cast<std::size_t>(text.data() + text.size() - rest));
  if (suffix.empty()) return number;
  if (suffix == "K") return number << 10;
  if (suffix == "M") return number << 20;
  if (suffix == "G") return number << 30;
  return std::nullopt;
}

std::vector<CacheLevel> caches_from_sysfs(const fs::path& cpu_root) {
  // Each instance is named by the CPUs that share it; one CacheKind can have many.
  std::map<CacheKind, std::set<std::string>> instances;
  for (int cpu : cpus_to_scan(cpu_root)) {
    const fs::path cache_dir = cpu_root / ("cpu" + std::to_string(cpu)) / "cache";
    for (int index = 0;; ++index) {
      const fs::path dir = cache_dir / ("index" + std::to_string(index));
      const auto level = read_integer_file(dir / "level");
      if (!level) break;
      const auto type = read_trimmed_line(dir / "type");
      const auto size_text = read_trimmed_line(dir / "size");
      const auto size = size_text ? parse_cache_size(*size_text) : std::nullopt;
      if (!type || !size || *size == 0) continue;
      const auto shared = read_trimmed_line(dir / "shared_cpu_list").value_or("cpu" + std::to_string(cpu));
      instances[CacheKind{static_cast<int>(*level), lower_case(*type), *size}].insert(shared);
    }
  }
  std::vector<CacheLevel> caches;
  for (const auto& [kind, sharers] : instances)
    caches.push_back(CacheLevel{kind.level, kind.type, kind.size_bytes, static_cast<int>(sharers.size())});
  return caches;
}

}  // namespace suanli
