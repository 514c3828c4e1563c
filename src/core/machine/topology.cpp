#include "core/machine/topology.hpp"

#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/machine/sysfs.hpp"

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
  const std::regex pattern(prefix + "([0-9]+)");
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    std::smatch match;
    const std::string name = entry.path().filename().string();
    if (std::regex_match(name, match, pattern)) numbers.push_back(std::stoi(match[1].str()));
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
std::string core_key(const fs::path& topology_dir, int cpu) {
  for (const char* file : {"core_cpus_list", "thread_siblings_list"})
    if (auto list = read_trimmed_line(topology_dir / file)) return *list;
  const auto package = read_integer_file(topology_dir / "physical_package_id");
  const auto core = read_integer_file(topology_dir / "core_id");
  if (package && core) return std::to_string(*package) + ":" + std::to_string(*core);
  return "cpu" + std::to_string(cpu);
}

int count_numa_nodes(const fs::path& node_root) {
  if (auto list = read_text_file(node_root / "online")) {
    const auto nodes = parse_cpu_list(*list);
    if (!nodes.empty()) return static_cast<int>(nodes.size());
  }
  const auto nodes = numbered_entries(node_root, "node");
  return nodes.empty() ? 1 : static_cast<int>(nodes.size());
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
    packages.insert(read_integer_file(topology_dir / "physical_package_id").value_or(0));
    cores.insert(core_key(topology_dir, cpu));
  }
  Topology t;
  t.logical_cpus = static_cast<int>(cpus.size());
  t.sockets = static_cast<int>(packages.size());
  t.physical_cores = static_cast<int>(cores.size());
  t.numa_nodes = count_numa_nodes(node_root);
  return t;
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
  t.logical_cpus = processors;
  t.sockets = packages.empty() ? 1 : static_cast<int>(packages.size());
  t.physical_cores = has_core_ids ? static_cast<int>(cores.size()) : processors;
  return t;
}

Topology detect_topology() {
  if (auto t = topology_from_sysfs("/sys/devices/system/cpu", "/sys/devices/system/node")) return *t;
  if (auto text = read_text_file("/proc/cpuinfo"))
    if (auto t = topology_from_cpuinfo(*text)) return *t;
  Topology t;
  t.logical_cpus = t.physical_cores = std::max(1u, std::thread::hardware_concurrency());
  return t;
}

}  // namespace suanli
