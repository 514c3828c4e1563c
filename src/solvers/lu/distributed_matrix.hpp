// A matrix distributed 2D block-cyclically over a P×Q process grid: each rank stores its pieces
// column-major in one local array (lda ≥ local rows). T = double (HPL) or float (mixed precision).
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "par/process_grid.hpp"
#include "solvers/lu/block_cyclic.hpp"
#include "solvers/lu/matrix_generator.hpp"

namespace suanli::solvers::lu {

template <typename T>
class DistributedMatrix {
 public:
  DistributedMatrix(long rows, long cols, int nb, const par::ProcessGrid& grid)
      : row_axis_{rows, nb, grid.rows()},
        col_axis_{cols, nb, grid.cols()},
        my_row_(grid.my_row()),
        my_col_(grid.my_col()),
        local_rows_(row_axis_.local_size(my_row_)),
        local_cols_(col_axis_.local_size(my_col_)),
        lda_(std::max(1L, local_rows_)),
        data_(static_cast<std::size_t>(lda_ * std::max(1L, local_cols_))) {}

  const BlockCyclicAxis& row_axis() const { return row_axis_; }
  const BlockCyclicAxis& col_axis() const { return col_axis_; }
  int my_row() const { return my_row_; }
  int my_col() const { return my_col_; }
  long local_rows() const { return local_rows_; }
  long local_cols() const { return local_cols_; }
  long lda() const { return lda_; }
  T* data() { return data_.data(); }
  const T* data() const { return data_.data(); }
  T& local(long li, long lj) { return data_[static_cast<std::size_t>(li + lj * lda_)]; }
  const T& local(long li, long lj) const { return data_[static_cast<std::size_t>(li + lj * lda_)]; }
  T* column(long lj) { return data_.data() + lj * lda_; }

  // Fills (or regenerates) my pieces with the augmented system [A | b] of `generator`: no
  // communication, the same entries on any grid.
  void fill(const MatrixGenerator& generator) {
    // Columns are independent: generate them on all threads (n² hashes at n = 8000 take ~0.2 s).
#pragma omp parallel for schedule(static)
    for (long lj = 0; lj < local_cols_; ++lj) {
      const long j = col_axis_.to_global(lj, my_col_);
      for (long li = 0; li < local_rows_; ++li) {
        local(li, lj) = static_cast<T>(generator.augmented(row_axis_.to_global(li, my_row_), j));
      }
    }
  }

 private:
  BlockCyclicAxis row_axis_;
  BlockCyclicAxis col_axis_;
  int my_row_;
  int my_col_;
  long local_rows_;
  long local_cols_;
  long lda_;
  std::vector<T> data_;
};

}  // namespace suanli::solvers::lu
