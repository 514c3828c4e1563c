// The 5-point Laplacian on a uniform cell-centred grid of spacing h, and the pieces of a
// geometric multigrid V-cycle for ∇²φ = f: red-black Gauss–Seidel smoothing, the residual,
// restriction by 4-cell averaging and bilinear prolongation (cell-centred, factor 2).
// Ghosts are read, never written: the caller fills them (halo exchange, boundary conditions).
//
// Red-black colouring uses global cell indices (parity = (offset_x + offset_y) % 2 of the block),
// so a sweep gives the same numbers however the grid is cut into ranks.
// Cost per owned cell: a half-sweep touches half the cells at 6 FLOP each; the residual 7 FLOP;
// restriction 4 FLOP per coarse cell; prolongation 8 FLOP per fine cell.
#pragma once

#include "kernels/stencil/field.hpp"

namespace suanli::kernels::stencil {

// For the cells with (i + j + parity) % 2 == colour: φ += (sum of the 4 neighbours − 4φ − h²·f)·d(i,j),
// the Gauss–Seidel update with inverse diagonal d: 1/4 inside, 1/(4 − w) beside w Neumann walls
// whose ghost mirrors the cell (the exact diagonal there, so walls smooth as well as the interior).
void rbgs_half_sweep(Field& phi, const Field& f, const Field& inverse_diagonal, double h, int colour, int parity);
void rbgs_half_sweep_reference(Field& phi, const Field& f, const Field& inverse_diagonal, double h, int colour,
                               int parity);

// r = f − ∇²φ on the owned cells; returns max |r|.
double residual(const Field& phi, const Field& f, double h, Field& r);
double residual_reference(const Field& phi, const Field& f, double h, Field& r);

// coarse(I,J) = mean of the 4 fine cells it covers; coarse is nx/2 × ny/2.
void restrict_average(const Field& fine, Field& coarse);
void restrict_average_reference(const Field& fine, Field& coarse);

// fine += bilinear interpolation of coarse (weights 9/16, 3/16, 3/16, 1/16 from the 4 nearest
// coarse cell centres); coarse ghosts, corners included, must be filled.
void prolong_bilinear_add(const Field& coarse, Field& fine);
void prolong_bilinear_add_reference(const Field& coarse, Field& fine);

}  // namespace suanli::kernels::stencil
