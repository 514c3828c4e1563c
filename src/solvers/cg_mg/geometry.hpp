// HPCG's geometry: a global nx·npx × ny·npy × nz·npz grid, one nx×ny×nz box per
// rank on an npx×npy×npz process grid, ranks numbered x fastest (as HPCG does).
// Rows are grid points, numbered x fastest within a box (local) and within the
// whole grid (global).
#pragma once

#include <cstdint>
#include <optional>

namespace suanli::solvers::cg_mg {

struct ProcessShape {
  int npx = 1, npy = 1, npz = 1;
  int count() const { return npx * npy * npz; }
};

// The factorisation of `ranks` into npx·npy·npz closest to a cube (smallest
// largest factor, then smallest surface), npx <= npy <= npz.
ProcessShape factor_processes(int ranks);

struct Geometry {
  int rank = 0;
  ProcessShape shape;
  int ipx = 0, ipy = 0, ipz = 0;  // this rank's place on the process grid
  int nx = 0, ny = 0, nz = 0;     // local box
  std::int64_t gnx() const { return std::int64_t{nx} * shape.npx; }
  std::int64_t gny() const { return std::int64_t{ny} * shape.npy; }
  std::int64_t gnz() const { return std::int64_t{nz} * shape.npz; }
  std::int32_t local_rows() const { return nx * ny * nz; }
  std::int64_t global_rows() const { return gnx() * gny() * gnz(); }
  // The global row of local point (ix, iy, iz).
  std::int64_t global_row(int ix, int iy, int iz) const;
  // The rank owning global point (gx, gy, gz).
  int owner(std::int64_t gx, std::int64_t gy, std::int64_t gz) const;
};

Geometry make_geometry(int rank, const ProcessShape& shape, int nx, int ny, int nz);
// The next multigrid level: every box halved (the caller checks divisibility).
Geometry coarsen(const Geometry& fine);

}  // namespace suanli::solvers::cg_mg
