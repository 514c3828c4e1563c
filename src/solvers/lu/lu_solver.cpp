#include "solvers/lu/lu_solver.hpp"

#include <fmt/format.h>
#include <mpi.h>

#include <limits>

#include "core/error.hpp"
#include "solvers/lu/back_substitution.hpp"
#include "solvers/lu/distributed_matrix.hpp"
#include "solvers/lu/lu_factorization.hpp"
#include "solvers/lu/matrix_generator.hpp"
#include "solvers/lu/scaled_residual.hpp"

namespace suanli::solvers::lu {

void validate(const par::ProcessGrid& grid, const LuOptions& options) {
  if (options.n < 1) throw UsageError(fmt::format("--n: expected a matrix order ≥ 1, got {}", options.n));
  if (options.nb < 1) throw UsageError(fmt::format("--nb: expected a block size ≥ 1, got {}", options.nb));
  if (options.p != grid.rows() || options.q != grid.cols()) {
    throw UsageError(fmt::format("--p/--q: options ask for a {}×{} grid but the process grid is {}×{}", options.p,
                                 options.q, grid.rows(), grid.cols()));
  }
  if (options.lookahead < 0 || options.lookahead > 1) {
    throw UsageError(fmt::format("--depth: expected a look-ahead depth of 0 or 1, got {}", options.lookahead));
  }
  if (options.panel_base == PanelBase::left_looking && grid.rows() > 1) {
    throw UsageError(
        fmt::format("--panel: the left-looking panel base needs the panel on one process (P = 1), "
                    "got P = {}; use right or auto",
                    grid.rows()));
  }
  if (options.panel_base_columns < 1) {
    throw UsageError(fmt::format("--panel-base: expected ≥ 1 columns, got {}", options.panel_base_columns));
  }
  // A panel travels as one MPI message counted in bytes (an int): n/P rows of nb words.
  const double panel_bytes = static_cast<double>(options.n) / grid.rows() * options.nb * sizeof(double);
  if (panel_bytes >= static_cast<double>(std::numeric_limits<int>::max())) {
    throw UsageError(
        fmt::format("--n/--nb: a panel of {}/{} rows × {} columns exceeds one MPI message (2 GiB); "
                    "use a smaller --nb or more process rows",
                    options.n, grid.rows(), options.nb));
  }
}

double lu_flops(long n) {
  const double order = static_cast<double>(n);
  return 2.0 / 3.0 * order * order * order + 1.5 * order * order;
}

template <typename T>
LuResult solve_lu(const par::ProcessGrid& grid, const LuOptions& options, const LuTestHooks& hooks) {
  validate(grid, options);
  const MatrixGenerator generator(options.n, options.seed, options.matrix);
  DistributedMatrix<T> system(options.n, options.n + 1, options.nb, grid);
  system.fill(generator);

  LuResult result;
  MPI_Barrier(MPI_COMM_WORLD);
  const double start = MPI_Wtime();
  {
    LuFactorization<T> factorization(grid, options, hooks, system);
    factorization.run(result.times);
  }
  const double solve_start = MPI_Wtime();
  const std::vector<T> x = back_substitute(grid, system, options.n);
  const double end = MPI_Wtime();
  result.times.solve = end - solve_start;
  double seconds = end - start;
  MPI_Allreduce(MPI_IN_PLACE, &seconds, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  result.seconds = seconds;
  result.x.assign(x.begin(), x.end());

  // The factors have overwritten A and b: regenerate them for the check rather than keep a copy.
  system.fill(generator);
  result.scaled_residual =
      scaled_residual(grid, system, result.x, static_cast<double>(std::numeric_limits<T>::epsilon()) / 2);
  result.passed = result.scaled_residual < residual_threshold;
  return result;
}

template LuResult solve_lu<double>(const par::ProcessGrid&, const LuOptions&, const LuTestHooks&);
template LuResult solve_lu<float>(const par::ProcessGrid&, const LuOptions&, const LuTestHooks&);

}  // namespace suanli::solvers::lu
