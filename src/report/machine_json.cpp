#include "report/machine_json.hpp"

#include <cmath>
#include <string>

namespace suanli {
namespace {

// 0 marks "unknown" or "not measured" in Machine; in JSON that is null, so a
// reader cannot mistake it for a figure.
nlohmann::json positive_or_null(double value) {
  return std::isfinite(value) && value > 0 ? nlohmann::json(value) : nlohmann::json(nullptr);
}

// Sizes: 0 is "unknown" (nothing could read it, or it was not believable).
nlohmann::json bytes_or_null(std::size_t bytes) { return bytes > 0 ? nlohmann::json(bytes) : nlohmann::json(nullptr); }

nlohmann::json finite_or_null(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

nlohmann::json caches_to_json(const std::vector<CacheLevel>& caches) {
  nlohmann::json out = nlohmann::json::array();
  for (const CacheLevel& c : caches)
    out.push_back({{"level", c.level},
                   {"type", c.type},
                   {"size_bytes", bytes_or_null(c.size_bytes)},
                   {"instances", c.instances}});
  return out;
}

nlohmann::json peaks_to_json(const std::vector<PeakEntry>& peaks) {
  nlohmann::json out = nlohmann::json::array();
  for (const PeakEntry& p : peaks)
    out.push_back({{"precision", precision_key(p.precision)},
                   {"unit", is_integer(p.precision) ? "OP/s" : "FLOP/s"},
                   {"flops_per_cycle", finite_or_null(p.flops_per_cycle)},
                   {"native", p.native},
                   {"instruction", p.instruction},
                   {"rpeak_core_flops", finite_or_null(p.rpeak_core)},
                   {"rpeak_node_flops", finite_or_null(p.rpeak_node)}});
  return out;
}

template <typename T>
void read_if_present(const nlohmann::json& json, const char* key, T& into) {
  const auto it = json.find(key);
  if (it != json.end() && !it->is_null()) into = it->get<T>();
}

}  // namespace

nlohmann::json machine_to_json(const Machine& m) {
  return {
      {"vendor", m.vendor},
      {"model", m.model},
      {"microarchitecture", m.microarchitecture},
      {"cpu_family", m.cpu_family},
      {"cpu_model", m.cpu_model},
      {"cpu_stepping", m.cpu_stepping},
      {"topology_source", m.topology_source},
      {"numa_source", m.numa_source},
      {"caches_source", m.caches_source},
      {"memory_source", m.memory_source},
      {"memory_limit_source", m.memory_limit_source},
      {"detection_notes", m.detection_notes},
      {"sockets", m.sockets},
      {"physical_cores", m.physical_cores},
      {"logical_cpus", m.logical_cpus},
      {"smt", m.smt},
      {"numa_nodes", m.numa_nodes},
      {"caches", caches_to_json(m.caches)},
      {"last_level_cache_bytes", bytes_or_null(m.last_level_cache_bytes())},
      {"memory_total_bytes", bytes_or_null(m.memory_total_bytes)},
      {"memory_available_bytes", m.memory_available_bytes},
      {"memory_limit_bytes", bytes_or_null(m.memory_limit_bytes)},
      {"features", m.features.names()},
      {"nominal_hz", positive_or_null(m.nominal_hz)},
      {"nominal_source", m.nominal_source},
      {"measured_hz_scalar", positive_or_null(m.measured_hz_scalar)},
      {"measured_hz_avx2", positive_or_null(m.measured_hz_avx2)},
      {"measured_hz_avx512", positive_or_null(m.measured_hz_avx512)},
      {"rpeak_hz", positive_or_null(m.rpeak_hz)},
      {"rpeak_hz_source", m.rpeak_hz_source},
      {"peaks", peaks_to_json(m.peaks)},
  };
}

Machine machine_from_json(const nlohmann::json& json) {
  Machine m;
  if (!json.is_object()) return m;
  read_if_present(json, "vendor", m.vendor);
  read_if_present(json, "model", m.model);
  read_if_present(json, "microarchitecture", m.microarchitecture);
  read_if_present(json, "cpu_family", m.cpu_family);
  read_if_present(json, "cpu_model", m.cpu_model);
  read_if_present(json, "cpu_stepping", m.cpu_stepping);
  // Reports written before detection recorded its sources keep "unknown".
  read_if_present(json, "topology_source", m.topology_source);
  read_if_present(json, "numa_source", m.numa_source);
  read_if_present(json, "caches_source", m.caches_source);
  read_if_present(json, "memory_source", m.memory_source);
  read_if_present(json, "memory_limit_source", m.memory_limit_source);
  read_if_present(json, "detection_notes", m.detection_notes);
  read_if_present(json, "sockets", m.sockets);
  read_if_present(json, "physical_cores", m.physical_cores);
  read_if_present(json, "logical_cpus", m.logical_cpus);
  read_if_present(json, "smt", m.smt);
  read_if_present(json, "numa_nodes", m.numa_nodes);
  if (auto it = json.find("caches"); it != json.end() && it->is_array())
    for (const auto& c : *it) {
      CacheLevel level;
      read_if_present(c, "level", level.level);
      read_if_present(c, "type", level.type);
      read_if_present(c, "size_bytes", level.size_bytes);  // null: size unknown, stays 0
      read_if_present(c, "instances", level.instances);
      m.caches.push_back(level);
    }
  read_if_present(json, "memory_total_bytes", m.memory_total_bytes);
  read_if_present(json, "memory_available_bytes", m.memory_available_bytes);
  read_if_present(json, "memory_limit_bytes", m.memory_limit_bytes);
  if (auto it = json.find("features"); it != json.end() && it->is_array())
    m.features = features_from_names(it->get<std::vector<std::string>>());
  read_if_present(json, "nominal_hz", m.nominal_hz);
  read_if_present(json, "nominal_source", m.nominal_source);
  read_if_present(json, "measured_hz_scalar", m.measured_hz_scalar);
  read_if_present(json, "measured_hz_avx2", m.measured_hz_avx2);
  read_if_present(json, "measured_hz_avx512", m.measured_hz_avx512);
  read_if_present(json, "rpeak_hz", m.rpeak_hz);
  read_if_present(json, "rpeak_hz_source", m.rpeak_hz_source);
  if (auto it = json.find("peaks"); it != json.end() && it->is_array())
    for (const auto& p : *it) {
      const auto precision = parse_precision(p.value("precision", std::string()));
      if (!precision) continue;
      PeakEntry e;
      e.precision = *precision;
      read_if_present(p, "flops_per_cycle", e.flops_per_cycle);
      read_if_present(p, "native", e.native);
      read_if_present(p, "instruction", e.instruction);
      read_if_present(p, "rpeak_core_flops", e.rpeak_core);
      read_if_present(p, "rpeak_node_flops", e.rpeak_node);
      m.peaks.push_back(e);
    }
  return m;
}

}  // namespace suanli
