// Geometric multigrid for the pressure Poisson equation ∇²φ = f on a cell-centred grid cut into
// blocks over a Cartesian grid of ranks, with homogeneous Neumann walls or periodic sides (both
// singular: f is shifted to zero mean, φ is fixed up to a constant).
//
// V(1,1) cycles: red-black Gauss–Seidel smoothing, 4-cell averaging restriction, bilinear
// prolongation, the coarse operator rediscretised at the coarse spacing. Levels stay distributed
// while every rank's block halves evenly and keeps 4 cells a side; below that the coarse problem
// is gathered onto every rank (restricted once more, or as it is when a block side is odd) and
// the cycle goes on there, redundantly. A whole grid (gathered, or on one rank) of odd or prime
// side n coarsens to ceil(n/2) cells over the same square, with area-weighted restriction and
// linear prolongation (kernels/stencil/transfer_any.hpp), down to 3 cells a side or fewer, solved
// by sweeping to convergence: any n keeps the few-cycle convergence of a power of two. The
// global grids, the colouring and the arithmetic are the same for any rank count, so φ does not
// depend on the decomposition beyond rounding; the stop test is a max-norm, exact under reduction.
#pragma once

#include <memory>
#include <vector>

#include "kernels/stencil/field.hpp"
#include "par/cartesian_grid.hpp"

namespace suanli::solvers::navier_stokes {

using kernels::stencil::Field;

struct PoissonStats {
  int cycles = 0;
  double initial_residual = 0;  // max |f − ∇²φ| before the first cycle
  double final_residual = 0;
};

// Where this rank's block sits: nx×ny cells from global cell (offset_x, offset_y), spacing h.
struct BlockGeometry {
  int nx = 0;
  int ny = 0;
  int offset_x = 0;
  int offset_y = 0;
  double h = 1;
};

class MultigridPoisson {
 public:
  // Not collective beyond the MPI_COMM_SELF grid made for the gathered levels.
  MultigridPoisson(const par::CartesianGrid& grid, BlockGeometry block, bool periodic);

  // Solves ∇²φ = f to max |residual| ≤ tolerance (absolute: the cavity's corner singularities make
  // max |f| grow with n, so a tolerance relative to it would loosen with refinement), at most
  // max_cycles V-cycles; φ holds the initial guess (the last step's, so most steps need 0 or 1
  // cycle). f is shifted to zero mean in place; φ's ghosts are filled on return. Collective.
  PoissonStats solve(Field& phi, Field& f, double tolerance, int max_cycles);

  int levels() const { return static_cast<int>(levels_.size()); }
  int distributed_levels() const { return distributed_levels_; }

  // Neumann mirror at walls, halo exchange elsewhere (corners included).
  static void fill_ghosts(const par::CartesianGrid& grid, Field& field);

 private:
  struct Level {
    const par::CartesianGrid* grid = nullptr;
    BlockGeometry block;
    Field phi, f, r;  // level 0 uses the caller's φ and f; r is scratch
    Field inverse_diagonal;  // 1/4, or 1/(4 − walls) beside Neumann walls
  };
  void v_cycle(std::size_t k, Field& phi, const Field& f);
  void smooth(const Level& level, Field& phi, const Field& f, int sweeps);
  void solve_coarsest(Level& level, Field& phi, const Field& f);

  void add_gathered_levels(const par::CartesianGrid& grid, bool periodic);
  static Field inverse_diagonal(const par::CartesianGrid& grid, int nx, int ny);

  std::unique_ptr<par::CartesianGrid> serial_grid_;  // MPI_COMM_SELF, for the gathered levels
  std::vector<Level> levels_;
  int distributed_levels_ = 0;
  Field transfer_;  // this rank's block of the first gathered level, with its ghost ring
  int gather_ratio_ = 2;  // 2: the gathered level is the last distributed one restricted; 1: itself
  int pre_sweeps_ = 1;
  int post_sweeps_ = 1;
};

}  // namespace suanli::solvers::navier_stokes
