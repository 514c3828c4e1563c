// A matrix distributed 2D block-cyclically over a P×Q process grid: each rank stores its pieces
// column-major in one local array (lda ≥ local rows). T = double (HPL) or float (mixed precision).
#pragma once

#include <sys/mman.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>

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
        data_(allocate(static_cast<std::size_t>(lda_ * std::max(1L, local_cols_)))) {}

  const BlockCyclicAxis& row_axis() const { return row_axis_; }
  const BlockCyclicAxis& col_axis() const { return col_axis_; }
  int my_row() const { return my_row_; }
  int my_col() const { return my_col_; }
  long local_rows() const { return local_rows_; }
  long local_cols() const { return local_cols_; }
  long lda() const { return lda_; }
  T* data() { return data_.get(); }
  const T* data() const { return data_.get(); }
  T& local(long li, long lj) { return data_[static_cast<std::size_t>(li + lj * lda_)]; }
  const T& local(long li, long lj) const { return data_[static_cast<std::size_t>(li + lj * lda_)]; }
  T* column(long lj) { return data_.get() + lj * lda_; }

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
  struct FreeDeleter {
    void operator()(T* p) const { std::free(p); }
  };
  // Storage on 2 MiB boundaries with transparent huge pages asked for: the row swaps and the panel's
  // row exchanges touch one entry per column, lda·sizeof(T) bytes apart, so with 4 KiB pages nearly
  // every access is a TLB miss. Only advice: where huge pages are off the kernel uses small ones.
  // Not zeroed: fill() writes every entry.
  static std::unique_ptr<T[], FreeDeleter> allocate(std::size_t elements) {
    constexpr std::size_t huge_page = std::size_t{2} << 20;
    const std::size_t bytes = (elements * sizeof(T) + huge_page - 1) / huge_page * huge_page;
    T* p = static_cast<T*>(std::aligned_alloc(huge_page, bytes));
    if (!p) throw std::bad_alloc();
    madvise(p, bytes, MADV_HUGEPAGE);
    return std::unique_ptr<T[], FreeDeleter>(p);
  }

  std::unique_ptr<T[], FreeDeleter> data_;
};

}  // namespace suanli::solvers::lu
