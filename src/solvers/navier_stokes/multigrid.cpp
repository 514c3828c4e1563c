#include "solvers/navier_stokes/multigrid.hpp"

#include <algorithm>
#include <cmath>

#include "kernels/stencil/poisson.hpp"

namespace suanli::solvers::navier_stokes {

namespace ks = kernels::stencil;

namespace {

// A level halves again when both sides are even and the coarse grid keeps at least 2 cells a side.
bool halves(int nx, int ny) { return nx % 2 == 0 && ny % 2 == 0 && nx >= 4 && ny >= 4; }

}  // namespace

void MultigridPoisson::fill_ghosts(const par::CartesianGrid& grid, Field& q) {
  const int nx = q.nx, ny = q.ny;
  grid.exchange_x(q.data.data(), nx, ny);
  // ∂φ/∂n = 0 at a wall: the ghost mirrors the cell inside.
  if (grid.wall_west())
    for (int j = 1; j <= ny; ++j) q(0, j) = q(1, j);
  if (grid.wall_east())
    for (int j = 1; j <= ny; ++j) q(nx + 1, j) = q(nx, j);
  grid.exchange_y(q.data.data(), nx, ny);
  if (grid.wall_south()) std::copy(q.row(1), q.row(1) + nx + 2, q.row(0));
  if (grid.wall_north()) std::copy(q.row(ny), q.row(ny) + nx + 2, q.row(ny + 1));
}

Field MultigridPoisson::inverse_diagonal(const par::CartesianGrid& grid, int nx, int ny) {
  Field d(nx, ny);
  for (int j = 1; j <= ny; ++j)
    for (int i = 1; i <= nx; ++i) {
      const int walls = (i == 1 && grid.wall_west()) + (i == nx && grid.wall_east()) + (j == 1 && grid.wall_south()) +
                        (j == ny && grid.wall_north());
      d(i, j) = 1.0 / (4 - walls);
    }
  return d;
}

MultigridPoisson::MultigridPoisson(const par::CartesianGrid& grid, BlockGeometry block, bool periodic) {
  levels_.push_back({&grid, block, {}, {}, Field(block.nx, block.ny), {}});
  // Distributed levels while every block halves (blocks are equal, so every rank agrees) and,
  // with several ranks, keeps 4 cells a side: below that a level is all halo exchange latency.
  auto halve = [](const BlockGeometry& fine) {
    return BlockGeometry{fine.nx / 2, fine.ny / 2, fine.offset_x / 2, fine.offset_y / 2, 2 * fine.h};
  };
  const bool serial = grid.size() == 1;
  while (halves(levels_.back().block.nx, levels_.back().block.ny) &&
         (serial || (levels_.back().block.nx >= 8 && levels_.back().block.ny >= 8))) {
    const BlockGeometry coarse = halve(levels_.back().block);
    levels_.push_back({&grid, coarse, Field(coarse.nx, coarse.ny), Field(coarse.nx, coarse.ny),
                       Field(coarse.nx, coarse.ny), {}});
  }
  distributed_levels_ = static_cast<int>(levels_.size());
  const BlockGeometry last = levels_.back().block;
  // An odd block cannot be restricted: that level stays the coarsest, swept to convergence.
  if (!(serial || last.nx % 2 != 0 || last.ny % 2 != 0)) add_gathered_levels(grid, periodic);
  for (Level& level : levels_) level.inverse_diagonal = inverse_diagonal(*level.grid, level.block.nx, level.block.ny);
}

void MultigridPoisson::add_gathered_levels(const par::CartesianGrid& grid, bool periodic) {
  const BlockGeometry last = levels_.back().block;
  auto halve = [](const BlockGeometry& fine) {
    return BlockGeometry{fine.nx / 2, fine.ny / 2, 0, 0, 2 * fine.h};
  };
  // Gathered levels: the restriction of the last distributed level, whole, on every rank.
  serial_grid_ = std::make_unique<par::CartesianGrid>(MPI_COMM_SELF, 1, 1, periodic, periodic);
  transfer_ = Field(last.nx / 2, last.ny / 2);
  const BlockGeometry gathered{last.nx / 2 * grid.px(), last.ny / 2 * grid.py(), 0, 0, 2 * last.h};
  levels_.push_back({serial_grid_.get(), gathered, Field(gathered.nx, gathered.ny), Field(gathered.nx, gathered.ny),
                     Field(gathered.nx, gathered.ny), {}});
  while (halves(levels_.back().block.nx, levels_.back().block.ny)) {
    const BlockGeometry coarse = halve(levels_.back().block);
    levels_.push_back({serial_grid_.get(), coarse, Field(coarse.nx, coarse.ny), Field(coarse.nx, coarse.ny),
                       Field(coarse.nx, coarse.ny), {}});
  }
}

void MultigridPoisson::smooth(const Level& level, Field& phi, const Field& f, int sweeps) {
  const int parity = (level.block.offset_x + level.block.offset_y) % 2;
  for (int s = 0; s < sweeps; ++s)
    for (int colour : {0, 1}) {
      ks::rbgs_half_sweep(phi, f, level.inverse_diagonal, level.block.h, colour, parity);
      fill_ghosts(*level.grid, phi);
    }
}

void MultigridPoisson::solve_coarsest(Level& level, Field& phi, const Field& f) {
  // Tiny (2×2) or odd-sized: Gauss–Seidel to a residual 1e-3 of the start, which is as good as
  // exact for the cycle; checked every 8 sweeps, capped for the odd grids GS converges slowly on.
  Field& r = level.r;
  const double start = level.grid->max(ks::residual(phi, f, level.block.h, r));
  const int cap = std::max(64, 4 * level.block.nx * level.block.ny * level.grid->size());
  for (int done = 0; done < cap; done += 8) {
    smooth(level, phi, f, 8);
    if (level.grid->max(ks::residual(phi, f, level.block.h, r)) <= 1e-3 * start) break;
  }
}

void MultigridPoisson::v_cycle(std::size_t k, Field& phi, const Field& f) {
  Level& level = levels_[k];
  if (k + 1 == levels_.size()) {
    solve_coarsest(level, phi, f);
    return;
  }
  smooth(level, phi, f, pre_sweeps_);
  ks::residual(phi, f, level.block.h, level.r);
  Level& coarse = levels_[k + 1];
  std::fill(coarse.phi.data.begin(), coarse.phi.data.end(), 0.0);
  if (coarse.grid == level.grid) {
    ks::restrict_average(level.r, coarse.f);
    v_cycle(k + 1, coarse.phi, coarse.f);
    ks::prolong_bilinear_add(coarse.phi, phi);
  } else {
    // Into the gathered levels: restrict to this rank's block, share every block with every rank.
    ks::restrict_average(level.r, transfer_);
    const int bx = transfer_.nx, by = transfer_.ny;
    std::vector<double> block(static_cast<std::size_t>(bx) * by);
    for (int j = 1; j <= by; ++j) std::copy(transfer_.row(j) + 1, transfer_.row(j) + 1 + bx, block.data() + (j - 1) * bx);
    const std::vector<double> global = level.grid->allgather_blocks(block, bx, by);
    for (int j = 1; j <= coarse.block.ny; ++j)
      std::copy(global.data() + static_cast<std::size_t>(j - 1) * coarse.block.nx,
                global.data() + static_cast<std::size_t>(j) * coarse.block.nx, coarse.f.row(j) + 1);
    v_cycle(k + 1, coarse.phi, coarse.f);
    fill_ghosts(*coarse.grid, coarse.phi);
    // Back: this rank's block of the correction with its ghost ring, read from the global grid's.
    const int x0 = level.block.offset_x / 2, y0 = level.block.offset_y / 2;
    for (int j = 0; j <= by + 1; ++j)
      for (int i = 0; i <= bx + 1; ++i) transfer_(i, j) = coarse.phi(x0 + i, y0 + j);
    ks::prolong_bilinear_add(transfer_, phi);
  }
  fill_ghosts(*level.grid, phi);
  smooth(level, phi, f, post_sweeps_);
}

PoissonStats MultigridPoisson::solve(Field& phi, Field& f, double tolerance, int max_cycles) {
  Level& top = levels_.front();
  const par::CartesianGrid& grid = *top.grid;
  const BlockGeometry& b = top.block;
  // Both problems (Neumann walls, periodic) are singular: solvable only for f of zero mean.
  double local_sum = 0;
  for (int j = 1; j <= b.ny; ++j)
    for (int i = 1; i <= b.nx; ++i) local_sum += f(i, j);
  const double cells = grid.sum(static_cast<double>(b.nx) * b.ny);
  const double mean = grid.sum(local_sum) / cells;
  for (int j = 1; j <= b.ny; ++j)
    for (int i = 1; i <= b.nx; ++i) f(i, j) -= mean;
  fill_ghosts(grid, phi);
  PoissonStats stats;
  stats.initial_residual = grid.max(ks::residual(phi, f, b.h, top.r));
  stats.final_residual = stats.initial_residual;
  while (stats.final_residual > tolerance && stats.cycles < max_cycles) {
    v_cycle(0, phi, f);
    ++stats.cycles;
    stats.final_residual = grid.max(ks::residual(phi, f, b.h, top.r));
  }
  return stats;
}

}  // namespace suanli::solvers::navier_stokes
