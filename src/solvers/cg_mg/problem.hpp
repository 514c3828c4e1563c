// HPCG's problem: the 27-point stencil (26 on the diagonal, −1 to each
// neighbour) on the global grid, b = A·1 so the exact solution is all ones, and
// the multigrid hierarchy below it, each coarse level the fine one with every
// box halved.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "kernels/sparse/sparse_matrix.hpp"
#include "solvers/cg_mg/geometry.hpp"
#include "solvers/cg_mg/halo.hpp"

namespace suanli::solvers::cg_mg {

inline constexpr double stencil_diagonal = 26.0;
inline constexpr double stencil_off_diagonal = -1.0;
inline constexpr int hpcg_levels = 4;  // HPCG's V-cycle: the fine level and three coarse ones

struct Level {
  Geometry geometry;
  kernels::sparse::SparseMatrix matrix;
  Halo halo;
  // To the next coarser level (empty on the coarsest): coarse row i is fine row
  // fine_of_coarse[i], the point at twice its coordinates (injection).
  std::vector<std::int32_t> fine_of_coarse;
  std::unique_ptr<Level> coarse;
  // The V-cycle's work vectors on this level: A·x (reference restriction), and the
  // coarse level's right-hand side and correction.
  kernels::sparse::HugePageVector<double> axf, coarse_rhs, coarse_x;
  // The smoother's scratch (2·rows): the optimised SymGS keeps r − L·x and U·x
  // there, the second smoothing reading what the first one left.
  kernels::sparse::HugePageVector<double> smoother_scratch;

  std::int32_t rows() const { return matrix.rows; }
  std::int32_t columns() const { return matrix.columns; }
};

struct Problem {
  std::unique_ptr<Level> fine;
  kernels::sparse::HugePageVector<double> b;        // rows values
  kernels::sparse::HugePageVector<double> x;        // columns values, starts at zero
  kernels::sparse::HugePageVector<double> x_exact;  // rows values, all ones
  int levels = 0;
};

// Every rank calls it with its geometry; `levels` levels need nx, ny, nz divisible
// by 2^(levels−1) (checked by the caller, before any work).
Problem generate_problem(const Geometry& geometry, int levels);

// Builds the optimised (SELL-8, coloured) layout on every level, which renumbers
// the rows colour by colour: the halo lists, the injection maps and b follow.
// Natural-order row t of a level is then row matrix.natural_row_position(t).
void optimise_problem(Problem& problem);

// Totals over the levels of this rank, for sizing and the report.
double problem_bytes(const Problem& problem);

// Bytes a row of the fine level costs with both layouts and every vector,
// coarse levels included (measured from the structures, kept here so the
// auto-sizing and the memory check agree with what is allocated).
inline constexpr double bytes_per_fine_row = 800.0;

}  // namespace suanli::solvers::cg_mg
