#include "core/machine/memory.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <string>
#include <vector>

#include "core/machine/machine_sources.hpp"
#include "core/machine/sysfs.hpp"

namespace suanli {
namespace {

namespace fs = std::filesystem;
using machine_detail::read_integer_file;
using machine_detail::read_text_file;
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

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto newline = text.find('\n');
    lines.push_back(text.substr(0, newline));
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
  }
  return lines;
}

std::vector<std::string_view> words_of(std::string_view line) {
  std::vector<std::string_view> words;
  while (!(line = trim(line)).empty()) {
    const auto space = line.find(' ');
    words.push_back(line.substr(0, space));
    if (space == std::string_view::npos) break;
    line.remove_prefix(space);
  }
  return words;
}

bool has_option(std::string_view options, std::string_view wanted) {
  while (!options.empty()) {
    const auto comma = options.find(',');
    if (options.substr(0, comma) == wanted) return true;
    options = comma == std::string_view::npos ? std::string_view{} : options.substr(comma + 1);
  }
  return false;
}

struct Hierarchy {
  const char* name;        // "cgroup v2"
  const char* limit_file;  // "memory.max"
  const char* usage_file;  // "memory.current"
};
constexpr Hierarchy v2{"cgroup v2", "memory.max", "memory.current"};
constexpr Hierarchy v1{"cgroup v1", "memory.limit_in_bytes", "memory.usage_in_bytes"};
constexpr long long no_limit_v1 = 1LL << 62;

struct Mount {
  fs::path point;                // where it is mounted, "/sys/fs/cgroup/memory"
  fs::path root = "/";           // which cgroup is at that point (a container may see a subtree)
};

// mountinfo: "34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory".
std::optional<Mount> find_mount(std::string_view mountinfo, bool version2) {
  for (std::string_view line : lines_of(mountinfo)) {
    const auto words = words_of(line);
    const auto dash = std::find(words.begin(), words.end(), "-");
    if (words.size() < 5 || dash == words.end() || words.end() - dash < 4) continue;
    const std::string_view type = dash[1], options = dash[3];
    if (version2 ? type == "cgroup2" : (type == "cgroup" && has_option(options, "memory")))
      return Mount{fs::path(std::string(words[4])), fs::path(std::string(words[3]))};
  }
  return std::nullopt;
}

// The usual mount points, for a system whose mountinfo cannot be read.
std::optional<Mount> default_mount(const MachineSources& sources, bool version2) {
  if (!version2) return Mount{"/sys/fs/cgroup/memory"};
  for (const char* point : {"/sys/fs/cgroup", "/sys/fs/cgroup/unified"})
    if (fs::exists(sources.path(point) / "cgroup.controllers")) return Mount{point};
  return std::nullopt;
}

// /proc/self/cgroup: "0::/user.slice/job" (v2), "4:memory:/slurm/uid_1/job_7" (v1).
std::optional<std::string> process_cgroup(std::string_view text, bool version2) {
  for (std::string_view line : lines_of(text)) {
    const auto first = line.find(':'), second = line.find(':', first + 1);
    if (first == std::string_view::npos || second == std::string_view::npos) continue;
    const std::string_view controllers = line.substr(first + 1, second - first - 1);
    const bool match = version2 ? (line.substr(0, first) == "0" && controllers.empty())
                                : has_option(controllers, "memory");
    if (match) return std::string(trim(line.substr(second + 1)));
  }
  return std::nullopt;
}

// Walks from the process's cgroup up to the mount, taking the smallest limit.
std::optional<CgroupMemory> read_hierarchy(const MachineSources& sources, const Hierarchy& h, bool version2) {
  const auto cgroup_text = read_text_file(sources.path("/proc/self/cgroup"));
  if (!cgroup_text) return std::nullopt;
  const auto cgroup = process_cgroup(*cgroup_text, version2);
  if (!cgroup) return std::nullopt;
  auto mount = find_mount(read_text_file(sources.path("/proc/self/mountinfo")).value_or(""), version2);
  if (!mount) mount = default_mount(sources, version2);
  if (!mount) return std::nullopt;
  // The process's path is relative to the hierarchy's root; the mount shows mount->root at its point.
  const fs::path relative = fs::path(*cgroup).lexically_relative(mount->root);
  const fs::path top = sources.path(mount->point).lexically_normal();
  const bool below = !relative.empty() && relative != "." && *relative.begin() != "..";
  std::optional<CgroupMemory> found;
  for (fs::path dir = below ? (top / relative).lexically_normal() : top;; dir = dir.parent_path()) {
    // v2's "max" does not parse as a number; v1 writes "no limit" as about 2^63.
    const auto limit = read_integer_file(dir / h.limit_file);
    if (limit && *limit > 0 && *limit < no_limit_v1) {
      const auto bytes = static_cast<std::size_t>(*limit);
      if (!found || found->limit_bytes == 0 || bytes < found->limit_bytes)
        found = CgroupMemory{bytes, static_cast<std::size_t>(read_integer_file(dir / h.usage_file).value_or(0)),
                             h.name};
    } else if (!found && fs::exists(dir / h.limit_file)) {
      found = CgroupMemory{0, 0, h.name};  // read, and no limit here
    }
    if (dir == top || dir.parent_path() == dir) break;
  }
  return found;
}

MemoryInfo memory_from_sysconf() {
  MemoryInfo info;
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long available_pages = sysconf(_SC_AVPHYS_PAGES);
  const long page_size = sysconf(_SC_PAGESIZE);
  if (pages > 0 && page_size > 0) info.total_bytes = static_cast<std::size_t>(pages) * page_size;
  if (available_pages > 0 && page_size > 0)
    info.available_bytes = static_cast<std::size_t>(available_pages) * page_size;
  if (info.total_bytes > 0) info.source = "sysconf";
  return info;
}

}  // namespace

std::optional<MemoryInfo> memory_from_meminfo(std::string_view meminfo) {
  const auto total = meminfo_value(meminfo, "MemTotal");
  if (!total) return std::nullopt;
  MemoryInfo info;
  info.source = "meminfo";
  info.total_bytes = *total;
  info.available_bytes = meminfo_value(meminfo, "MemAvailable")
                             .value_or(meminfo_value(meminfo, "MemFree").value_or(0));
  return info;
}

CgroupMemory cgroup_memory(const MachineSources& sources) {
  const auto from_v2 = read_hierarchy(sources, v2, true);
  const auto from_v1 = read_hierarchy(sources, v1, false);
  // A hybrid system can have both; the smaller limit is the one that binds.
  if (from_v2 && from_v1) {
    if (from_v2->limit_bytes == 0) return *from_v1;
    if (from_v1->limit_bytes == 0) return *from_v2;
    return from_v1->limit_bytes < from_v2->limit_bytes ? *from_v1 : *from_v2;
  }
  if (from_v2) return *from_v2;
  if (from_v1) return *from_v1;
  return {};
}

MemoryInfo apply_cgroup_limit(MemoryInfo info, const CgroupMemory& cgroup) {
  info.limit_source = cgroup.source;
  if (cgroup.limit_bytes == 0 || (info.total_bytes > 0 && cgroup.limit_bytes >= info.total_bytes)) return info;
  info.limit_bytes = cgroup.limit_bytes;
  const std::size_t left = cgroup.limit_bytes > cgroup.usage_bytes ? cgroup.limit_bytes - cgroup.usage_bytes : 0;
  info.available_bytes = info.available_bytes > 0 ? std::min(info.available_bytes, left) : left;
  return info;
}

MemoryInfo detect_memory(const MachineSources& sources) {
  MemoryInfo info;
  if (auto text = read_text_file(sources.path("/proc/meminfo")))
    if (auto parsed = memory_from_meminfo(*text)) info = *parsed;
  if (info.total_bytes == 0 && sources.live) info = memory_from_sysconf();
  return apply_cgroup_limit(info, cgroup_memory(sources));
}

}  // namespace suanli
