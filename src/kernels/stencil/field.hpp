// A block of nx×ny cells with one ghost layer all round, row-major with x fastest: entry (i, j)
// for i in [0, nx+1], j in [0, ny+1]; (1..nx, 1..ny) are owned, the rest are ghosts filled by
// halo exchange or boundary conditions. One ghost layer is all a 5-point stencil reads.
#pragma once

#include <cstddef>
#include <vector>

namespace suanli::kernels::stencil {

struct Field {
  int nx = 0;
  int ny = 0;
  std::vector<double> data;

  Field() = default;
  Field(int nx_, int ny_) : nx(nx_), ny(ny_), data(static_cast<std::size_t>(nx_ + 2) * (ny_ + 2), 0.0) {}

  std::size_t stride() const { return static_cast<std::size_t>(nx) + 2; }
  double* row(int j) { return data.data() + static_cast<std::size_t>(j) * stride(); }
  const double* row(int j) const { return data.data() + static_cast<std::size_t>(j) * stride(); }
  double& operator()(int i, int j) { return row(j)[i]; }
  double operator()(int i, int j) const { return row(j)[i]; }
};

// Loops over fewer cells than this run on one thread. A 128² red-black half-sweep takes about 8 µs on
// one core: splitting it saves less than a fork and barrier cost on a busy machine, where a thread
// that lost its core turns every barrier into a scheduler time slice (measured: the 128² cavity
// took 58 s instead of 4 s with 2 threads beside another job). Coarse multigrid levels never fork.
inline constexpr long parallel_threshold_cells = 32768;

}  // namespace suanli::kernels::stencil
