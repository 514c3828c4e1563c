// Multigrid transfers between two uniform cell-centred grids over the same square of any cell
// counts (fine n × n, coarse m × m with m < n): what an odd or prime grid coarsens with, where the
// factor-2 kernels of poisson.hpp need even sides. Coarse cells are n/m fine cells wide, so a coarse
// cell overlaps parts of up to 3 fine cells per axis and a fine centre falls anywhere between two
// coarse centres. For n = 2m both equal restrict_average and prolong_bilinear_add (tested).
// Single-threaded: the weights are computed per cell, and these grids are small (an odd size
// appears once per halving, and the hierarchy shrinks by 4 each level).
// Cost: restriction 2 FLOP per fine cell and overlapped coarse cell (at most 4); prolongation
// 8 FLOP per fine cell.
#pragma once

#include "kernels/stencil/field.hpp"

namespace suanli::kernels::stencil {

// coarse(I,J) = the area-weighted mean of the fine cells it covers (a fine cell cut by a coarse
// cell edge counts by the part inside): Σ coarse·H² = Σ fine·h², so a zero-mean residual stays
// zero-mean, which the singular Neumann and periodic problems need.
void restrict_area_weighted(const Field& fine, Field& coarse);

// fine += linear interpolation, along each axis, of coarse between the two coarse centres around
// the fine centre; coarse ghosts, corners included, must be filled (walls, periodic wrap).
void prolong_linear_add(const Field& coarse, Field& fine);

}  // namespace suanli::kernels::stencil
