// The cache hierarchy: one CacheLevel per (level, type, size), with the number
// of distinct instances the machine has.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/machine/machine.hpp"
#include "core/machine/topology.hpp"

namespace suanli {

// From <cpu_root>/cpuN/cache/indexM/{level,type,size,shared_cpu_list} for the
// online CPUs. Instances are counted as distinct shared_cpu_list values, so an
// L3 shared by 8 cores counts once. Sorted by level, then data, instruction, unified.
// Empty when the tree is missing.
std::vector<CacheLevel> caches_from_sysfs(const std::filesystem::path& cpu_root);

struct CacheDetection {
  std::vector<CacheLevel> caches;
  std::string source = "unknown";  // "sysfs", "cpuid" or "unknown"
  std::vector<std::string> notes;  // which leaves, what was assumed, which sizes were rejected and why
};

class CpuidSource;
struct MachineSources;

// CPUID's cache descriptors: leaf 4 (Intel), else 0x8000001D (AMD, Hygon with
// TOPOEXT), else the legacy AMD leaves 0x80000005 (L1) and 0x80000006 (L2, L3).
// Instances come from each descriptor's sharing count (EAX[25:14] + 1) and the
// topology; the legacy leaves have none: L1 and L2 one per core, L3 one per socket.
// nullopt when no leaf describes a cache.
std::optional<CacheDetection> caches_from_cpuid(const CpuidSource& cpuid, const Topology& topology);

// Sizes no CPU has become 0 ("size unknown") with the reason in notes: an
// instance above 4 GiB, or a level above 128 MiB per logical CPU (the most any
// part has is 48 MiB per core, EPYC 9184X; 96 MiB for a one-vCPU guest on a
// 3D V-Cache CCD). A hypervisor that passes the host's figure through trips this.
void reject_implausible_sizes(CacheDetection& detection, const Topology& topology);

// sysfs, else CPUID, each checked by reject_implausible_sizes.
CacheDetection detect_caches(const MachineSources& sources, const Topology& topology);

// sysfs size strings: "48K" -> 49152, "32768K", "2M", "1024". nullopt on anything else.
std::optional<std::size_t> parse_cache_size(std::string_view text);

}  // namespace suanli
