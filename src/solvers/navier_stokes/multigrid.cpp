#include "solvers/navier_stokes/multigrid.hpp"

#include <algorithm>
#include <cmath>

#include "kernels/stencil/poisson.hpp"
#include "kernels/stencil/transfer_any.hpp"

namespace suanli::solvers::navier_stokes {

namespace ks = kernels::stencil;

namespace {

// A level halves when both sides are even and the coarse grid keeps at least 2 cells a side.
bool halves(int nx, int ny) { return nx % 2 == 0 && ny % 2 == 0 && nx >= 4 && ny >= 4; }

BlockGeometry halved(const BlockGeometry& fine) {
  return BlockGeometry{fine.nx / 2, fine.ny / 2, fine.offset_x / 2, fine.offset_y / 2, 2 * fine.h};
}

// A whole grid (one rank, or the gathered levels) coarsens further: halving when it can, else, for
// a square of odd side, to ceil(n/2) cells of side h·n/ceil(n/2) over the same square (odd and
// prime sizes would otherwise stop multigrid at a large grid that only slow sweeps could solve).
// A non-square grid with an odd side would need two spacings: it stays the coarsest (never
// happens for the square domains solved here).
bool coarsens(const BlockGeometry& b) { return halves(b.nx, b.ny) || (b.nx == b.ny && b.nx >= 4); }

BlockGeometry coarsened(const BlockGeometry& fine) {
  if (halves(fine.nx, fine.ny)) return halved(fine);
  const int m = (fine.nx + 1) / 2;
  return BlockGeometry{m, m, 0, 0, fine.h * fine.nx / m};
}

bool factor_two(const Field& fine, const Field& coarse) { return fine.nx == 2 * coarse.nx && fine.ny == 2 * coarse.ny; }

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
  const bool serial = grid.size() == 1;
  auto add_level = [this](const par::CartesianGrid* g, const BlockGeometry& b) {
    levels_.push_back({g, b, Field(b.nx, b.ny), Field(b.nx, b.ny), Field(b.nx, b.ny), {}});
  };
  if (serial) {
    while (coarsens(levels_.back().block)) add_level(&grid, coarsened(levels_.back().block));
  } else {
    // Distributed levels while every block halves (blocks are equal, so every rank agrees) and
    // keeps 4 cells a side: below that a level is all halo exchange latency.
    auto more = [this] {
      const BlockGeometry& b = levels_.back().block;
      return halves(b.nx, b.ny) && b.nx >= 8 && b.ny >= 8;
    };
    while (more()) add_level(&grid, halved(levels_.back().block));
  }
  distributed_levels_ = static_cast<int>(levels_.size());
  if (!serial) add_gathered_levels(grid, periodic);
  for (Level& level : levels_) level.inverse_diagonal = inverse_diagonal(*level.grid, level.block.nx, level.block.ny);
}

void MultigridPoisson::add_gathered_levels(const par::CartesianGrid& grid, bool periodic) {
  const BlockGeometry last = levels_.back().block;
  // Gathered levels: the restriction of the last distributed level, whole, on every rank; or,
  // when a block side is odd and cannot be restricted on its own, that level itself, whole.
  gather_ratio_ = (last.nx % 2 == 0 && last.ny % 2 == 0) ? 2 : 1;
  serial_grid_ = std::make_unique<par::CartesianGrid>(MPI_COMM_SELF, 1, 1, periodic, periodic);
  transfer_ = Field(last.nx / gather_ratio_, last.ny / gather_ratio_);
  const BlockGeometry gathered{transfer_.nx * grid.px(), transfer_.ny * grid.py(), 0, 0, gather_ratio_ * last.h};
  levels_.push_back({serial_grid_.get(), gathered, Field(gathered.nx, gathered.ny), Field(gathered.nx, gathered.ny),
                     Field(gathered.nx, gathered.ny), {}});
  while (coarsens(levels_.back().block)) {
    const BlockGeometry coarse = coarsened(levels_.back().block);
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
  // At most 3 cells a side (or a non-square grid with an odd side, which nothing here builds):
  // Gauss–Seidel to a residual 1e-3 of the start, as good as exact for the cycle; checked every
  // 8 sweeps, capped for larger grids, which GS converges on slowly.
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
  Level& coarse = levels_[k + 1];
  // A level gathered whole is the same grid: its cycle smooths, so this one would only repeat it.
  const bool pass_through = coarse.grid != level.grid && gather_ratio_ == 1;
  if (!pass_through) smooth(level, phi, f, pre_sweeps_);
  ks::residual(phi, f, level.block.h, level.r);
  std::fill(coarse.phi.data.begin(), coarse.phi.data.end(), 0.0);
  if (coarse.grid == level.grid) {
    if (factor_two(level.r, coarse.f))
      ks::restrict_average(level.r, coarse.f);
    else
      ks::restrict_area_weighted(level.r, coarse.f);
    v_cycle(k + 1, coarse.phi, coarse.f);
    if (factor_two(phi, coarse.phi))
      ks::prolong_bilinear_add(coarse.phi, phi);
    else
      ks::prolong_linear_add(coarse.phi, phi);
  } else {
    // Into the gathered levels: restrict to this rank's block (or take it as it is), share every
    // block with every rank.
    if (gather_ratio_ == 2)
      ks::restrict_average(level.r, transfer_);
    else
      transfer_ = level.r;
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
    const int x0 = level.block.offset_x / gather_ratio_, y0 = level.block.offset_y / gather_ratio_;
    for (int j = 0; j <= by + 1; ++j)
      for (int i = 0; i <= bx + 1; ++i) transfer_(i, j) = coarse.phi(x0 + i, y0 + j);
    if (gather_ratio_ == 2) {
      ks::prolong_bilinear_add(transfer_, phi);
    } else {
      for (int j = 1; j <= by; ++j)
        for (int i = 1; i <= bx; ++i) phi(i, j) += transfer_(i, j);
    }
  }
  fill_ghosts(*level.grid, phi);
  if (!pass_through) smooth(level, phi, f, post_sweeps_);
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
