// How much memory the machine has and how much a benchmark may take, and where
// each figure came from.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace suanli {

struct MachineSources;

struct MemoryInfo {
  std::size_t total_bytes = 0;      // 0 when nothing could be read
  std::size_t available_bytes = 0;  // what a benchmark may allocate without swapping
  std::size_t limit_bytes = 0;      // cgroup limit below total_bytes; 0 when none
  std::string source = "unknown";        // "meminfo", "sysconf" or "unknown"
  std::string limit_source = "unknown";  // "cgroup v2", "cgroup v1" (read, limit or none) or "unknown"
};

// MemTotal and MemAvailable from /proc/meminfo text (MemFree when the kernel
// predates MemAvailable); nullopt without MemTotal.
std::optional<MemoryInfo> memory_from_meminfo(std::string_view meminfo);

struct CgroupMemory {
  std::size_t limit_bytes = 0;  // the smallest limit on the way to the root; 0 when none
  std::size_t usage_bytes = 0;  // usage of the cgroup that sets that limit
  std::string source = "unknown";  // "cgroup v2", "cgroup v1", or "unknown" when no memory cgroup was found
};

// The memory limit of the process's own cgroup, as a Slurm job or container
// sets it: the path from <root>/proc/self/cgroup, mapped to its directory through
// the cgroup mounts in <root>/proc/self/mountinfo (else the usual mount points),
// then memory.max (v2) or memory.limit_in_bytes (v1) from there up to the mount,
// taking the smallest. v1's "unlimited" is a huge number, left for the caller's
// comparison with MemTotal.
CgroupMemory cgroup_memory(const MachineSources& sources);

// Lowers available_bytes to what the limit leaves beside the cgroup's usage,
// when the limit is below total_bytes.
MemoryInfo apply_cgroup_limit(MemoryInfo info, const CgroupMemory& cgroup);

// /proc/meminfo (else sysconf when live) and the process's cgroup.
MemoryInfo detect_memory(const MachineSources& sources);

}  // namespace suanli
