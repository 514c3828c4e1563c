#include "solvers/cg_mg/conjugate_gradient.hpp"

#include <mpi.h>

#include <algorithm>
#include <cmath>

#include "core/timer.hpp"

namespace suanli::solvers::cg_mg {

CgWorkspace::CgWorkspace(const Level& fine)
    : r(static_cast<std::size_t>(fine.columns()), 0.0),
      z(static_cast<std::size_t>(fine.columns()), 0.0),
      p(static_cast<std::size_t>(fine.columns()), 0.0),
      ap(static_cast<std::size_t>(fine.columns()), 0.0) {}

double global_dot(const SparseKernels& kernels, std::int32_t n, const double* x, const double* y,
                  double& allreduce_seconds) {
  const double local = kernels.dot(n, x, y);
  const double start = now_seconds();
  double global = 0;
  MPI_Allreduce(&local, &global, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  allreduce_seconds += now_seconds() - start;
  return global;
}

namespace {

void refresh_halo(void* level, double* x) {
  Level& l = *static_cast<Level*>(level);
  exchange_halo(l.halo, l.rows(), x);
}

// The kernels decide when the halo must be current (HPCG's reference: once, at
// the start, so ranks couple as in Jacobi); on one rank there is nothing to do.
// The V-cycle's two smoothing steps on a level: the first from z = 0 (z, halo
// included, is overwritten), the second after the prolongation has corrected z.
void smooth_from_zero(Level& level, const SparseKernels& kernels, const double* r, double* z) {
  kernels::sparse::HaloRefresh refresh;
  if (!level.halo.empty()) refresh = {refresh_halo, &level};
  kernels.symgs_from_zero(level.matrix, r, z, level.smoother_scratch.data(), refresh);
}

void smooth_after_prolongation(Level& level, const SparseKernels& kernels, const double* r, double* z) {
  kernels::sparse::HaloRefresh refresh;
  if (!level.halo.empty()) refresh = {refresh_halo, &level};
  kernels.symgs_after_prolongation(level.matrix, r, z, level.smoother_scratch.data(), refresh);
}

void spmv(Level& level, const SparseKernels& kernels, double* x, double* y) {
  exchange_halo(level.halo, level.rows(), x);
  kernels.spmv(level.matrix, x, y);
}

}  // namespace

void multigrid(Level& level, const SparseKernels& kernels, const double* r, double* z) {
  smooth_from_zero(level, kernels, r, z);  // one pre-smoothing step (the only one on the coarsest level)
  if (!level.coarse) return;
  exchange_halo(level.halo, level.rows(), z);
  kernels.residual_restriction(level.matrix, level.fine_of_coarse.data(), level.coarse->rows(), r, z,
                               level.axf.data(), level.coarse_rhs.data());
  multigrid(*level.coarse, kernels, level.coarse_rhs.data(), level.coarse_x.data());
  kernels.prolongation(level.fine_of_coarse.data(), level.coarse->rows(), level.coarse_x.data(), z);
  smooth_after_prolongation(level, kernels, r, z);  // one post-smoothing step
}

CgOutcome conjugate_gradient(Level& fine, const SparseKernels& k, CgWorkspace& w, const double* b, double* x,
                             int max_iterations, double tolerance, bool preconditioned, CgTimes& t) {
  const std::int32_t n = fine.rows();
  double* r = w.r.data();
  double* z = w.z.data();
  double* p = w.p.data();
  double* ap = w.ap.data();
  const double start = now_seconds();
  double tick = start;
  auto lap = [&tick](double& into) {
    const double now = now_seconds();
    into += now - tick;
    tick = now;
  };

  CgOutcome out;
  std::copy(x, x + n, p);
  spmv(fine, k, p, ap);  // A·x, with x in p for its halo
  lap(t.spmv);
  k.waxpby(n, 1.0, b, -1.0, ap, r);  // r = b − A·x
  lap(t.waxpby);
  double normr = std::sqrt(global_dot(k, n, r, r, t.allreduce));
  lap(t.dot);
  out.normr0 = normr;

  double rtz = 0;
  for (int iteration = 1; iteration <= max_iterations && normr / out.normr0 > tolerance; ++iteration) {
    if (preconditioned)
      multigrid(fine, k, r, z);
    else
      k.waxpby(n, 1.0, r, 0.0, r, z);  // z = r
    lap(t.mg);
    if (iteration == 1) {
      std::copy(z, z + n, p);
      lap(t.waxpby);
      rtz = global_dot(k, n, r, z, t.allreduce);
      lap(t.dot);
    } else {
      const double old_rtz = rtz;
      rtz = global_dot(k, n, r, z, t.allreduce);
      lap(t.dot);
      k.waxpby(n, 1.0, z, rtz / old_rtz, p, p);  // p = z + β·p
      lap(t.waxpby);
    }
    spmv(fine, k, p, ap);
    lap(t.spmv);
    const double pap = global_dot(k, n, p, ap, t.allreduce);
    lap(t.dot);
    const double alpha = rtz / pap;
    k.waxpby(n, 1.0, x, alpha, p, x);    // x = x + α·p
    k.waxpby(n, 1.0, r, -alpha, ap, r);  // r = r − α·A·p
    lap(t.waxpby);
    normr = std::sqrt(global_dot(k, n, r, r, t.allreduce));
    lap(t.dot);
    out.iterations = iteration;
  }
  out.normr = normr;
  t.total += now_seconds() - start;
  return out;
}

}  // namespace suanli::solvers::cg_mg
