// The whole HPCG benchmark on this rank's box (HPCG 3.1's main): setup,
// optimisation, validation, the reference residual reduction, the optimised
// iteration count that reaches it, then timed CG sets until the time is spent.
#pragma once

#include <functional>
#include <vector>

#include "par/world.hpp"
#include "solvers/cg_mg/conjugate_gradient.hpp"
#include "solvers/cg_mg/kernel_traffic.hpp"
#include "solvers/cg_mg/operation_count.hpp"
#include "solvers/cg_mg/validation.hpp"

namespace suanli::solvers::cg_mg {

struct HpcgOptions {
  ProcessShape shape;
  int nx = 16, ny = 16, nz = 16;  // local box
  double seconds = 1.0;           // timed CG sets run at least this long (at least one set)
  bool reference = false;         // time the reference twins instead of the optimised kernels
  // Called on every rank after each timed CG set, with sets done and sets in all (a progress line).
  std::function<void(int, int)> on_set{};
};

inline constexpr int reference_iterations = 50;  // HPCG's refMaxIters
inline constexpr int iteration_limit = 10 * reference_iterations;

struct HpcgOutcome {
  SymmetryCheck symmetry;
  CgCheck cg_test;
  NormsCheck norms;
  double reference_reduction = 0;  // ||r||/||r0|| after 50 reference iterations
  int optimised_iterations = 0;    // iterations the timed kernels need to match it
  bool converged = false;          // they matched it within iteration_limit
  int sets = 0;
  double setup_seconds = 0;         // problem generation, slowest rank
  double optimisation_seconds = 0;  // optimised layout, slowest rank
  double cg_seconds = 0;            // the timed sets, slowest rank
  CgTimes times;                    // the timed sets, slowest rank per part
  std::vector<LevelTotals> levels;
  OperationCounts counts;        // of the timed sets
  double raw_rate = 0;           // counts.flops() / cg_seconds
  // HPCG's rating: the FLOPs the reference needs (×50/optimised_iterations) over
  // the time, with a tenth of the setup and optimisation times charged to each
  // set, as HPCG 3.1 does.
  double rate = 0;
  double bandwidth = 0;  // counts.bytes() / cg_seconds, B/s
  KernelTraffic traffic;        // the bytes the timed kernels move per iteration, all ranks
  double kernel_bytes = 0;      // traffic.total(sets, optimised_iterations): the timed sets
  double kernel_bandwidth = 0;  // kernel_bytes / cg_seconds, B/s
  double solution_error = 0;  // max |x − 1| after the last set
  int colours = 0;            // of the fine level's colouring (optimised)
  double problem_bytes = 0;   // this rank's matrices and vectors
  std::int64_t halo_values = 0;  // values this rank sends per fine-level exchange

  int failures() const {
    return (symmetry.passed() ? 0 : 1) + (cg_test.passed() ? 0 : 1) + (norms.passed() ? 0 : 1) + (converged ? 0 : 1);
  }
  bool valid() const { return failures() == 0; }
};

// Every rank calls it; the options must already be valid (the benchmark checks
// them before any work).
HpcgOutcome run_hpcg(const par::World& world, const HpcgOptions& options);

}  // namespace suanli::solvers::cg_mg
