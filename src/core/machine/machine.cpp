// detect_machine: puts the parts together and forms Rpeak = rpeak_hz x FLOP/cycle
// per core, times the physical cores per node.
#include "core/machine/machine.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

#include "core/machine/caches.hpp"
#include "core/machine/cpuid.hpp"
#include "core/machine/flops_per_cycle.hpp"
#include "core/machine/machine_sources.hpp"
#include "core/machine/frequency.hpp"
#include "core/machine/memory.hpp"
#include "core/machine/microarchitecture.hpp"
#include "core/machine/sysfs.hpp"
#include "core/machine/topology.hpp"

namespace suanli {
namespace {

// /proc/cpuinfo's model name, for CPUs without a cpuid brand string.
std::string model_name_from_cpuinfo(std::string_view text) {
  const std::string key = "model name";
  const auto at = text.find(key);
  if (at == std::string::npos) return {};
  const auto colon = text.find(':', at);
  const auto newline = text.find('\n', at);
  if (colon == std::string::npos || colon > newline) return {};
  return std::string(machine_detail::trim(std::string_view(text).substr(colon + 1, newline - colon - 1)));
}

void append(std::vector<std::string>& to, const std::vector<std::string>& notes) {
  to.insert(to.end(), notes.begin(), notes.end());
}

Topology fill_topology(Machine& m, const MachineSources& sources) {
  const Topology t = detect_topology(sources);
  m.sockets = t.sockets;
  m.physical_cores = t.physical_cores;
  m.logical_cpus = t.logical_cpus;
  m.smt = t.logical_cpus > t.physical_cores;
  m.numa_nodes = t.numa_nodes;
  m.topology_source = t.source;
  m.numa_source = t.numa_source;
  append(m.detection_notes, t.notes);
  return t;
}

void fill_caches(Machine& m, const MachineSources& sources, const Topology& t) {
  CacheDetection caches = detect_caches(sources, t);
  m.caches = std::move(caches.caches);
  m.caches_source = caches.source;
  append(m.detection_notes, caches.notes);
}

void fill_memory(Machine& m, const MachineSources& sources) {
  const MemoryInfo memory = detect_memory(sources);
  m.memory_total_bytes = memory.total_bytes;
  m.memory_available_bytes = memory.available_bytes;
  m.memory_limit_bytes = memory.limit_bytes;
  m.memory_source = memory.source;
  m.memory_limit_source = memory.limit_source;
}

void fill_frequency(Machine& m, const MachineSources& sources, DetectOptions options) {
  const auto cpuinfo = machine_detail::read_text_file(sources.path("/proc/cpuinfo")).value_or("");
  const NominalFrequency nominal =
      nominal_frequency(sources.path("/sys/devices/system/cpu/cpu0/cpufreq"), m.model, cpuinfo);
  // Timing loops here would measure this machine, not a recorded one.
  if (!sources.live) options.measure_frequency = false;
  m.nominal_hz = nominal.hz;
  m.nominal_source = nominal.source;
  MeasuredFrequency measured;
  if (options.measure_frequency) measured = measure_core_frequency(m.features);
  m.measured_hz_scalar = measured.scalar_hz;
  m.measured_hz_avx2 = measured.avx2_hz;
  m.measured_hz_avx512 = measured.avx512_hz;
  const RpeakFrequency rpeak = choose_rpeak_frequency(measured, nominal);
  m.rpeak_hz = rpeak.hz;
  m.rpeak_hz_source = rpeak.source;
}

}  // namespace

std::vector<PeakEntry> peaks_for(const Machine& m) {
  std::vector<PeakEntry> peaks = flops_per_cycle_table(m.microarchitecture, m.features);
  for (PeakEntry& entry : peaks) {
    entry.rpeak_core = m.rpeak_hz * entry.flops_per_cycle;
    entry.rpeak_node = entry.rpeak_core * m.physical_cores;
  }
  return peaks;
}

Machine detect_machine(const DetectOptions& options) { return detect_machine(live_machine_sources(), options); }

Machine detect_machine(const MachineSources& sources, const DetectOptions& options) {
  Machine m;
  const CpuIdentity id = read_cpu_identity(*sources.cpuid);
  m.vendor = id.vendor;
  m.model = id.brand.empty()
                ? model_name_from_cpuinfo(machine_detail::read_text_file(sources.path("/proc/cpuinfo")).value_or(""))
                : id.brand;
  m.cpu_family = id.family;
  m.cpu_model = id.model;
  m.cpu_stepping = id.stepping;
  m.features = decode_cpu_features(id.leaves);
  m.microarchitecture = microarchitecture_name(id.vendor, id.family, id.model);
  const Topology topology = fill_topology(m, sources);
  fill_caches(m, sources, topology);
  fill_memory(m, sources);
  fill_frequency(m, sources, options);
  m.peaks = peaks_for(m);
  return m;
}

std::size_t Machine::last_level_cache_bytes() const {
  int last_level = 0;
  for (const CacheLevel& c : caches)
    if (c.type != "instruction") last_level = std::max(last_level, c.level);
  std::size_t total = 0;
  for (const CacheLevel& c : caches)
    if (c.level == last_level && c.type != "instruction") {
      // A level of unknown size leaves the whole last level unknown: the level
      // below is not a safe stand-in (STREAM would size its arrays from it).
      if (c.size_bytes == 0) return 0;
      total += c.size_bytes * static_cast<std::size_t>(c.instances);
    }
  return total;
}

const PeakEntry* Machine::peak(Precision p) const {
  for (const PeakEntry& entry : peaks)
    if (entry.precision == p) return &entry;
  return nullptr;
}

namespace {

// One list for both directions, in the order of the struct (and of names()).
constexpr std::pair<bool CpuFeatures::*, std::string_view> feature_names[] = {
    {&CpuFeatures::sse2, "sse2"},
    {&CpuFeatures::sse3, "sse3"},
    {&CpuFeatures::ssse3, "ssse3"},
    {&CpuFeatures::sse4_1, "sse4_1"},
    {&CpuFeatures::sse4_2, "sse4_2"},
    {&CpuFeatures::avx, "avx"},
    {&CpuFeatures::avx2, "avx2"},
    {&CpuFeatures::fma, "fma"},
    {&CpuFeatures::f16c, "f16c"},
    {&CpuFeatures::avx512f, "avx512f"},
    {&CpuFeatures::avx512dq, "avx512dq"},
    {&CpuFeatures::avx512bw, "avx512bw"},
    {&CpuFeatures::avx512vl, "avx512vl"},
    {&CpuFeatures::avx512_bf16, "avx512_bf16"},
    {&CpuFeatures::avx512_fp16, "avx512_fp16"},
    {&CpuFeatures::avx512_vnni, "avx512_vnni"},
    {&CpuFeatures::avx_vnni, "avx_vnni"},
    {&CpuFeatures::amx_tile, "amx_tile"},
    {&CpuFeatures::amx_bf16, "amx_bf16"},
    {&CpuFeatures::amx_int8, "amx_int8"},
    {&CpuFeatures::amx_fp16, "amx_fp16"},
};

}  // namespace

std::vector<std::string> CpuFeatures::names() const {
  std::vector<std::string> present;
  for (const auto& [field, name] : feature_names)
    if (this->*field) present.emplace_back(name);
  return present;
}

CpuFeatures features_from_names(const std::vector<std::string>& names) {
  CpuFeatures features;
  for (const std::string& present : names)
    for (const auto& [field, name] : feature_names)
      if (present == name) features.*field = true;
  return features;
}

}  // namespace suanli
