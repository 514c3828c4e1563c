// The reference twins of the momentum and projection stencils: one face at a time, written from
// the face-centred formulas, single-threaded. Test oracles for momentum.cpp.
#include "kernels/stencil/momentum.hpp"

namespace suanli::kernels::stencil {

void momentum_step_reference(const Field& u, const Field& v, double h, double nu, double dt, FaceRange range,
                             Field& out_u, Field& out_v) {
  auto lap = [h](const Field& q, int i, int j) {
    return (q(i - 1, j) + q(i + 1, j) + q(i, j - 1) + q(i, j + 1) - 4 * q(i, j)) / (h * h);
  };
  for (int j = 1; j <= u.ny; ++j)
    for (int i = 1; i <= range.u_last_i; ++i) {
      // u at the centres of cells i and i+1, then u and v at the corners (i+½, j±½).
      const double u_east = (u(i, j) + u(i + 1, j)) / 2, u_west = (u(i - 1, j) + u(i, j)) / 2;
      const double u_ne = (u(i, j) + u(i, j + 1)) / 2, v_ne = (v(i, j) + v(i + 1, j)) / 2;
      const double u_se = (u(i, j - 1) + u(i, j)) / 2, v_se = (v(i, j - 1) + v(i + 1, j - 1)) / 2;
      const double advection = (u_east * u_east - u_west * u_west) / h + (u_ne * v_ne - u_se * v_se) / h;
      out_u(i, j) = u(i, j) + dt * (nu * lap(u, i, j) - advection);
    }
  for (int j = 1; j <= range.v_last_j; ++j)
    for (int i = 1; i <= v.nx; ++i) {
      const double v_north = (v(i, j) + v(i, j + 1)) / 2, v_south = (v(i, j - 1) + v(i, j)) / 2;
      const double u_ne = (u(i, j) + u(i, j + 1)) / 2, v_ne = (v(i, j) + v(i + 1, j)) / 2;
      const double u_nw = (u(i - 1, j) + u(i - 1, j + 1)) / 2, v_nw = (v(i - 1, j) + v(i, j)) / 2;
      const double advection = (u_ne * v_ne - u_nw * v_nw) / h + (v_north * v_north - v_south * v_south) / h;
      out_v(i, j) = v(i, j) + dt * (nu * lap(v, i, j) - advection);
    }
}

double divergence_reference(const Field& u, const Field& v, double h, double scale, Field& div) {
  double total = 0;
  for (int j = 1; j <= u.ny; ++j)
    for (int i = 1; i <= u.nx; ++i) {
      div(i, j) = scale * (u(i, j) - u(i - 1, j) + v(i, j) - v(i, j - 1)) / h;
      total += div(i, j);
    }
  return total;
}

void subtract_gradient_reference(const Field& phi, double h, double dt, FaceRange range, Field& u, Field& v) {
  for (int j = 1; j <= u.ny; ++j)
    for (int i = 1; i <= range.u_last_i; ++i) u(i, j) -= dt * (phi(i + 1, j) - phi(i, j)) / h;
  for (int j = 1; j <= v.ny; ++j)
    if (j <= range.v_last_j)
      for (int i = 1; i <= v.nx; ++i) v(i, j) -= dt * (phi(i, j + 1) - phi(i, j)) / h;
}

}  // namespace suanli::kernels::stencil
