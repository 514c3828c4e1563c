#include "solvers/cg_mg/validation.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "solvers/cg_mg/conjugate_gradient.hpp"

namespace suanli::solvers::cg_mg {

namespace {

// SplitMix64: a well-mixed hash of the global row, no state to share.
std::uint64_t mix(std::uint64_t z) {
  z += 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

double departure(double xay, double yax, double x_norm, double y_norm) {
  constexpr double a_norm = 2.0 * stencil_diagonal;
  return std::fabs(xay - yax) / ((x_norm * a_norm * y_norm + y_norm * a_norm * x_norm) * DBL_EPSILON);
}

}  // namespace

void fill_random(const Level& level, std::uint64_t seed, double* values) {
  const Geometry& g = level.geometry;
  for (int iz = 0; iz < g.nz; ++iz)
    for (int iy = 0; iy < g.ny; ++iy)
      for (int ix = 0; ix < g.nx; ++ix) {
        const std::uint64_t bits = mix(seed ^ mix(static_cast<std::uint64_t>(g.global_row(ix, iy, iz))));
        values[level.matrix.natural_row_position((iz * g.ny + iy) * g.nx + ix)] =
            static_cast<double>(bits >> 11) * 0x1.0p-53;
      }
}

SymmetryCheck test_symmetry(Problem& problem, const kernels::sparse::SparseKernels& k) {
  Level& a = *problem.fine;
  const std::size_t columns = static_cast<std::size_t>(a.columns());
  const std::int32_t n = a.rows();
  std::vector<double> x(columns, 0.0), y(columns, 0.0), z(columns, 0.0);
  fill_random(a, 1, x.data());
  fill_random(a, 2, y.data());
  double ignored = 0;
  const double x_norm = std::sqrt(global_dot(k, n, x.data(), x.data(), ignored));
  const double y_norm = std::sqrt(global_dot(k, n, y.data(), y.data(), ignored));

  SymmetryCheck check;
  exchange_halo(a.halo, n, y.data());
  k.spmv(a.matrix, y.data(), z.data());
  const double xay = global_dot(k, n, x.data(), z.data(), ignored);
  exchange_halo(a.halo, n, x.data());
  k.spmv(a.matrix, x.data(), z.data());
  const double yax = global_dot(k, n, y.data(), z.data(), ignored);
  check.spmv_departure = departure(xay, yax, x_norm, y_norm);

  multigrid(a, k, y.data(), z.data());
  const double xmy = global_dot(k, n, x.data(), z.data(), ignored);
  multigrid(a, k, x.data(), z.data());
  const double ymx = global_dot(k, n, y.data(), z.data(), ignored);
  check.mg_departure = departure(xmy, ymx, x_norm, y_norm);
  return check;
}

CgCheck test_cg(Problem& problem, const kernels::sparse::SparseKernels& k) {
  Level& a = *problem.fine;
  const std::vector<double> original(a.matrix.diagonal.begin(), a.matrix.diagonal.end());
  std::vector<double> exaggerated = original;
  std::vector<double> b(problem.b.begin(), problem.b.end());
  const Geometry& g = a.geometry;
  for (int iz = 0; iz < g.nz; ++iz)
    for (int iy = 0; iy < g.ny; ++iy)
      for (int ix = 0; ix < g.nx; ++ix) {
        const std::int32_t i = a.matrix.natural_row_position((iz * g.ny + iy) * g.nx + ix);
        const std::int64_t global = g.global_row(ix, iy, iz);
        const double scale = global < 9 ? static_cast<double>(global + 2) * 1.0e6 : 1.0e6;
        exaggerated[i] *= scale;
        b[i] *= scale;
      }
  kernels::sparse::replace_diagonal(a.matrix, exaggerated);

  CgCheck check;
  CgWorkspace work(a);
  std::vector<double> x(static_cast<std::size_t>(a.columns()), 0.0);
  constexpr int max_iterations = 50;
  constexpr double tolerance = 1.0e-12;
  for (bool preconditioned : {false, true})
    for (int call = 0; call < 2; ++call) {
      std::fill(x.begin(), x.end(), 0.0);
      CgTimes times;
      const CgOutcome out =
          conjugate_gradient(a, k, work, b.data(), x.data(), max_iterations, tolerance, preconditioned, times);
      int& most = preconditioned ? check.preconditioned_iterations : check.unpreconditioned_iterations;
      most = std::max(most, out.iterations);
      const int expected = preconditioned ? CgCheck::expected_preconditioned : CgCheck::expected_unpreconditioned;
      if (out.iterations > expected) ++check.failures;
    }
  kernels::sparse::replace_diagonal(a.matrix, original);
  return check;
}

NormsCheck test_norms(const std::vector<double>& reductions) {
  NormsCheck check;
  if (reductions.empty()) return check;
  for (double r : reductions) check.mean += r;
  check.mean /= static_cast<double>(reductions.size());
  for (double r : reductions) check.variance += (r - check.mean) * (r - check.mean);
  check.variance /= static_cast<double>(reductions.size());
  return check;
}

}  // namespace suanli::solvers::cg_mg
