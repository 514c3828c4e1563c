#include "solvers/lu/scaled_residual.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace suanli::solvers::lu {

template <typename T>
double scaled_residual(const par::ProcessGrid& grid, const DistributedMatrix<T>& system, const std::vector<double>& x,
                       double epsilon) {
  const long n = system.row_axis().n;
  const long local_rows = system.local_rows();
  // Per local row: Σ_j A(i,j)·x_j − b_i, then Σ_j |A(i,j)|; summed over the process row.
  std::vector<double> sums(static_cast<std::size_t>(2 * local_rows), 0.0);
  double b_norm = 0.0;
  for (long lj = 0; lj < system.local_cols(); ++lj) {
    const long j = system.col_axis().to_global(lj, grid.my_col());
    for (long li = 0; li < local_rows; ++li) {
      const double value = static_cast<double>(system.local(li, lj));
      if (j < n) {
        sums[static_cast<std::size_t>(li)] += value * x[static_cast<std::size_t>(j)];
        sums[static_cast<std::size_t>(local_rows + li)] += std::abs(value);
      } else {
        sums[static_cast<std::size_t>(li)] -= value;
        b_norm = std::max(b_norm, std::abs(value));
      }
    }
  }
  if (grid.cols() > 1) {
    MPI_Allreduce(MPI_IN_PLACE, sums.data(), static_cast<int>(sums.size()), MPI_DOUBLE, MPI_SUM, grid.row_comm());
  }
  std::array<double, 3> norms{0.0, 0.0, b_norm};  // ‖r‖∞, ‖A‖∞, ‖b‖∞
  for (long li = 0; li < local_rows; ++li) {
    norms[0] = std::max(norms[0], std::abs(sums[static_cast<std::size_t>(li)]));
    norms[1] = std::max(norms[1], sums[static_cast<std::size_t>(local_rows + li)]);
  }
  MPI_Allreduce(MPI_IN_PLACE, norms.data(), 3, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  double x_norm = 0.0;
  for (double value : x) x_norm = std::max(x_norm, std::abs(value));
  const double scale = epsilon * (norms[1] * x_norm + norms[2]) * static_cast<double>(n);
  // NaN anywhere (a singular pivot) must fail the check, not slip through a comparison.
  if (!std::isfinite(norms[0]) || !std::isfinite(x_norm)) return std::numeric_limits<double>::infinity();
  return norms[0] / scale;
}

template double scaled_residual(const par::ProcessGrid&, const DistributedMatrix<double>&, const std::vector<double>&,
                                double);
template double scaled_residual(const par::ProcessGrid&, const DistributedMatrix<float>&, const std::vector<double>&,
                                double);

}  // namespace suanli::solvers::lu
