// A P×Q grid of MPI processes over MPI_COMM_WORLD, the layout of distributed dense LU (HPL).
// Ranks are placed row-major as HPL's default: rank r sits at row r / Q, column r % Q. The row
// communicator joins the Q processes of my row (panel broadcasts travel along it); the column
// communicator joins the P processes of my column (pivot search, row swaps, U broadcast).
#pragma once

#include <mpi.h>

namespace suanli::par {

class ProcessGrid {
 public:
  // Collective over MPI_COMM_WORLD. Throws UsageError when p·q is not the number of ranks.
  ProcessGrid(int p, int q);
  ~ProcessGrid();
  ProcessGrid(const ProcessGrid&) = delete;
  ProcessGrid& operator=(const ProcessGrid&) = delete;

  int rows() const { return p_; }
  int cols() const { return q_; }
  int my_row() const { return my_row_; }
  int my_col() const { return my_col_; }
  // My rank in the world, and the world rank of the process at (row, col).
  int rank() const { return my_row_ * q_ + my_col_; }
  int rank_at(int row, int col) const { return row * q_ + col; }
  // In the row communicator my rank is my column; in the column communicator, my row.
  MPI_Comm row_comm() const { return row_comm_; }
  MPI_Comm col_comm() const { return col_comm_; }

 private:
  int p_ = 1;
  int q_ = 1;
  int my_row_ = 0;
  int my_col_ = 0;
  MPI_Comm row_comm_ = MPI_COMM_NULL;
  MPI_Comm col_comm_ = MPI_COMM_NULL;
};

}  // namespace suanli::par
