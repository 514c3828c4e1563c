// The reference twins of the multigrid kernels: one cell at a time, straight from the formulas,
// single-threaded. Test oracles for poisson.cpp.
#include <algorithm>
#include <cmath>

#include "kernels/stencil/poisson.hpp"

namespace suanli::kernels::stencil {

void rbgs_half_sweep_reference(Field& phi, const Field& f, const Field& inverse_diagonal, double h, int colour,
                               int parity) {
  for (int j = 1; j <= phi.ny; ++j)
    for (int i = 1; i <= phi.nx; ++i)
      if ((i + j + parity) % 2 == colour) {
        const double residual = phi(i - 1, j) + phi(i + 1, j) + phi(i, j - 1) + phi(i, j + 1) - 4 * phi(i, j) - h * h * f(i, j);
        phi(i, j) += residual * inverse_diagonal(i, j);
      }
}

double residual_reference(const Field& phi, const Field& f, double h, Field& r) {
  double max_r = 0;
  for (int j = 1; j <= phi.ny; ++j)
    for (int i = 1; i <= phi.nx; ++i) {
      const double laplacian = (phi(i - 1, j) + phi(i + 1, j) + phi(i, j - 1) + phi(i, j + 1) - 4 * phi(i, j)) / (h * h);
      r(i, j) = f(i, j) - laplacian;
      max_r = std::max(max_r, std::abs(r(i, j)));
    }
  return max_r;
}

void restrict_average_reference(const Field& fine, Field& coarse) {
  for (int j = 1; j <= coarse.ny; ++j)
    for (int i = 1; i <= coarse.nx; ++i)
      coarse(i, j) = (fine(2 * i - 1, 2 * j - 1) + fine(2 * i, 2 * j - 1) + fine(2 * i - 1, 2 * j) + fine(2 * i, 2 * j)) / 4;
}

void prolong_bilinear_add_reference(const Field& coarse, Field& fine) {
  for (int j = 1; j <= fine.ny; ++j)
    for (int i = 1; i <= fine.nx; ++i) {
      const int ic = (i + 1) / 2, jc = (j + 1) / 2;
      // The fine cell's centre lies a quarter coarse cell from its parent's, towards neighbour (sx, sy).
      const int sx = (i % 2 == 1) ? -1 : 1;
      const int sy = (j % 2 == 1) ? -1 : 1;
      fine(i, j) += 9.0 / 16 * coarse(ic, jc) + 3.0 / 16 * coarse(ic + sx, jc) + 3.0 / 16 * coarse(ic, jc + sy) +
                    1.0 / 16 * coarse(ic + sx, jc + sy);
    }
}

}  // namespace suanli::kernels::stencil
