// How much memory the machine has and how much a benchmark may take.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string_view>

namespace suanli {

struct MemoryInfo {
  std::size_t total_bytes = 0;
  std::size_t available_bytes = 0;  // what a benchmark may allocate without swapping
  std::size_t limit_bytes = 0;      // cgroup limit below total_bytes; 0 when none
};

// MemTotal and MemAvailable from /proc/meminfo text (MemFree when the kernel
// predates MemAvailable); nullopt without MemTotal.
std::optional<MemoryInfo> memory_from_meminfo(std::string_view meminfo);

// A container's limit is lower than MemTotal, which shows the host: take the
// cgroup v2 memory.max (or v1 memory.limit_in_bytes) under cgroup_root and lower
// available_bytes to what the limit leaves beside current usage.
MemoryInfo apply_cgroup_limit(MemoryInfo info, const std::filesystem::path& cgroup_root);

// /proc/meminfo (else sysconf) and the cgroup under /sys/fs/cgroup.
MemoryInfo detect_memory();

}  // namespace suanli
