// Caches from CPUID, for machines (VMs, containers) without sysfs cache directories.
#include <algorithm>
#include <cstdint>
#include <string>

#include <fmt/format.h>

#include "core/machine/caches.hpp"
#include "core/machine/cpuid.hpp"
#include "core/machine/machine_sources.hpp"
#include "core/units.hpp"

namespace suanli {
namespace {


// No one CCX has more L3 than 96 MiB (3D V-Cache); the legacy leaf reports one CCX's.
constexpr std::size_t max_legacy_l3_bytes = std::size_t{128} << 20;
constexpr std::size_t max_instance_bytes = std::size_t{4} << 30;
constexpr std::size_t max_bytes_per_logical_cpu = std::size_t{128} << 20;

std::string cache_label(const CacheLevel& c) {
  if (c.type == "data") return fmt::format("L{}d", c.level);
  if (c.type == "instruction") return fmt::format("L{}i", c.level);
  return fmt::format("L{}", c.level);
}

std::string bytes_text(std::size_t bytes) { return format_iec_bytes(static_cast<double>(bytes)); }

// Leaf 4 and 0x8000001D share one layout: EAX type[4:0], level[7:5], sharing[25:14];
// EBX ways[31:22], partitions[21:12], line[11:0]; ECX sets; each stored minus one.
std::vector<CacheLevel> descriptor_caches(const CpuidSource& cpuid, std::uint32_t leaf, const Topology& t,
                                          int hardware_threads_per_core) {
  std::vector<CacheLevel> caches;
  const int threads_per_core = std::max({1, t.logical_cpus / std::max(1, t.physical_cores), hardware_threads_per_core});
  for (std::uint32_t subleaf = 0; subleaf < 16; ++subleaf) {
    const CpuidRegisters r = cpuid.query(leaf, subleaf);
    const std::uint32_t type = r.eax & 0x1F;
    if (type == 0) break;
    if (type > 3) continue;
    CacheLevel c;
    c.level = static_cast<int>((r.eax >> 5) & 0x7);
    c.type = type == 1 ? "data" : type == 2 ? "instruction" : "unified";
    const std::size_t ways = (r.ebx >> 22) + 1, partitions = ((r.ebx >> 12) & 0x3FF) + 1, line = (r.ebx & 0xFFF) + 1;
    c.size_bytes = ways * partitions * line * (static_cast<std::size_t>(r.ecx) + 1);
    const int sharing = static_cast<int>((r.eax >> 14) & 0xFFF) + 1;
    // A cache shared by no more than one core's threads is per core; else one per
    // group of `sharing` logical CPUs, at least one per socket, at most one per core.
    c.instances = sharing <= threads_per_core
                      ? t.physical_cores
                      : std::clamp((t.logical_cpus + sharing - 1) / sharing, t.sockets, t.physical_cores);
    caches.push_back(c);
  }
  return caches;
}

std::vector<CacheLevel> legacy_amd_caches(const CpuidSource& cpuid, const Topology& t, int family,
                                          std::vector<std::string>& notes) {
  std::vector<CacheLevel> caches;
  const std::uint32_t max_extended = cpuid.query(0x80000000).eax;
  if (max_extended < 0x80000005) return caches;
  const CpuidRegisters l1 = cpuid.query(0x80000005);
  // Sizes in KiB: L1d ECX[31:24], L1i EDX[31:24], L2 ECX[31:16]; L3 EDX[31:18] in 512 KiB.
  if (const std::size_t kib = l1.ecx >> 24; kib > 0) caches.push_back({1, "data", kib << 10, t.physical_cores});
  if (const std::size_t kib = l1.edx >> 24; kib > 0) caches.push_back({1, "instruction", kib << 10, t.physical_cores});
  if (max_extended < 0x80000006) return caches;
  const CpuidRegisters l2l3 = cpuid.query(0x80000006);
  if (const std::size_t kib = l2l3.ecx >> 16; kib > 0) caches.push_back({2, "unified", kib << 10, t.physical_cores});
  const std::size_t l3 = static_cast<std::size_t>(l2l3.edx >> 18) * (512 << 10);
  if (l3 > max_legacy_l3_bytes) {
    notes.push_back(fmt::format("L3 size unknown: cpuid 0x80000006 reports {}, more than any one CCX has (at most "
                                "96 MiB); a hypervisor passing the host's figure through",
                                bytes_text(l3)));
    caches.push_back({3, "unified", 0, t.sockets});
  } else if (l3 == 0 && family >= 0x17) {
    notes.push_back("L3 size unknown: cpuid 0x80000006 reports none, but every Zen core has an L3");
    caches.push_back({3, "unified", 0, t.sockets});
  } else if (l3 > 0) {
    caches.push_back({3, "unified", l3, t.sockets});
  }
  if (!caches.empty())
    notes.push_back("caches from cpuid 0x80000005/0x80000006, which give no sharing: L1 and L2 one per core, "
                    "L3 one per socket assumed");
  return caches;
}

}  // namespace

std::optional<CacheDetection> caches_from_cpuid(const CpuidSource& cpuid, const Topology& topology) {
  const CpuIdentity id = read_cpu_identity(cpuid);
  const int hardware_threads = threads_per_core_from_cpuid(cpuid).value_or(1);
  CacheDetection d;
  d.source = "cpuid";
  if (id.vendor == "GenuineIntel" && cpuid.query(0).eax >= 4) {
    d.caches = descriptor_caches(cpuid, 4, topology, hardware_threads);
    if (!d.caches.empty()) d.notes.push_back("caches from cpuid leaf 4");
  }
  const bool topoext = cpuid_bit(cpuid.query(0x80000001).ecx, 22);
  if (d.caches.empty() && topoext && cpuid.query(0x80000000).eax >= 0x8000001D) {
    d.caches = descriptor_caches(cpuid, 0x8000001D, topology, hardware_threads);
    if (!d.caches.empty()) d.notes.push_back("caches from cpuid leaf 0x8000001D");
  }
  if (d.caches.empty() && (id.vendor == "AuthenticAMD" || id.vendor == "HygonGenuine"))
    d.caches = legacy_amd_caches(cpuid, topology, id.family, d.notes);
  if (d.caches.empty()) return std::nullopt;
  return d;
}

void reject_implausible_sizes(CacheDetection& d, const Topology& t) {
  for (CacheLevel& c : d.caches) {
    if (c.size_bytes == 0) continue;
    const std::size_t total = c.size_bytes * static_cast<std::size_t>(std::max(1, c.instances));
    const int cpus = std::max(1, t.logical_cpus);
    if (c.size_bytes > max_instance_bytes) {
      d.notes.push_back(fmt::format("{} size unknown: {} reported for one instance, more than any CPU has",
                                    cache_label(c), bytes_text(c.size_bytes)));
      c.size_bytes = 0;
    } else if (total > max_bytes_per_logical_cpu * static_cast<std::size_t>(cpus)) {
      d.notes.push_back(fmt::format("{} size unknown: {} in all for {} logical CPU(s) is more than any CPU has "
                                    "(at most {} per logical CPU)",
                                    cache_label(c), bytes_text(total), cpus, bytes_text(max_bytes_per_logical_cpu)));
      c.size_bytes = 0;
    }
  }
}

CacheDetection detect_caches(const MachineSources& sources, const Topology& topology) {
  CacheDetection d;
  d.caches = caches_from_sysfs(sources.path("/sys/devices/system/cpu"));
  if (!d.caches.empty()) {
    d.source = "sysfs";
  } else if (auto from_cpuid = caches_from_cpuid(*sources.cpuid, topology)) {
    d = std::move(*from_cpuid);
  }
  reject_implausible_sizes(d, topology);
  return d;
}

}  // namespace suanli
