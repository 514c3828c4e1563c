#include "kernels/stencil/transfer_any.hpp"

#include <algorithm>
#include <vector>

namespace suanli::kernels::stencil {
namespace {

// Along one axis of n fine and m coarse cells, lengths scaled by n·m so every edge is an integer:
// fine cell i (0-based) spans [i·m, (i+1)·m], coarse cell I spans [I·n, (I+1)·n].
struct Overlap {
  int coarse;     // 1-based coarse index
  double weight;  // the share of the coarse cell's width this fine cell covers
};

std::vector<std::vector<Overlap>> axis_overlaps(int n, int m) {
  std::vector<std::vector<Overlap>> out(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const long lo = static_cast<long>(i) * m, hi = lo + m;
    for (long c = lo / n; c * n < hi && c < m; ++c) {
      const long covered = std::min(hi, (c + 1) * n) - std::max(lo, c * n);
      if (covered > 0) out[static_cast<std::size_t>(i)].push_back({static_cast<int>(c) + 1, double(covered) / n});
    }
  }
  return out;
}

// Fine centre i (0-based) lies at coarse coordinate ξ = (i + ½)·m/n − ½ (coarse centre I at ξ = I):
// between 1-based coarse cells `left` and left + 1 (0 and m + 1 are the ghosts), `to_right` of the way.
struct Between {
  int left;
  double to_right;
};

std::vector<Between> axis_between(int n, int m) {
  std::vector<Between> out(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    // ξ = ((2i + 1)·m − n) / 2n, split exactly into floor and fraction.
    const long numerator = (2L * i + 1) * m - n, denominator = 2L * n;
    const long floor = numerator >= 0 ? numerator / denominator : -((-numerator + denominator - 1) / denominator);
    out[static_cast<std::size_t>(i)] = {static_cast<int>(floor) + 1,
                                        double(numerator - floor * denominator) / double(denominator)};
  }
  return out;
}

}  // namespace

void restrict_area_weighted(const Field& fine, Field& coarse) {
  const auto wx = axis_overlaps(fine.nx, coarse.nx), wy = axis_overlaps(fine.ny, coarse.ny);
  for (int J = 1; J <= coarse.ny; ++J) std::fill(coarse.row(J) + 1, coarse.row(J) + 1 + coarse.nx, 0.0);
  for (int j = 1; j <= fine.ny; ++j)
    for (const Overlap& y : wy[static_cast<std::size_t>(j - 1)])
      for (int i = 1; i <= fine.nx; ++i)
        for (const Overlap& x : wx[static_cast<std::size_t>(i - 1)]) coarse(x.coarse, y.coarse) += x.weight * y.weight * fine(i, j);
}

void prolong_linear_add(const Field& coarse, Field& fine) {
  const auto bx = axis_between(fine.nx, coarse.nx), by = axis_between(fine.ny, coarse.ny);
  for (int j = 1; j <= fine.ny; ++j) {
    const Between y = by[static_cast<std::size_t>(j - 1)];
    const double* south = coarse.row(y.left);
    const double* north = coarse.row(y.left + 1);
    for (int i = 1; i <= fine.nx; ++i) {
      const Between x = bx[static_cast<std::size_t>(i - 1)];
      const double s = (1 - x.to_right) * south[x.left] + x.to_right * south[x.left + 1];
      const double n = (1 - x.to_right) * north[x.left] + x.to_right * north[x.left + 1];
      fine(i, j) += (1 - y.to_right) * s + y.to_right * n;
    }
  }
}

}  // namespace suanli::kernels::stencil
