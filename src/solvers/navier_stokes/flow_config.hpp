// What one incompressible-flow run computes: the case, the grid, the Reynolds number, when to stop.
// Lengths are in units of L (the cavity side; 1 for Taylor–Green, whose box is 2π), velocities in
// units of U (the lid speed; the Taylor–Green amplitude), times in L/U; ν = 1/Re.
#pragma once

#include <limits>
#include <string>

namespace suanli::solvers::navier_stokes {

enum class FlowCase { cavity, taylor_green };

struct FlowConfig {
  FlowCase flow_case = FlowCase::cavity;
  int n = 64;           // cells per side
  double re = 100;      // U·L/ν
  long max_steps = 200000;
  double end_time = std::numeric_limits<double>::infinity();
  // Cavity: steady when max |u^{n+1} − u^n| / Δt ≤ this (units U²/L); ignored for Taylor–Green.
  double steady_tolerance = 1e-4;
  // Poisson: V-cycles until max |∇²φ − ∇·u*/Δt| ≤ this (units U/L²·U/L). A residual r moves u
  // by about r·L·Δt per step, so against the steady tolerance it is taken 10 times smaller (the
  // benchmark sets it so); 1e-6 keeps Taylor–Green's accumulated error far below its h² error.
  double poisson_tolerance = 1e-6;
  int max_poisson_cycles = 100;
  // Δt = safety · the explicit stability limit (diffusion, advection, cell Péclet).
  double safety = 0.8;
  // 1: forward Euler (a pseudo-time march to steady state is all the cavity needs);
  // 2: Heun's RK2, each stage projected (Taylor–Green, where time accuracy counts).
  int time_order = 1;
  int px = 1;  // ranks along x and y; n must be divisible by both
  int py = 1;
};

std::string case_name(FlowCase c);

}  // namespace suanli::solvers::navier_stokes
