#include "kernels/stencil/transfer_any.hpp"

#include <algorithm>
#include <vector>

namespace suanli::kernels::stencil {
namespace {

// Along one axis of n fine and m < n coarse cells, lengths scaled by n·m so every edge is an
// integer: fine cell i (0-based) spans [i·m, (i+1)·m], coarse cell I spans [I·n, (I+1)·n]. A
// coarse cell is wider than a fine one, so a fine cell meets at most two: `first` (1-based) and
// first + 1, covering `share` and `share_next` of their widths.
struct Overlap {
  int first;
  double share, share_next;
};

std::vector<Overlap> axis_overlaps(int n, int m) {
  std::vector<Overlap> out(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const long lo = static_cast<long>(i) * m, hi = lo + m;
    const long c = lo / n;
    const long in_first = std::min(hi, (c + 1) * n) - lo;
    out[static_cast<std::size_t>(i)] = {static_cast<int>(c) + 1, double(in_first) / n, double(m - in_first) / n};
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
  // Row by row: restrict the fine row along x, then share it between the one or two coarse rows
  // it meets. Index coarse.nx + 1 (a ghost) takes the zero shares past the last cell.
  std::vector<double> along_x(static_cast<std::size_t>(coarse.nx) + 2);
  for (int j = 1; j <= fine.ny; ++j) {
    std::fill(along_x.begin(), along_x.end(), 0.0);
    const double* f = fine.row(j);
    for (int i = 1; i <= fine.nx; ++i) {
      const Overlap& x = wx[static_cast<std::size_t>(i - 1)];
      along_x[static_cast<std::size_t>(x.first)] += x.share * f[i];
      along_x[static_cast<std::size_t>(x.first) + 1] += x.share_next * f[i];
    }
    const Overlap& y = wy[static_cast<std::size_t>(j - 1)];
    double* c = coarse.row(y.first);
    for (int I = 1; I <= coarse.nx; ++I) c[I] += y.share * along_x[static_cast<std::size_t>(I)];
    if (y.share_next > 0) {
      double* c_next = coarse.row(y.first + 1);
      for (int I = 1; I <= coarse.nx; ++I) c_next[I] += y.share_next * along_x[static_cast<std::size_t>(I)];
    }
  }
}

void prolong_linear_add(const Field& coarse, Field& fine) {
  const auto bx = axis_between(fine.nx, coarse.nx), by = axis_between(fine.ny, coarse.ny);
  // Row by row: interpolate the coarse grid along y to the fine row's height, then along x.
  std::vector<double> at_y(coarse.stride());
  for (int j = 1; j <= fine.ny; ++j) {
    const Between y = by[static_cast<std::size_t>(j - 1)];
    const double* south = coarse.row(y.left);
    const double* north = coarse.row(y.left + 1);
    for (std::size_t I = 0; I < at_y.size(); ++I) at_y[I] = (1 - y.to_right) * south[I] + y.to_right * north[I];
    double* out = fine.row(j);
    for (int i = 1; i <= fine.nx; ++i) {
      const Between x = bx[static_cast<std::size_t>(i - 1)];
      out[i] += (1 - x.to_right) * at_y[static_cast<std::size_t>(x.left)] +
                x.to_right * at_y[static_cast<std::size_t>(x.left) + 1];
    }
  }
}

}  // namespace suanli::kernels::stencil
