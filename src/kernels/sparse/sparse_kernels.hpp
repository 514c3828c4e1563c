// The kernels of HPCG's conjugate gradient with a multigrid preconditioner, as
// two sets with the same signatures (HPCG's ComputeX / ComputeX_ref): the
// reference twins follow HPCG 3.1's reference code and are the test oracle; the
// optimised set is what `suanli hpcg` times. The algorithms around them (CG,
// the V-cycle) are written once, in solvers/cg_mg, and take a set.
//
// Vectors that a kernel multiplies by the matrix hold A.columns values (the halo
// at the end, filled by the caller's exchange); the others A.rows values.
// FLOPs are counted as HPCG counts them (docs/hpcg.md), not as implemented.
#pragma once

#include <cstdint>
#include <string_view>

#include "kernels/sparse/sparse_matrix.hpp"

namespace suanli::kernels::sparse {

// What SymGS calls whenever it needs the halo of x brought up to date (an MPI
// exchange on several ranks; nothing on one). The reference calls it once a step,
// as HPCG does; the multicolour kernels before every colour, which makes their
// result the same on every layout of ranks.
struct HaloRefresh {
  void (*call)(void* context, double* x) = nullptr;
  void* context = nullptr;
  void operator()(double* x) const {
    if (call) call(context, x);
  }
};

struct SparseKernels {
  std::string_view name;  // "reference" or "optimised"
  // y = A·x. 2·nnz FLOPs.
  void (*spmv)(const SparseMatrix& a, const double* x, double* y);
  // One symmetric Gauss-Seidel step for A·x = r: a forward sweep, then a
  // backward one, updating x in place. `scratch` (2·a.rows values) is the
  // kernel's to overwrite. 4·nnz FLOPs.
  void (*symgs)(const SparseMatrix& a, const double* r, double* x, double* scratch, const HaloRefresh& refresh);
  // The same step from x = 0 (x, halo included, is overwritten): the V-cycle's
  // first smoothing on every level. HPCG zeroes x and calls SymGS; the optimised
  // kernel also skips the products with entries x is still zero at, and leaves
  // in scratch what symgs_after_prolongation reuses.
  void (*symgs_from_zero)(const SparseMatrix& a, const double* r, double* x, double* scratch,
                          const HaloRefresh& refresh);
  // The V-cycle's second smoothing: the same step as symgs, where x is what
  // symgs_from_zero left, changed since only at the rows the prolongation
  // corrects, and scratch is as symgs_from_zero left it.
  void (*symgs_after_prolongation)(const SparseMatrix& a, const double* r, double* x, double* scratch,
                                   const HaloRefresh& refresh);
  // The restricted residual of the fine level, by injection:
  //   rc[i] = (rf − Af·xf)[fine_of_coarse[i]]
  // axf is scratch of Af.rows values. HPCG counts 2·nnz(Af) for the SpMV.
  void (*residual_restriction)(const SparseMatrix& af, const std::int32_t* fine_of_coarse, std::int32_t coarse_rows,
                               const double* rf, const double* xf, double* axf, double* rc);
  // xf[fine_of_coarse[i]] += xc[i]: prolongation by injection. Not counted by HPCG.
  void (*prolongation)(const std::int32_t* fine_of_coarse, std::int32_t coarse_rows, const double* xc, double* xf);
  // This rank's part of x·y; the caller sums over ranks. 2·n FLOPs.
  double (*dot)(std::int32_t n, const double* x, const double* y);
  // w = alpha·x + beta·y. 2·n FLOPs (HPCG counts the multiplies even when alpha or beta is 1).
  void (*waxpby)(std::int32_t n, double alpha, const double* x, double beta, const double* y, double* w);
};

// HPCG 3.1's reference algorithms on the CSR layout: natural-order SymGS (one
// thread: each row needs the row before it), SpMV, then restriction of the
// whole residual; OpenMP where HPCG's reference has it.
const SparseKernels& reference_kernels();

// The optimised SymGS's twin: plain serial Gauss-Seidel on the CSR rows, visited
// colour by colour in the optimised layout's order (forward, then every colour
// backward), with the halo refreshed before each colour. The test oracle of the
// multicolour kernel, which must agree with it to rounding.
void symgs_colour_order_reference(const SparseMatrix& a, const double* r, double* x, const HaloRefresh& refresh);

// On the SELL-8 layout (build_optimised_layout must have run): multicolour SymGS
// (a colour's rows in parallel, eight at a time in one vector; the backward
// sweep reusing the forward one's lower-part sums, so it reads only the upper
// and halo parts), SpMV eight rows at a time, and the residual computed only in
// the chunks holding rows the restriction injects (an eighth of them) instead of
// everywhere.
const SparseKernels& optimised_kernels();

}  // namespace suanli::kernels::sparse
