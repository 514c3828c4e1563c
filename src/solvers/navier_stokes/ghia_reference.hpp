// Ghia, Ghia & Shin (1982), J. Comput. Phys. 48:387–411, Tables I and II: the lid-driven cavity's
// centreline velocities at Re = 100 from a 129×129-point multigrid solution, the usual benchmark
// table. data/ghia1982_re100_*.csv, embedded at build time (ghia_data.cpp.in).
#pragma once

#include <string_view>
#include <vector>

namespace suanli::solvers::navier_stokes {

struct ProfilePoint {
  double position = 0;  // y for u on x = 0.5, x for v on y = 0.5
  double value = 0;     // in units of the lid speed
};

struct GhiaTable {
  std::vector<ProfilePoint> u_vertical;    // u(0.5, y)
  std::vector<ProfilePoint> v_horizontal;  // v(x, 0.5)
};

// The CSV texts as embedded (comment lines starting '#', a header, then rows).
std::string_view ghia_re100_u_csv();
std::string_view ghia_re100_v_csv();

// Parsed once. Throws RunError if the embedded text is malformed.
const GhiaTable& ghia_re100();

}  // namespace suanli::solvers::navier_stokes
