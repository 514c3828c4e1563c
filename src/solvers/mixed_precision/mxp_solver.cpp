#include "solvers/mixed_precision/mxp_solver.hpp"

#include <fmt/format.h>
#include <mpi.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <utility>

#include "core/error.hpp"
#include "solvers/lu/block_cyclic.hpp"
#include "solvers/lu/lu_factors.hpp"
#include "solvers/lu/matrix_generator.hpp"

namespace suanli::solvers::mixed_precision {
namespace {

constexpr double fp64_epsilon = 0x1.0p-53;  // unit roundoff of FP64, HPL-MxP's ε

struct Residual {
  std::vector<double> r;  // b − A·x, on every rank
  double r_norm = 0;      // ‖r‖∞
  double a_norm = 0;      // ‖A‖∞
};

// This rank's block-cyclic pieces of A in FP64, kept for the refinement: one
// product then streams 8·n²/(P·Q) bytes instead of regenerating n²/(P·Q)
// entries (a hash each, about 10× slower here). Made before the timed region,
// as HPL generates its matrix untimed; costs 8 bytes per entry beside the factors.
// The timed conversion rounds this copy into the factors' storage.
class LocalSystem {
 public:
  LocalSystem(const par::ProcessGrid& grid, const lu::MatrixGenerator& generator, int nb) : n_(generator.n()) {
    const lu::BlockCyclicAxis rows{n_, nb, grid.rows()};
    const lu::BlockCyclicAxis cols{n_, nb, grid.cols()};
    const long local_rows = rows.local_size(grid.my_row());
    const long local_cols = cols.local_size(grid.my_col());
    for (long li = 0; li < local_rows; ++li) global_rows_.push_back(rows.to_global(li, grid.my_row()));
    for (long lj = 0; lj < local_cols; ++lj) global_cols_.push_back(cols.to_global(lj, grid.my_col()));
    a_.resize(static_cast<std::size_t>(local_rows * local_cols));
    std::vector<double> abs_sums(static_cast<std::size_t>(n_), 0.0);
#pragma omp parallel for schedule(static)
    for (long li = 0; li < local_rows; ++li) {
      double magnitude = 0.0;
      for (long lj = 0; lj < local_cols; ++lj) {
        const double a = generator.a(global_rows_[static_cast<std::size_t>(li)], global_cols_[static_cast<std::size_t>(lj)]);
        a_[static_cast<std::size_t>(li * local_cols + lj)] = a;
        magnitude += std::abs(a);
      }
      abs_sums[static_cast<std::size_t>(global_rows_[static_cast<std::size_t>(li)])] = magnitude;
    }
    MPI_Allreduce(MPI_IN_PLACE, abs_sums.data(), static_cast<int>(n_), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    for (double row : abs_sums) a_norm_ = std::max(a_norm_, row);
    b_.resize(static_cast<std::size_t>(n_));
    for (long i = 0; i < n_; ++i) b_[static_cast<std::size_t>(i)] = generator.b(i);
  }

  // A·x in FP64 on every rank: local row products, then one Allreduce of n words.
  std::vector<double> multiply(const std::vector<double>& x) const {
    const std::size_t local_cols = global_cols_.size();
    std::vector<double> x_local(local_cols);
    for (std::size_t lj = 0; lj < local_cols; ++lj) x_local[lj] = x[static_cast<std::size_t>(global_cols_[lj])];
    std::vector<double> product(static_cast<std::size_t>(n_), 0.0);
#pragma omp parallel for schedule(static)
    for (std::size_t li = 0; li < global_rows_.size(); ++li) {
      const double* row = a_.data() + li * local_cols;
      double sum = 0.0;
      for (std::size_t lj = 0; lj < local_cols; ++lj) sum += row[lj] * x_local[lj];
      product[static_cast<std::size_t>(global_rows_[li])] = sum;
    }
    MPI_Allreduce(MPI_IN_PLACE, product.data(), static_cast<int>(n_), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    return product;
  }

  double a_norm() const { return a_norm_; }
  // My pieces of A, row-major with local_cols() entries a row.
  const double* local_data() const { return a_.data(); }
  long local_cols() const { return static_cast<long>(global_cols_.size()); }
  const std::vector<double>& b() const { return b_; }

 private:
  long n_;
  std::vector<long> global_rows_, global_cols_;
  std::vector<double> a_;  // local_rows × local_cols, row-major
  std::vector<double> b_;
  double a_norm_ = 0;
};

// r = b − A·x in FP64 (with product_only, A·x: the GMRES matrix-vector product).
Residual residual(const LocalSystem& system, const std::vector<double>& x, bool product_only = false) {
  // A·0 = 0 exactly: the first residual, b, needs no pass over the 8·n² bytes of A.
  const bool zero = std::all_of(x.begin(), x.end(), [](double value) { return value == 0.0; });
  const std::vector<double> product = zero ? std::vector<double>(x.size(), 0.0) : system.multiply(x);
  Residual out;
  out.a_norm = system.a_norm();
  out.r.resize(product.size());
  for (std::size_t i = 0; i < product.size(); ++i) {
    const double value = product_only ? product[i] : system.b()[i] - product[i];
    out.r[i] = value;
    out.r_norm = std::max(out.r_norm, std::abs(value));
  }
  // NaN must fail the check, not slip through max().
  for (double value : out.r)
    if (!std::isfinite(value)) out.r_norm = std::numeric_limits<double>::infinity();
  return out;
}

double backward_error(const Residual& res, const lu::MatrixGenerator& generator, const std::vector<double>& x) {
  double x_norm = 0.0;
  bool finite = true;
  for (double value : x) {
    x_norm = std::max(x_norm, std::abs(value));
    finite = finite && std::isfinite(value);
  }
  double b_norm = 0.0;
  for (long i = 0; i < generator.n(); ++i) b_norm = std::max(b_norm, std::abs(generator.b(i)));
  if (!finite || !std::isfinite(res.r_norm)) return std::numeric_limits<double>::infinity();
  const double scale = (res.a_norm * x_norm + b_norm) * static_cast<double>(generator.n()) * fp64_epsilon;
  // The ranks decide together whether to stop: take the largest, should rounding differ.
  double error = res.r_norm / scale;
  MPI_Allreduce(MPI_IN_PLACE, &error, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  return error;
}

template <typename T>
void refine(const LocalSystem& system, const lu::MatrixGenerator& generator, const lu::LuFactors<T>& factors,
            const MxpOptions& options, std::vector<double>& x, MxpResult& result) {
  for (;;) {
    const Residual res = residual(system, x);
    result.backward_error = backward_error(res, generator, x);
    const bool converged = result.backward_error <= backward_error_threshold;
    if (converged || result.iterations >= options.max_iterations || !std::isfinite(result.backward_error)) return;
    const std::vector<double> correction = factors.solve(res.r);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] += correction[i];
    ++result.iterations;
  }
}

double dot(const std::vector<double>& u, const std::vector<double>& v) {
  double sum = 0.0;
  for (std::size_t i = 0; i < u.size(); ++i) sum += u[i] * v[i];
  return sum;
}

double max_abs(const std::vector<double>& v) {
  double norm = 0.0;
  for (double value : v) norm = std::max(norm, std::abs(value));
  return norm;
}

// Every rank holds the same vectors and runs the same Arnoldi process; rank 0's decision to end a
// cycle is shared so that no rounding difference can split the ranks.
bool agreed(bool decision) {
  int flag = decision ? 1 : 0;
  MPI_Bcast(&flag, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return flag != 0;
}

// Restarted GMRES, right-preconditioned, modified Gram-Schmidt with Givens rotations. Per inner
// iteration: one preconditioner solve, one FP64 A·z (regenerated), (k+1) dots and axpys of n.
// A cycle ends when the estimated ‖r‖₂ (≥ ‖r‖∞) meets half the backward-error target at the
// cycle's starting ‖x‖∞; the true residual then decides.
template <typename T>
void gmres(const LocalSystem& system, const lu::MatrixGenerator& generator, const lu::LuFactors<T>& factors,
           const MxpOptions& options, std::vector<double>& x, MxpResult& result) {
  const long n = generator.n();
  const int m = options.restart;
  double b_norm = 0.0;
  for (long i = 0; i < n; ++i) b_norm = std::max(b_norm, std::abs(generator.b(i)));
  std::vector<std::vector<double>> v(static_cast<std::size_t>(m + 1));
  std::vector<std::vector<double>> z(static_cast<std::size_t>(m));
  std::vector<double> h(static_cast<std::size_t>((m + 1) * m));  // column-major, ld m + 1
  auto at = [&](int i, int j) -> double& { return h[static_cast<std::size_t>(i + j * (m + 1))]; };
  std::vector<double> cs(static_cast<std::size_t>(m)), sn(static_cast<std::size_t>(m)),
      g(static_cast<std::size_t>(m + 1));
  for (;;) {
    Residual res = residual(system, x);
    result.backward_error = backward_error(res, generator, x);
    const bool converged = result.backward_error <= backward_error_threshold;
    if (converged || result.iterations >= options.max_iterations || !std::isfinite(result.backward_error)) return;
    const double target =
        0.5 * backward_error_threshold * static_cast<double>(n) * fp64_epsilon * (res.a_norm * max_abs(x) + b_norm);
    const double beta = std::sqrt(dot(res.r, res.r));
    v[0] = std::move(res.r);
    for (double& value : v[0]) value /= beta;
    std::fill(g.begin(), g.end(), 0.0);
    g[0] = beta;
    int k = 0;
    while (k < m && result.iterations < options.max_iterations) {
      const auto col = static_cast<std::size_t>(k);
      z[col] = factors.solve(v[col]);
      std::vector<double> w = residual(system, z[col], /*product_only=*/true).r;
      ++result.iterations;
      for (int i = 0; i <= k; ++i) {
        const auto& basis = v[static_cast<std::size_t>(i)];
        at(i, k) = dot(w, basis);
        for (std::size_t e = 0; e < w.size(); ++e) w[e] -= at(i, k) * basis[e];
      }
      at(k + 1, k) = std::sqrt(dot(w, w));
      if (at(k + 1, k) > 0)
        for (double& value : w) value /= at(k + 1, k);
      v[col + 1] = std::move(w);
      for (int i = 0; i < k; ++i) {
        const auto r = static_cast<std::size_t>(i);
        const double upper = cs[r] * at(i, k) + sn[r] * at(i + 1, k);
        at(i + 1, k) = -sn[r] * at(i, k) + cs[r] * at(i + 1, k);
        at(i, k) = upper;
      }
      const double radius = std::hypot(at(k, k), at(k + 1, k));
      cs[col] = radius > 0 ? at(k, k) / radius : 1.0;
      sn[col] = radius > 0 ? at(k + 1, k) / radius : 0.0;
      at(k, k) = radius;
      at(k + 1, k) = 0.0;
      g[col + 1] = -sn[col] * g[col];
      g[col] = cs[col] * g[col];
      ++k;
      if (agreed(!(std::abs(g[col + 1]) > target))) break;  // NaN ends the cycle too
    }
    // y = H⁻¹·g (upper triangular k×k), then x += Z·y.
    std::vector<double> y(g.begin(), g.begin() + k);
    for (int i = k - 1; i >= 0; --i) {
      for (int j = i + 1; j < k; ++j) y[static_cast<std::size_t>(i)] -= at(i, j) * y[static_cast<std::size_t>(j)];
      y[static_cast<std::size_t>(i)] /= at(i, i);
    }
    for (int j = 0; j < k; ++j) {
      const auto& direction = z[static_cast<std::size_t>(j)];
      for (std::size_t e = 0; e < x.size(); ++e) x[e] += y[static_cast<std::size_t>(j)] * direction[e];
    }
  }
}

}  // namespace

template <typename T>
MxpResult solve_mxp(const par::ProcessGrid& grid, const MxpOptions& options) {
  if (options.restart < 1)
    throw UsageError(fmt::format("restart: expected a GMRES cycle of at least 1 iteration, got {}", options.restart));
  if (options.max_iterations < 1)
    throw UsageError(fmt::format("--max-iter: expected at least 1 iteration, got {}", options.max_iterations));
  lu::LuOptions lu_options = options.lu;
  lu_options.matrix = lu::MatrixKind::diagonally_dominant;
  lu_options.pivoting = false;
  const lu::MatrixGenerator generator(lu_options.n, lu_options.seed, lu_options.matrix);
  lu::LuFactors<T> factors(grid, lu_options);
  const LocalSystem system(grid, generator, lu_options.nb);

  MxpResult result;
  MPI_Barrier(MPI_COMM_WORLD);
  const double start = MPI_Wtime();
  // Convert: round the FP64 copy of A (made above, untimed, as HPL's generation is) to T.
  factors.fill_rounded(system.local_data(), system.local_cols());
  const double factor_start = MPI_Wtime();
  factors.factor(result.lu_times);
  const double refine_start = MPI_Wtime();
  std::vector<double> x(static_cast<std::size_t>(lu_options.n), 0.0);
  if (options.method == MxpMethod::gmres) {
    gmres(system, generator, factors, options, x, result);
  } else {
    refine(system, generator, factors, options, x, result);
  }
  const double end = MPI_Wtime();
  std::array<double, 4> times{factor_start - start, refine_start - factor_start, end - refine_start, end - start};
  MPI_Allreduce(MPI_IN_PLACE, times.data(), 4, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  result.times = {times[0], times[1], times[2]};
  result.seconds = times[3];
  result.passed = result.backward_error <= backward_error_threshold && result.iterations <= options.max_iterations;
  result.x = std::move(x);
  return result;
}

template MxpResult solve_mxp<float>(const par::ProcessGrid&, const MxpOptions&);
template MxpResult solve_mxp<double>(const par::ProcessGrid&, const MxpOptions&);

}  // namespace suanli::solvers::mixed_precision
