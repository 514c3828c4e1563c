#include "solvers/lu/lu_factors.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "kernels/dense/lu_blas.hpp"
#include "solvers/lu/lu_factorization.hpp"
#include "solvers/lu/mpi_types.hpp"

namespace suanli::solvers::lu {
namespace blas = kernels::dense::lu_blas;

template <typename T>
LuFactors<T>::LuFactors(const par::ProcessGrid& grid, const LuOptions& options)
    : grid_(grid), options_(options), lu_(options.n, options.n, options.nb, grid) {
  validate(grid, options);
  if (options.pivoting) throw UsageError("LuFactors: pivoting is not supported (the pivots are not kept)");
}

template <typename T>
void LuFactors<T>::factor(LuTimes& times) {
  LuFactorization<T> factorization(grid_, options_, LuTestHooks{}, lu_);
  factorization.run(times);
}

// The same block loop as back_substitute (back_substitution.cpp), once down with the unit lower L
// and once up with U; the right-hand side is replicated, so the diagonal owner adds it itself.
template <typename T>
std::vector<double> LuFactors<T>::solve(const std::vector<double>& r) const {
  const auto& rows = lu_.row_axis();
  const auto& cols = lu_.col_axis();
  const long n = options_.n;
  const int nb = rows.nb;
  const long panels = (n + nb - 1) / nb;
  const int lda = static_cast<int>(lu_.lda());
  const int my_row = grid_.my_row();
  const int my_col = grid_.my_col();
  std::vector<T> z(static_cast<std::size_t>(n));  // L⁻¹·r, then U⁻¹·L⁻¹·r
  std::vector<T> partial(static_cast<std::size_t>(std::max(1L, lu_.local_rows())));  // −Σ L(i,j)·z_j so far
  const int ld_partial = static_cast<int>(partial.size());
  std::vector<T> block(static_cast<std::size_t>(nb));

  // One block of either pass: gather the row's partial sums and the right-hand side on the
  // diagonal owner, solve with the diagonal block there, and give the block to every rank.
  auto solve_block = [&](long k, const auto& rhs, bool lower) {
    const long j0 = k * nb;
    const int jb = static_cast<int>(std::min<long>(nb, n - j0));
    const int diag_row = rows.owner(j0);
    const int diag_col = cols.owner(j0);
    if (my_row == diag_row) {
      const long first = rows.to_local(j0);
      for (int i = 0; i < jb; ++i) {
        block[static_cast<std::size_t>(i)] = partial[static_cast<std::size_t>(first + i)];
        if (my_col == diag_col)
          block[static_cast<std::size_t>(i)] += static_cast<T>(rhs[static_cast<std::size_t>(j0 + i)]);
      }
      if (grid_.cols() > 1) {
        if (my_col == diag_col) {
          MPI_Reduce(MPI_IN_PLACE, block.data(), jb, mpi_type<T>(), MPI_SUM, diag_col, grid_.row_comm());
        } else {
          MPI_Reduce(block.data(), nullptr, jb, mpi_type<T>(), MPI_SUM, diag_col, grid_.row_comm());
        }
      }
      if (my_col == diag_col) {
        const T* diagonal = &lu_.local(first, cols.to_local(j0));
        if (lower) {
          blas::trsm_unit_lower(jb, 1, diagonal, lda, block.data(), jb);
        } else {
          blas::trsm_upper(jb, 1, diagonal, lda, block.data(), jb);
        }
      }
    }
    MPI_Bcast(block.data(), jb, mpi_type<T>(), grid_.rank_at(diag_row, diag_col), MPI_COMM_WORLD);
    std::copy_n(block.begin(), jb, z.begin() + j0);
    if (my_col != diag_col) return;
    // The process column owning block k subtracts its column of L (rows below) or U (rows above).
    const long begin = lower ? rows.count_below(j0 + jb, my_row) : 0;
    const long end = lower ? lu_.local_rows() : rows.count_below(j0, my_row);
    if (end > begin) {
      blas::gemm_minus(static_cast<int>(end - begin), 1, jb, &lu_.local(begin, cols.to_local(j0)), lda, block.data(),
                       jb, partial.data() + begin, ld_partial);
    }
  };

  std::fill(partial.begin(), partial.end(), T(0));
  for (long k = 0; k < panels; ++k) solve_block(k, r, true);
  const std::vector<T> y = z;
  std::fill(partial.begin(), partial.end(), T(0));
  for (long k = panels - 1; k >= 0; --k) solve_block(k, y, false);
  return std::vector<double>(z.begin(), z.end());
}

template class LuFactors<double>;
template class LuFactors<float>;

}  // namespace suanli::solvers::lu
