// Results are plain data: benchmarks fill them, reporters only read them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/machine/machine.hpp"
#include "core/stats.hpp"

namespace suanli {

inline constexpr const char* report_schema = "suanli/1";

using ParameterValue = std::variant<bool, std::int64_t, double, std::string>;

struct Parameter {
  std::string name;
  ParameterValue value;
};

// What could make the figure wrong, checked in this run. A result whose
// verification did not pass is a failure (exit code 1), never a figure.
struct Verification {
  bool passed = false;
  std::string quantity;   // "max relative error vs analytic value"
  double value = 0;       // what was measured
  double threshold = 0;   // passed when value <= threshold
};

// How a result enters the roofline: the compute roof of its precision (peak,
// FMA-only), the memory roof (STREAM Triad), a kernel point, or not at all.
enum class RooflineRole { none, compute_roof, memory_roof, point };
std::string_view roofline_role_key(RooflineRole role);

struct Result {
  std::string benchmark;  // "stream"
  std::string metric;     // "triad"
  std::string precision;  // precision key ("fp64") or "" when none applies
  std::string unit;       // "B/s", "FLOP/s", "OP/s", "s", "Hz"
  double value = 0;       // the headline figure, in unit
  std::string statistic;  // which statistic of the trials value is: "best" (STREAM), "median"
  Stats stats;            // over the trials, in unit
  std::vector<Parameter> parameters;  // the effective configuration
  Verification verification;
  std::optional<double> rpeak;       // same unit as value, when the machine has one for it
  std::optional<double> efficiency;  // value / rpeak
  std::vector<std::string> notes;    // things a reader must know, e.g. "logical CPUs share cores"
  // Roofline data. arithmetic_intensity is FLOP (OP) per byte moved, from the
  // formula next to the kernel; unset where no bytes move (register-only loops).
  std::optional<double> arithmetic_intensity;
  RooflineRole roofline_role = RooflineRole::none;
};

struct HostRanks {
  std::string host;
  int ranks = 0;
};

struct WorldInfo {
  int ranks = 1;
  int threads_per_rank = 1;
  bool mpi_launched = false;  // started by mpirun/srun rather than as a singleton
  std::string thread_placement;  // how OpenMP threads were placed, e.g. "pinned by suanli: ..."
  std::vector<HostRanks> hosts;
};

struct Report {
  std::string schema = report_schema;
  std::string command_line;
  std::vector<Parameter> versions;  // suanli, compiler, MPI library, fmt, build type
  std::string start_time;           // ISO 8601 UTC
  std::string end_time;
  Machine machine;
  WorldInfo world;
  std::vector<Result> results;

  bool all_verified() const;
};

// A parameter's value as the text a table shows.
std::string parameter_text(const ParameterValue& value);

}  // namespace suanli
