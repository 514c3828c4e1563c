// 2D incompressible Navier–Stokes on a uniform staggered (MAC) grid, decomposed over a px×py grid
// of ranks, by the projection method: an explicit advection–diffusion predictor, then ∇²φ = ∇·u*/Δt
// solved by multigrid, then u = u* − Δt∇φ, so each step leaves u discretely divergence-free.
// Δt adapts each step to the explicit limits: Re·h²/4 (diffusion), h/|u|max (advection) and
// 2ν/|u|² (central advection with forward Euler), times a safety factor.
#pragma once

#include <mpi.h>

#include <functional>
#include <string>
#include <vector>

#include "solvers/navier_stokes/flow_config.hpp"

namespace suanli::solvers::navier_stokes {

// The whole grid's fields (n×n, row-major, x fastest), identical on every rank: u(i, j) on the east
// face of cell (i, j), v(i, j) on its north face, p at its centre (mean zero).
struct FlowFields {
  int n = 0;
  double length = 1;  // side of the square domain
  bool periodic = false;  // Taylor–Green's box; else the cavity's walls
  std::vector<double> u, v, p;
  double h() const { return length / n; }
  double u_at(int i, int j) const { return u[static_cast<std::size_t>(j) * n + i]; }
  double v_at(int i, int j) const { return v[static_cast<std::size_t>(j) * n + i]; }
  double p_at(int i, int j) const { return p[static_cast<std::size_t>(j) * n + i]; }
};

struct FlowRun {
  long steps = 0;
  double simulated_time = 0;  // in L/U
  double seconds = 0;         // wall time of the time loop, slowest rank
  double poisson_seconds = 0;
  long poisson_cycles = 0;    // V-cycles over all solves
  long poisson_solves = 0;
  long poisson_unconverged = 0;  // solves that hit max_poisson_cycles above the tolerance
  int multigrid_levels = 0;
  bool steady = false;            // cavity: the steady tolerance was met
  double steady_residual = 0;     // the last step's max |Δu| / Δt
  double max_divergence = 0;      // max |∇·u| at the end, in U/L
  double last_dt = 0;
  std::string failure;            // non-empty when the run diverged: what and when
  FlowFields fields;
};

// Told after every step, on every rank alike: the steps taken, the simulated time (L/U) and the
// step's steady residual max |Δu|/Δt (U²/L) — what a progress line shows.
using StepObserver = std::function<void(long steps, double simulated_time, double steady_residual)>;

// Collective over comm, whose size must be config.px · config.py.
FlowRun run_flow(const FlowConfig& config, MPI_Comm comm, const StepObserver& observer = {});

}  // namespace suanli::solvers::navier_stokes
