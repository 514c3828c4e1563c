#include "core/machine/memory.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <string>

#include "core/machine/sysfs.hpp"

namespace suanli {
namespace {

namespace fs = std::filesystem;
using machine_detail::read_integer_file;
using machine_detail::trim;

// "MemTotal:       24684092 kB" -> bytes.
std::optional<std::size_t> meminfo_value(std::string_view meminfo, std::string_view key) {
  std::size_t at = 0;
  while (at < meminfo.size()) {
    const auto newline = meminfo.find('\n', at);
    const std::string_view line = meminfo.substr(at, newline - at);
    at = newline == std::string_view::npos ? meminfo.size() : newline + 1;
    if (line.substr(0, key.size()) != key || line.size() <= key.size() || line[key.size()] != ':') continue;
    const std::string_view value = trim(line.substr(key.size() + 1));
    std::size_t number = 0;
    auto [rest, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (error != std::errc()) return std::nullopt;
    const bool kibibytes = trim(std::string_view(rest, value.data() + value.size() - rest)) == "kB";
    return kibibytes ? number * 1024 : number;
  }
  return std::nullopt;
}

struct CgroupMemory {
  std::size_t limit = 0;
  std::size_t usage = 0;
};

// v2: memory.max holds "max" when unlimited, which reads as no number.
// v1: an unlimited limit_in_bytes is a huge number, dropped by the caller's comparison with MemTotal.
std::optional<CgroupMemory> read_cgroup_memory(const fs::path& root) {
  if (auto limit = read_integer_file(root / "memory.max"))
    return CgroupMemory{static_cast<std::size_t>(*limit),
                        static_cast<std::size_t>(read_integer_file(root / "memory.current").value_or(0))};
  if (auto limit = read_integer_file(root / "memory" / "memory.limit_in_bytes"))
    return CgroupMemory{
        static_cast<std::size_t>(*limit),
        static_cast<std::size_t>(read_integer_file(root / "memory" / "memory.usage_in_bytes").value_or(0))};
  return std::nullopt;
}

MemoryInfo memory_from_sysconf() {
  MemoryInfo info;
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long available_pages = sysconf(_SC_AVPHYS_PAGES);
  const long page_size = sysconf(_SC_PAGESIZE);
  if (pages > 0 && page_size > 0) info.total_bytes = static_cast<std::size_t>(pages) * page_size;
  if (available_pages > 0 && page_size > 0)
    info.available_bytes = static_cast<std::size_t>(available_pages) * page_size;
  return info;
}

}  // namespace

std::optional<MemoryInfo> memory_from_meminfo(std::string_view meminfo) {
  const auto total = meminfo_value(meminfo, "MemTotal");
  if (!total) return std::nullopt;
  MemoryInfo info;
  info.total_bytes = *total;
  info.available_bytes = meminfo_value(meminfo, "MemAvailable")
                             .value_or(meminfo_value(meminfo, "MemFree").value_or(0));
  return info;
}

MemoryInfo apply_cgroup_limit(MemoryInfo info, const fs::path& cgroup_root) {
  const auto cgroup = read_cgroup_memory(cgroup_root);
  if (!cgroup || cgroup->limit == 0 || cgroup->limit >= info.total_bytes) return info;
  info.limit_bytes = cgroup->limit;
  const std::size_t left = cgroup->limit > cgroup->usage ? cgroup->limit - cgroup->usage : 0;
  info.available_bytes = std::min(info.available_bytes, left);
  return info;
}

MemoryInfo detect_memory() {
  MemoryInfo info;
  if (auto text = machine_detail::read_text_file("/proc/meminfo"))
    if (auto parsed = memory_from_meminfo(*text)) info = *parsed;
  if (info.total_bytes == 0) info = memory_from_sysconf();
  return apply_cgroup_limit(info, "/sys/fs/cgroup");
}

}  // namespace suanli
