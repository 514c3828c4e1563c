// HPL-MxP (docs/mxp.md): Ax = b to FP64 accuracy with an LU factorization in lower precision T as
// the preconditioner of an FP64 iterative method. A is the diagonally dominant matrix of
// MatrixGenerator, factored WITHOUT pivoting by the distributed LU of HPL (src/solvers/lu) in T.
// Methods (FP64 vectors, replicated on every rank; A·v in FP64 with A regenerated block by block):
//   gmres       restarted GMRES(restart), right-preconditioned: A·M⁻¹·u = b, x = M⁻¹·u with
//               M = L·U; HPL-MxP's default. Each cycle starts from the true residual.
//   refinement  classical iterative refinement: r = b − A·x, x += M⁻¹·r.
// Both stop when the true backward error is ≤ 16, or after max_iterations preconditioner solves.
#pragma once

#include <vector>

#include "par/process_grid.hpp"
#include "solvers/lu/lu_solver.hpp"

namespace suanli::solvers::mixed_precision {

enum class MxpMethod { gmres, refinement };

struct MxpOptions {
  // n, nb, p, q, broadcast, lookahead, seed; solve_mxp sets the matrix (diagonally dominant) and
  // pivoting (off) itself.
  lu::LuOptions lu;
  MxpMethod method = MxpMethod::gmres;
  int max_iterations = 50;  // preconditioner solves, over all GMRES cycles
  int restart = 30;         // GMRES cycle length: 2·restart + 1 replicated vectors of n
};

// Seconds per phase, max over ranks.
struct MxpTimes {
  double convert = 0;  // generating A and rounding it to T
  double factor = 0;   // the LU factorization in T
  double refine = 0;   // the FP64 residuals and the preconditioner solves
};

struct MxpResult {
  std::vector<double> x;  // on every rank
  lu::LuTimes lu_times;   // the factorization's split, this rank
  MxpTimes times;
  double seconds = 0;         // convert + factor + refine, wall time (max over ranks)
  int iterations = 0;         // preconditioner solves (M⁻¹·v)
  double backward_error = 0;  // ‖Ax−b‖∞ / ((‖A‖∞‖x‖∞ + ‖b‖∞) · n · 2⁻⁵³)
  bool passed = false;        // backward_error ≤ threshold within max_iterations
};

constexpr double backward_error_threshold = 16.0;

// Collective over the grid. Throws UsageError on bad options.
template <typename T>
MxpResult solve_mxp(const par::ProcessGrid& grid, const MxpOptions& options);

extern template MxpResult solve_mxp<float>(const par::ProcessGrid&, const MxpOptions&);
extern template MxpResult solve_mxp<double>(const par::ProcessGrid&, const MxpOptions&);

}  // namespace suanli::solvers::mixed_precision
