#include "report/machine_text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string_view>
#include <vector>

#include "core/units.hpp"
#include "report/text_table.hpp"

namespace suanli {
namespace {

constexpr int label_width = 14;

std::string line(std::string_view label, std::string_view value) {
  return fmt::format("{:<{}}{}\n", label, label_width, value);
}

std::string plural(int count, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", count, count == 1 ? one : many);
}

// Where a line's figures came from, as detection recorded it ("unknown" when nothing could be read).
std::string from(std::string_view source) {
  if (source == "assumed") return " (assumed)";
  if (source.empty() || source == "unknown") return " (no source could read it)";
  return fmt::format(" (from {})", source);
}

std::string bytes_or_unknown(std::size_t bytes) {
  return bytes > 0 ? format_iec_bytes(static_cast<double>(bytes)) : "size unknown";
}

std::string hz_or_dash(double hz) { return hz > 0 ? format_si(hz, "Hz") : "-"; }

std::string identity(const Machine& m) {
  std::string out = line("CPU", m.model.empty() ? "(no model name)" : m.model);
  out += line("Vendor", fmt::format("{}, family 0x{:02X} model 0x{:02X} stepping {}", m.vendor, m.cpu_family,
                                    m.cpu_model, m.cpu_stepping));
  out += line("Microarch", m.microarchitecture);
  return out;
}

std::string topology(const Machine& m) {
  const std::string sharing = m.smt ? fmt::format("SMT: {} logical CPUs per core share it",
                                                  m.logical_cpus / std::max(1, m.physical_cores))
                                    : "no SMT: one logical CPU per physical core";
  std::string out = line("Topology", fmt::format("{}, {}, {} ({})", plural(m.sockets, "socket", "sockets"),
                                                 plural(m.physical_cores, "physical core", "physical cores"),
                                                 plural(m.logical_cpus, "logical CPU", "logical CPUs"), sharing) +
                                         from(m.topology_source));
  out += line("NUMA nodes", std::to_string(m.numa_nodes) + from(m.numa_source));
  return out;
}

std::string cache_name(const CacheLevel& c) {
  if (c.type == "data") return fmt::format("L{}d", c.level);
  if (c.type == "instruction") return fmt::format("L{}i", c.level);
  return fmt::format("L{}", c.level);
}

std::string caches(const Machine& m) {
  if (m.caches.empty()) return line("Caches", "unknown (neither sysfs nor CPUID describes them)");
  std::string list;
  for (const CacheLevel& c : m.caches) {
    if (!list.empty()) list += ", ";
    list += fmt::format("{} {} x{}", cache_name(c), bytes_or_unknown(c.size_bytes), c.instances);
  }
  const std::size_t llc = m.last_level_cache_bytes();
  list += llc > 0 ? fmt::format(" (last level {} in all)", format_iec_bytes(static_cast<double>(llc)))
                  : std::string(" (last level unknown)");
  return line("Caches", list + from(m.caches_source));
}

std::string memory(const Machine& m) {
  if (m.memory_total_bytes == 0) return line("Memory", "unknown (neither /proc/meminfo nor sysconf answered)");
  std::string text = fmt::format("{} total, {} available", format_iec_bytes(static_cast<double>(m.memory_total_bytes)),
                                 format_iec_bytes(static_cast<double>(m.memory_available_bytes)));
  text += from(m.memory_source);
  if (m.memory_limit_bytes > 0)
    text += fmt::format("; limit {} (from {})", format_iec_bytes(static_cast<double>(m.memory_limit_bytes)),
                        m.memory_limit_source);
  else if (m.memory_limit_source.empty() || m.memory_limit_source == "unknown")
    text += "; limit unknown (no memory cgroup could be read)";
  else
    text += fmt::format("; no limit below total (from {})", m.memory_limit_source);
  return line("Memory", text);
}

std::string notes(const Machine& m) {
  std::string out;
  for (std::size_t i = 0; i < m.detection_notes.size(); ++i) out += line(i == 0 ? "Detection" : "", m.detection_notes[i]);
  return out;
}

std::string features(const Machine& m) {
  const auto names = m.features.names();
  return line("ISA", names.empty() ? "-" : fmt::format("{}", fmt::join(names, " ")));
}

std::string frequencies(const Machine& m) {
  std::string out = line("Nominal", m.nominal_hz > 0 ? fmt::format("{} ({})", format_si(m.nominal_hz, "Hz"),
                                                                    m.nominal_source)
                                                      : "unknown");
  out += line("Measured", fmt::format("{} scalar, {} AVX2, {} AVX-512 (one core, dependent-add chain)",
                                      hz_or_dash(m.measured_hz_scalar), hz_or_dash(m.measured_hz_avx2),
                                      hz_or_dash(m.measured_hz_avx512)));
  out += line("Rpeak clock", fmt::format("{} ({})", hz_or_dash(m.rpeak_hz), m.rpeak_hz_source));
  return out;
}

std::string peaks(const Machine& m) {
  TextTable table({"precision", "per cycle", "Rpeak core", fmt::format("Rpeak node ({} cores)", m.physical_cores),
                   "hardware", "counted for"},
                  {Align::left, Align::right, Align::right, Align::right, Align::left, Align::left});
  for (const PeakEntry& p : m.peaks) {
    const std::string unit(rate_unit(p.precision));
    table.add_row({std::string(precision_label(p.precision)), fmt::format("{:g}", p.flops_per_cycle),
                   format_si(p.rpeak_core, unit), format_si(p.rpeak_node, unit), p.native ? "native" : "emulated",
                   p.instruction});
  }
  return "Rpeak = physical cores x Rpeak clock x FLOP (OP) per cycle per core; see docs/rpeak.md\n" +
         table.render();
}

}  // namespace

std::string render_machine_text(const Machine& m) {
  return identity(m) + topology(m) + caches(m) + memory(m) + notes(m) + features(m) + frequencies(m) + "\n" +
         peaks(m);
}

}  // namespace suanli
