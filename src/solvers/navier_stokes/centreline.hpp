// The cavity's centreline profiles, u(0.5, y) and v(x, 0.5), sampled from the staggered fields
// with the wall values included (u = 1 on the lid, 0 on the other walls), and their distance
// from Ghia et al.'s table.
#pragma once

#include <vector>

#include "solvers/navier_stokes/flow_solver.hpp"
#include "solvers/navier_stokes/ghia_reference.hpp"

namespace suanli::solvers::navier_stokes {

// Bilinear interpolation between the nearest u (v) points of the MAC grid and the walls: second
// order, and exact at the 2D grid's own points. For an even n the centreline is a face line, so
// only the interpolation along it is used.
double cavity_u_at(const FlowFields& fields, double x, double y);
double cavity_v_at(const FlowFields& fields, double x, double y);

struct GhiaComparison {
  double max_u_difference = 0;  // max over Table I's points of |u − u_Ghia|
  double max_v_difference = 0;  // max over Table II's points of |v − v_Ghia|
  double max_difference() const { return max_u_difference > max_v_difference ? max_u_difference : max_v_difference; }
};
GhiaComparison compare_with_ghia(const FlowFields& fields, const GhiaTable& table);

// The tolerance on max_difference at Re = 100: 0.01 U at n ≥ 128 (the criterion); on
// coarser grids, what a correct second-order solution reaches there (docs/cfd.md), with margin.
double ghia_tolerance(int n);

}  // namespace suanli::solvers::navier_stokes
