// The cache hierarchy: one CacheLevel per (level, type, size), with the number
// of distinct instances the machine has.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "core/machine/machine.hpp"

namespace suanli {

// From <cpu_root>/cpuN/cache/indexM/{level,type,size,shared_cpu_list} for the
// online CPUs. Instances are counted as distinct shared_cpu_list values, so an
// L3 shared by 8 cores counts once. Sorted by level, then data, instruction, unified.
// Empty when the tree is missing.
std::vector<CacheLevel> caches_from_sysfs(const std::filesystem::path& cpu_root);

// sysfs size strings: "48K" -> 49152, "32768K", "2M", "1024". nullopt on anything else.
std::optional<std::size_t> parse_cache_size(std::string_view text);

}  // namespace suanli
