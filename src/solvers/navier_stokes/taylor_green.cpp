#include "solvers/navier_stokes/taylor_green.hpp"

#include <algorithm>
#include <cmath>

namespace suanli::solvers::navier_stokes {

double taylor_green_u(double x, double y, double t, double nu) { return std::sin(x) * std::cos(y) * std::exp(-2 * nu * t); }

double taylor_green_v(double x, double y, double t, double nu) { return -std::cos(x) * std::sin(y) * std::exp(-2 * nu * t); }

double taylor_green_error(const FlowFields& fields, double t, double nu) {
  const double h = fields.h();
  double error = 0;
  for (int j = 0; j < fields.n; ++j)
    for (int i = 0; i < fields.n; ++i) {
      error = std::max(error, std::abs(fields.u_at(i, j) - taylor_green_u((i + 1) * h, (j + 0.5) * h, t, nu)));
      error = std::max(error, std::abs(fields.v_at(i, j) - taylor_green_v((i + 0.5) * h, (j + 1) * h, t, nu)));
    }
  return error;
}

}  // namespace suanli::solvers::navier_stokes
