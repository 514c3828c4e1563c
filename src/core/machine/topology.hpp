// How many sockets, physical cores, logical CPUs and NUMA nodes the machine has.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

namespace suanli {

struct Topology {
  int sockets = 1;
  int physical_cores = 1;
  int logical_cpus = 1;
  int numa_nodes = 1;
};

// From /sys/devices/system/cpu (online CPUs, their package ids and core sibling
// lists) and /sys/devices/system/node; nullopt when the CPU tree is missing.
// The roots are parameters so tests can point them at a made-up tree.
std::optional<Topology> topology_from_sysfs(const std::filesystem::path& cpu_root,
                                            const std::filesystem::path& node_root);

// From /proc/cpuinfo text ("processor", "physical id", "core id"); nullopt when
// it lists no processor. Knows nothing of NUMA: numa_nodes stays 1.
std::optional<Topology> topology_from_cpuinfo(std::string_view cpuinfo);

// sysfs, else /proc/cpuinfo, else std::thread::hardware_concurrency cores.
Topology detect_topology();

}  // namespace suanli
