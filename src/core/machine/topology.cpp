#include "core/machine/topology.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <sched.h>

#include "core/machine/cpuid.hpp"
#include "core/machine/cpuid_source.hpp"
#include "core/machine/machine_sources.hpp"
#include "core/machine/sysfs.hpp"
#include "core/numbered_name.hpp"

namespace suanli {
namespace {

namespace fs = std::filesystem;
using machine_detail::parse_cpu_list;
using machine_detail::read_integer_file;
using machine_detail::read_text_file;
using machine_detail::read_trimmed_line;

// Indices of the entries named prefix<N> in a directory ("cpu3", "node1").
std::vector<int> numbered_entries(const fs::path& dir, const std::string& prefix) {
  std::vector<int> numbers;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    if (const auto number = number_between(entry.path().filename().string(), prefix))
      numbers.push_back(static_cast<int>(*number));
  }
  std::sort(numbers.begin(), numbers.end());
  return numbers;
}

std::vector<int> online_cpus(const fs::path& cpu_root) {
  if (auto list = read_text_file(cpu_root / "online")) {
    auto cpus = parse_cpu_list(*list);
    if (!cpus.empty()) return cpus;
  }
  return numbered_entries(cpu_root, "cpu");
}

// The logical CPUs that share this CPU's physical core, as the kernel lists
// them: equal for every SMT sibling, so distinct lists count physical cores.
// (core_id alone is not enough: it repeats across packages and, on some AMD parts, dies.)
// nullopt when the CPU has no topology files (a container that masks them).
std::optional<std::string> core_key(const fs::path& topology_dir) {
  for (const char* file : {"core_cpus_list", "thread_siblings_list"})
    if (auto list = read_trimmed_line(topology_dir / file)) return *list;
  const auto package = read_integer_file(topology_dir / "physical_package_id");
  const auto core = read_integer_file(topology_dir / "core_id");
  if (package && core) return std::to_string(*package) + ":" + std::to_string(*core);
  return std::nullopt;
}


// "Cpus_allowed_list:\t0-3" in /proc/self/status: the affinity mask of a recording.
int allowed_cpus_from_status(std::string_view status) {
  const std::string_view key = "Cpus_allowed_list:";
  const auto at = status.find(key);
  if (at == std::string_view::npos) return 0;
  const auto value = status.substr(at + key.size(), status.find('\n', at) - at - key.size());
  return static_cast<int>(parse_cpu_list(value).size());
}

int allowed_cpus(const MachineSources& sources) {
  if (sources.live) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0) return CPU_COUNT(&set);
  }
  return allowed_cpus_from_status(read_text_file(sources.path("/proc/self/status")).value_or(""));
}

// "key\t: value" lines of /proc/cpuinfo.
std::pair<std::string_view, std::string_view> split_cpuinfo_line(std::string_view line) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return {};
  return {machine_detail::trim(line.substr(0, colon)), machine_detail::trim(line.substr(colon + 1))};
}

}  // namespace

std::optional<Topology> topology_from_sysfs(const fs::path& cpu_root, const fs::path& node_root) {
  const auto cpus = online_cpus(cpu_root);
  if (cpus.empty()) return std::nullopt;
  std::set<long long> packages;
  std::set<std::string> cores;
  for (int cpu : cpus) {
    const fs::path topology_dir = cpu_root / ("cpu" + std::to_string(cpu)) / "topology";
    const auto key = core_key(topology_dir);
    if (!key) return std::nullopt;  // counting each CPU as a core would be a guess
    packages.insert(read_integer_file(topology_dir / "physical_package_id").value_or(0));
    cores.insert(*key);
  }
  Topology t;
  t.source = "sysfs";
  t.logical_cpus = static_cast<int>(cpus.size());
  t.sockets = static_cast<int>(packages.size());
  t.physical_cores = static_cast<int>(cores.size());
  if (auto nodes = numa_nodes_from_sysfs(node_root)) {
    t.numa_nodes = *nodes;
    t.numa_source = "sysfs";
  }
  return t;
}

std::optional<int> numa_nodes_from_sysfs(const fs::path& node_root) {
  if (auto list = read_text_file(node_root / "online")) {
    const auto nodes = parse_cpu_list(*list);
    if (!nodes.empty()) return static_cast<int>(nodes.size());
  }
  const auto nodes = numbered_entries(node_root, "node");
  if (nodes.empty()) return std::nullopt;
  return static_cast<int>(nodes.size());
}

std::optional<Topology> topology_from_cpuinfo(std::string_view cpuinfo) {
  int processors = 0;
  std::set<std::string> packages;
  std::set<std::pair<std::string, std::string>> cores;
  std::string package, core;
  bool has_core_ids = false;
  auto end_processor_block = [&] {
    if (!core.empty()) cores.insert({package, core});
    package.clear();
    core.clear();
  };
  while (!cpuinfo.empty()) {
    const auto newline = cpuinfo.find('\n');
    const std::string_view line = cpuinfo.substr(0, newline);
    cpuinfo = newline == std::string_view::npos ? std::string_view{} : cpuinfo.substr(newline + 1);
    const auto [key, value] = split_cpuinfo_line(line);
    if (key == "processor") {
      end_processor_block();
      ++processors;
    } else if (key == "physical id") {
      package = value;
      packages.insert(package);
    } else if (key == "core id") {
      core = value;
      has_core_ids = true;
    }
  }
  end_processor_block();
  if (processors == 0) return std::nullopt;
  Topology t;
  t.source = "cpuinfo";
  t.logical_cpus = processors;
  t.sockets = packages.empty() ? 1 : static_cast<int>(packages.size());
  t.physical_cores = has_core_ids ? static_cast<int>(cores.size()) : processors;
  if (packages.empty()) t.notes.push_back("sockets assumed 1: /proc/cpuinfo has no \"physical id\"");
  if (!has_core_ids) t.notes.push_back("one thread per core assumed: /proc/cpuinfo has no \"core id\"");
  return t;
}

std::optional<int> threads_per_core_from_cpuid(const CpuidSource& cpuid) {
  // Leaf 0xB (Intel, and AMD since Zen 2): the level of type 1 (SMT) counts the
  // logical processors of one core.
  if (cpuid.query(0).eax >= 0xB)
    for (std::uint32_t subleaf = 0; subleaf < 8; ++subleaf) {
      const CpuidRegisters r = cpuid.query(0xB, subleaf);
      const std::uint32_t type = (r.ecx >> 8) & 0xFF;
      if (type == 0) break;
      if (type == 1 && (r.ebx & 0xFFFF) > 0) return static_cast<int>(r.ebx & 0xFFFF);
    }
  // AMD with TOPOEXT (0x80000001 ECX bit 22): 0x8000001E EBX[15:8] is threads per core - 1.
  const bool topoext = cpuid_bit(cpuid.query(0x80000001).ecx, 22);
  if (topoext && cpuid.query(0x80000000).eax >= 0x8000001E) {
    const CpuidRegisters r = cpuid.query(0x8000001E);
    if (r.ebx != 0 || r.eax != 0) return static_cast<int>(((r.ebx >> 8) & 0xFF) + 1);
  }
  return std::nullopt;
}

Topology topology_from_affinity(int allowed, const CpuidSource& cpuid) {
  Topology t;
  t.source = "affinity";
  t.logical_cpus = std::max(1, allowed);
  int threads = 1;
  if (auto from_cpuid = threads_per_core_from_cpuid(cpuid)) {
    threads = std::clamp(*from_cpuid, 1, t.logical_cpus);
  } else {
    t.notes.push_back("one thread per core assumed: cpuid reports no SMT level (leaf 0xB, 0x8000001E)");
  }
  // A mask can hold part of a core (3 CPUs of 2-thread cores touch 2 cores).
  t.physical_cores = (t.logical_cpus + threads - 1) / threads;
  t.notes.push_back("sockets assumed 1: neither sysfs nor /proc/cpuinfo lists packages");
  return t;
}

namespace {

Topology cores_and_threads(const MachineSources& sources) {
  if (auto t = topology_from_sysfs(sources.path("/sys/devices/system/cpu"), sources.path("/sys/devices/system/node")))
    return *t;
  if (auto text = read_text_file(sources.path("/proc/cpuinfo")))
    if (auto t = topology_from_cpuinfo(*text)) return *t;
  if (const int allowed = allowed_cpus(sources); allowed > 0) return topology_from_affinity(allowed, *sources.cpuid);
  Topology t;
  if (sources.live) t.logical_cpus = t.physical_cores = std::max(1u, std::thread::hardware_concurrency());
  t.notes.push_back("topology assumed: no sysfs, /proc/cpuinfo or affinity mask could be read");
  return t;
}

}  // namespace

Topology detect_topology(const MachineSources& sources) {
  Topology t = cores_and_threads(sources);
  // sysfs may list nodes even where the CPU tree is missing, and vice versa.
  if (t.numa_source != "sysfs")
    if (auto nodes = numa_nodes_from_sysfs(sources.path("/sys/devices/system/node"))) {
      t.numa_nodes = *nodes;
      t.numa_source = "sysfs";
    }
  return t;
}

}  // namespace suanli
