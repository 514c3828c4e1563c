// The distributed LU factors kept to be applied many times: the preconditioner of HPL-MxP
// (src/solvers/mixed_precision). Factors A (not [A | b]) in precision T WITHOUT pivoting, with the
// factorization of lu_factorization.cpp (the one HPL uses), then solves L·U·d = r for any r.
#pragma once

#include <algorithm>
#include <vector>

#include "par/process_grid.hpp"
#include "solvers/lu/distributed_matrix.hpp"
#include "solvers/lu/lu_solver.hpp"
#include "solvers/lu/matrix_generator.hpp"

namespace suanli::solvers::lu {

template <typename T>
class LuFactors {
 public:
  // Allocates my pieces of the n×n matrix; nothing is generated yet. Collective over the grid.
  // Throws UsageError on bad options, or if options.pivoting is set (the pivots are not kept).
  LuFactors(const par::ProcessGrid& grid, const LuOptions& options);
  // Fills my pieces with A of `generator`, rounded to T (HPL-MxP's conversion).
  void fill(const MatrixGenerator& generator) { lu_.fill(generator); }
  // Fills my pieces by rounding to T a copy of them already in FP64, row-major (local row li, local
  // column lj at local[li·ld + lj]): HPL-MxP's conversion without generating A again (n² hashes).
  void fill_rounded(const double* local, long ld) {
    constexpr long columns = 16;  // read 128 contiguous bytes of a row, write 16 columns
#pragma omp parallel for schedule(static)
    for (long j0 = 0; j0 < lu_.local_cols(); j0 += columns) {
      const long j1 = std::min(j0 + columns, lu_.local_cols());
      for (long li = 0; li < lu_.local_rows(); ++li)
        for (long lj = j0; lj < j1; ++lj) lu_.local(li, lj) = static_cast<T>(local[li * ld + lj]);
    }
  }
  // Overwrites A with L\U (unit lower L). Adds its phases to `times`. Collective.
  void factor(LuTimes& times);
  // d = U⁻¹·L⁻¹·r in precision T; r replicated (n entries, the same on every rank), d on every rank.
  // Forward then backward substitution, per block: a Reduce of nb words over the process row and a
  // Bcast of nb words to all ranks, 4·n/nb small collectives and 2·n² flops spread over the grid.
  std::vector<double> solve(const std::vector<double>& r) const;
  long n() const { return options_.n; }

 private:
  const par::ProcessGrid& grid_;
  LuOptions options_;
  DistributedMatrix<T> lu_;
};

extern template class LuFactors<double>;
extern template class LuFactors<float>;

}  // namespace suanli::solvers::lu
