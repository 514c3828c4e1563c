// The Taylor–Green vortex on the periodic box [0, 2π]², an exact solution of Navier–Stokes:
// u = sin x cos y·F, v = −cos x sin y·F, p = −(cos 2x + cos 2y)/4·F², F = exp(−2νt).
#pragma once

#include "solvers/navier_stokes/flow_solver.hpp"

namespace suanli::solvers::navier_stokes {

double taylor_green_u(double x, double y, double t, double nu);
double taylor_green_v(double x, double y, double t, double nu);

// Max |u − exact| over all u and v faces at time t, in units of U.
double taylor_green_error(const FlowFields& fields, double t, double nu);

}  // namespace suanli::solvers::navier_stokes
