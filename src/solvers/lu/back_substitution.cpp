#include "solvers/lu/back_substitution.hpp"

#include <algorithm>

#include "kernels/dense/lu_blas.hpp"
#include "solvers/lu/mpi_types.hpp"

namespace suanli::solvers::lu {
namespace blas = kernels::dense::lu_blas;

template <typename T>
std::vector<T> back_substitute(const par::ProcessGrid& grid, const DistributedMatrix<T>& lu, long n) {
  const auto& rows = lu.row_axis();
  const auto& cols = lu.col_axis();
  const int nb = rows.nb;
  const long panels = (n + nb - 1) / nb;
  const long lda = lu.lda();
  const int y_col = cols.owner(n);
  std::vector<T> x(static_cast<std::size_t>(n));
  std::vector<T> partial(static_cast<std::size_t>(std::max(1L, lu.local_rows())), T(0));  // −Σ U(i, j)·x_j so far
  std::vector<T> block(static_cast<std::size_t>(nb));
  for (long k = panels - 1; k >= 0; --k) {
    const long j0 = k * nb;
    const long jb = std::min<long>(nb, n - j0);
    const int diag_row = rows.owner(j0);
    const int diag_col = cols.owner(j0);
    if (grid.my_row() == diag_row) {
      const long first = rows.to_local(j0);
      for (long i = 0; i < jb; ++i) {
        block[static_cast<std::size_t>(i)] = partial[static_cast<std::size_t>(first + i)];
        if (grid.my_col() == y_col) block[static_cast<std::size_t>(i)] += lu.local(first + i, cols.to_local(n));
      }
      if (grid.cols() > 1) {
        if (grid.my_col() == diag_col) {
          MPI_Reduce(MPI_IN_PLACE, block.data(), static_cast<int>(jb), mpi_type<T>(), MPI_SUM, diag_col,
                     grid.row_comm());
        } else {
          MPI_Reduce(block.data(), nullptr, static_cast<int>(jb), mpi_type<T>(), MPI_SUM, diag_col, grid.row_comm());
        }
      }
      if (grid.my_col() == diag_col) {
        blas::trsm_upper(static_cast<int>(jb), 1, &lu.local(first, cols.to_local(j0)), static_cast<int>(lda),
                         block.data(), static_cast<int>(jb));
      }
    }
    MPI_Bcast(block.data(), static_cast<int>(jb), mpi_type<T>(), grid.rank_at(diag_row, diag_col), MPI_COMM_WORLD);
    std::copy_n(block.begin(), jb, x.begin() + j0);
    if (grid.my_col() == diag_col) {
      const long above = rows.count_below(j0, grid.my_row());
      blas::gemm_minus(static_cast<int>(above), 1, static_cast<int>(jb), &lu.local(0, cols.to_local(j0)),
                       static_cast<int>(lda), block.data(), static_cast<int>(jb), partial.data(),
                       static_cast<int>(partial.size()));
    }
  }
  return x;
}

template std::vector<double> back_substitute(const par::ProcessGrid&, const DistributedMatrix<double>&, long);
template std::vector<float> back_substitute(const par::ProcessGrid&, const DistributedMatrix<float>&, long);

}  // namespace suanli::solvers::lu
