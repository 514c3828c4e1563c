// How many sockets, physical cores, logical CPUs and NUMA nodes the machine
// has, and where each figure came from.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace suanli {

struct MachineSources;
class CpuidSource;

struct Topology {
  int sockets = 1;
  int physical_cores = 1;
  int logical_cpus = 1;
  int numa_nodes = 1;
  std::string source = "assumed";       // "sysfs", "cpuinfo", "affinity" or "assumed"
  std::string numa_source = "assumed";  // "sysfs" or "assumed"
  std::vector<std::string> notes;       // what was assumed, and why
};

// From /sys/devices/system/cpu (online CPUs, their package ids and core sibling
// lists) and /sys/devices/system/node; nullopt when a CPU has no topology files
// (a container that masks them): counting it as its own core would be a guess.
// The roots are parameters so tests can point them at a made-up tree.
std::optional<Topology> topology_from_sysfs(const std::filesystem::path& cpu_root,
                                            const std::filesystem::path& node_root);

// From /proc/cpuinfo text ("processor", "physical id", "core id"); nullopt when
// it lists no processor. Knows nothing of NUMA.
std::optional<Topology> topology_from_cpuinfo(std::string_view cpuinfo);

// allowed_cpus logical CPUs (the affinity mask), split into cores by the
// threads per core that CPUID reports (leaf 0xB, else AMD 0x8000001E); one
// thread per core and one socket when it reports none (noted).
Topology topology_from_affinity(int allowed_cpus, const CpuidSource& cpuid);

// Threads per core from CPUID; nullopt when the CPU (or hypervisor) does not say.
std::optional<int> threads_per_core_from_cpuid(const CpuidSource& cpuid);

// NUMA nodes under node_root ("online", else node<N> entries); nullopt when none.
std::optional<int> numa_nodes_from_sysfs(const std::filesystem::path& node_root);

// sysfs, else /proc/cpuinfo, else the affinity mask with CPUID, else assumed
// (std::thread::hardware_concurrency when live, 1 otherwise). NUMA from sysfs, else 1 assumed.
Topology detect_topology(const MachineSources& sources);

}  // namespace suanli
