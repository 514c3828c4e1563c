// HPCG's validation, run before the timed sets (HPCG 3.1's TestSymmetry,
// TestCG, TestNorms): a kernel set that breaks symmetry or convergence makes the
// run invalid, whatever its speed.
#pragma once

#include <vector>

#include "kernels/sparse/sparse_kernels.hpp"
#include "solvers/cg_mg/problem.hpp"

namespace suanli::solvers::cg_mg {

// Scaled departures from symmetry, |x'·A·y − y'·A·x| / (2·||x||·||A||·||y||·ε)
// with ||A|| = 2·26 as HPCG takes it, for A and for the preconditioner M⁻¹.
// HPCG fails a departure above 1.
struct SymmetryCheck {
  double spmv_departure = 0;
  double mg_departure = 0;
  static constexpr double limit = 1.0;
  bool passed() const { return spmv_departure <= limit && mg_departure <= limit; }
};
SymmetryCheck test_symmetry(Problem& problem, const kernels::sparse::SparseKernels& kernels);

// CG on HPCG's exaggerated-diagonal matrix (diagonal ×10⁶, more on the first
// nine global rows), twice without and twice with the preconditioner: HPCG
// expects at most 12 and 2 iterations. The matrix is restored afterwards.
struct CgCheck {
  int unpreconditioned_iterations = 0;  // the most of the calls
  int preconditioned_iterations = 0;
  int failures = 0;
  static constexpr int expected_unpreconditioned = 12;
  static constexpr int expected_preconditioned = 2;
  bool passed() const { return failures == 0; }
};
CgCheck test_cg(Problem& problem, const kernels::sparse::SparseKernels& kernels);

// The residual reductions of the timed sets must agree: HPCG passes a variance below 1e-6.
struct NormsCheck {
  double mean = 0;
  double variance = 0;
  static constexpr double limit = 1e-6;
  bool passed() const { return variance < limit; }
};
NormsCheck test_norms(const std::vector<double>& reductions);

// Values in [0, 1) from each row's global number, so the same vector on every
// layout and in either row numbering.
void fill_random(const Level& level, std::uint64_t seed, double* values);

}  // namespace suanli::solvers::cg_mg
