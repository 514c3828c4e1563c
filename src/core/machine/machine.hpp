// What this machine is and what it could do in theory: topology, caches,
// memory, ISA features, frequency, and the theoretical peak (Rpeak) per precision.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/precision.hpp"

namespace suanli {

struct CpuFeatures {
  bool sse2 = false, sse3 = false, ssse3 = false, sse4_1 = false, sse4_2 = false;
  bool avx = false, avx2 = false, fma = false, f16c = false;
  bool avx512f = false, avx512dq = false, avx512bw = false, avx512vl = false;
  bool avx512_bf16 = false, avx512_fp16 = false, avx512_vnni = false, avx_vnni = false;
  bool amx_tile = false, amx_bf16 = false, amx_int8 = false;
  bool amx_fp16 = false;  // Granite Rapids: AMX FP16 tiles
  // Names of the features present, in the order above, as lscpu spells them ("avx512_bf16").
  std::vector<std::string> names() const;
};

// The inverse of names(), for features read back from a saved report; unknown names are ignored.
CpuFeatures features_from_names(const std::vector<std::string>& names);

struct CacheLevel {
  int level = 0;
  std::string type;            // "data", "instruction", "unified"
  std::size_t size_bytes = 0;  // one instance; 0: size unknown (Machine::detection_notes says why)
  int instances = 0;           // how many of it the machine has
};

// Rpeak for one precision. flops_per_cycle counts per core and per cycle
// (FMA = 2), from the table in machine/flops_per_cycle.cpp (sources: docs/rpeak.md).
struct PeakEntry {
  Precision precision{};
  double flops_per_cycle = 0;
  bool native = false;        // false: no hardware instruction; the figure is that of the emulation path
  std::string instruction;    // what the figure is counted for, e.g. "vfmadd231pd zmm x2"
  double rpeak_core = 0;      // FLOP/s (OP/s) of one core at rpeak_hz
  double rpeak_node = 0;      // all physical cores
};

struct Machine {
  std::string vendor;             // "AuthenticAMD"
  std::string model;              // "AMD EPYC 9B45"
  std::string microarchitecture;  // "zen5", "skylake-sp", ... or "unknown"
  int cpu_family = 0;             // cpuid display family (26 = 0x1A, Zen 5)
  int cpu_model = 0;              // cpuid display model
  int cpu_stepping = 0;
  // Where each group of fields came from: "sysfs", "cpuinfo", "affinity",
  // "cpuid", "meminfo", "sysconf", "cgroup v2", "cgroup v1", "assumed", or
  // "unknown" when nothing could be read (docs/machine.md).
  std::string topology_source = "unknown";      // sockets, cores, logical CPUs
  std::string numa_source = "unknown";
  std::string caches_source = "unknown";
  std::string memory_source = "unknown";        // total and available
  std::string memory_limit_source = "unknown";  // memory_limit_bytes; a cgroup read with no limit keeps its name
  std::vector<std::string> detection_notes;     // what was assumed or rejected, and why
  int sockets = 1;
  int physical_cores = 1;
  int logical_cpus = 1;
  bool smt = false;  // logical CPUs share a physical core
  int numa_nodes = 1;
  std::vector<CacheLevel> caches;
  std::size_t memory_total_bytes = 0;
  std::size_t memory_available_bytes = 0;  // MemAvailable, lowered to what a cgroup limit leaves
  std::size_t memory_limit_bytes = 0;      // cgroup memory limit below MemTotal; 0 when none
  CpuFeatures features;

  double nominal_hz = 0;       // sysfs cpufreq, model name or /proc/cpuinfo; 0 when unknown
  std::string nominal_source;  // where nominal_hz came from
  double measured_hz_scalar = 0;  // timed dependent chain, no vector load
  double measured_hz_avx2 = 0;    // same chain beside 256-bit FMA load; 0 when not measured
  double measured_hz_avx512 = 0;  // beside 512-bit FMA load; 0 when not measured
  double rpeak_hz = 0;            // the frequency Rpeak is computed from
  std::string rpeak_hz_source;    // e.g. "measured under AVX-512 FMA load"
  std::vector<PeakEntry> peaks;   // one per precision in all_precisions order

  // Total over instances of the highest level; 0 when unknown (no caches, or
  // that level's size was not believable).
  std::size_t last_level_cache_bytes() const;
  const PeakEntry* peak(Precision p) const;     // nullptr when not in the table
};

struct DetectOptions {
  bool measure_frequency = true;  // about 0.18 s of timed loops; off gives nominal-only Rpeak
};

// This machine; detect_machine(MachineSources, ...) in machine_sources.hpp reads a recorded one.
Machine detect_machine(const DetectOptions& options = {});

// Rpeak per precision for m's microarchitecture, features, rpeak_hz and
// physical_cores: what detect_machine stores in peaks. Call it again after
// changing rpeak_hz (e.g. to an all-core frequency measured under load).
std::vector<PeakEntry> peaks_for(const Machine& m);

}  // namespace suanli
