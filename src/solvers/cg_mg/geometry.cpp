#include "solvers/cg_mg/geometry.hpp"

#include <algorithm>
#include <limits>

namespace suanli::solvers::cg_mg {

ProcessShape factor_processes(int ranks) {
  ProcessShape best{1, 1, ranks};
  long best_largest = std::numeric_limits<long>::max();
  long best_surface = std::numeric_limits<long>::max();
  for (int x = 1; x <= ranks; ++x) {
    if (ranks % x) continue;
    for (int y = x; y <= ranks / x; ++y) {
      if ((ranks / x) % y) continue;
      const int z = ranks / x / y;
      if (z < y) continue;
      const long largest = z;
      const long surface = long{x} * y + long{y} * z + long{x} * z;
      if (largest < best_largest || (largest == best_largest && surface < best_surface)) {
        best = {x, y, z};
        best_largest = largest;
        best_surface = surface;
      }
    }
  }
  return best;
}

std::int64_t Geometry::global_row(int ix, int iy, int iz) const {
  const std::int64_t gx = std::int64_t{ipx} * nx + ix;
  const std::int64_t gy = std::int64_t{ipy} * ny + iy;
  const std::int64_t gz = std::int64_t{ipz} * nz + iz;
  return (gz * gny() + gy) * gnx() + gx;
}

int Geometry::owner(std::int64_t gx, std::int64_t gy, std::int64_t gz) const {
  const int px = static_cast<int>(gx / nx);
  const int py = static_cast<int>(gy / ny);
  const int pz = static_cast<int>(gz / nz);
  return (pz * shape.npy + py) * shape.npx + px;
}

Geometry make_geometry(int rank, const ProcessShape& shape, int nx, int ny, int nz) {
  Geometry g;
  g.rank = rank;
  g.shape = shape;
  g.ipx = rank % shape.npx;
  g.ipy = (rank / shape.npx) % shape.npy;
  g.ipz = rank / (shape.npx * shape.npy);
  g.nx = nx;
  g.ny = ny;
  g.nz = nz;
  return g;
}

Geometry coarsen(const Geometry& fine) {
  return make_geometry(fine.rank, fine.shape, fine.nx / 2, fine.ny / 2, fine.nz / 2);
}

}  // namespace suanli::solvers::cg_mg
