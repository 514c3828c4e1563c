// HPCG's preconditioned conjugate gradient (CG_ref) and its multigrid V-cycle
// (ComputeMG_ref), written once over a kernel set: the reference twins and the
// optimised kernels run exactly this algorithm.
#pragma once

#include <vector>

#include "kernels/sparse/sparse_kernels.hpp"
#include "solvers/cg_mg/problem.hpp"

namespace suanli::solvers::cg_mg {

using kernels::sparse::SparseKernels;

// Where CG's time went, this rank, seconds (HPCG's t1..t5).
struct CgTimes {
  double total = 0, dot = 0, waxpby = 0, spmv = 0, mg = 0, allreduce = 0;
};

struct CgOutcome {
  int iterations = 0;
  double normr = 0;   // ||b − A·x|| at the end
  double normr0 = 0;  // at the start
};

// CG's vectors of the fine level.
struct CgWorkspace {
  explicit CgWorkspace(const Level& fine);
  kernels::sparse::HugePageVector<double> r, z, p, ap;
};

// The sum over ranks of this rank's x·y (an MPI_Allreduce); time in the allreduce
// is added to `allreduce_seconds`.
double global_dot(const SparseKernels& kernels, std::int32_t n, const double* x, const double* y,
                  double& allreduce_seconds);

// One V-cycle z = M⁻¹·r on `level` and the levels below it: SymGS, residual
// restricted to the coarse level, the coarse cycle, prolongation, SymGS; one
// SymGS on the coarsest level. z (columns values) is overwritten.
void multigrid(Level& level, const SparseKernels& kernels, const double* r, double* z);

// At most `max_iterations` iterations, stopping early once ||r||/||r0|| <= tolerance.
// x (columns values) holds the initial guess and receives the solution.
CgOutcome conjugate_gradient(Level& fine, const SparseKernels& kernels, CgWorkspace& work, const double* b,
                             double* x, int max_iterations, double tolerance, bool preconditioned, CgTimes& times);

}  // namespace suanli::solvers::cg_mg
