#include "par/process_grid.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace suanli::par {

ProcessGrid::ProcessGrid(int p, int q) : p_(p), q_(q) {
  int world_size = 1;
  int world_rank = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &world_size);
  MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
  if (p < 1 || q < 1 || static_cast<long>(p) * q != world_size) {
    throw UsageError(
        fmt::format("--p/--q: the process grid P×Q must use every rank: "
                    "{}×{} = {} but there are {} ranks",
                    p, q, static_cast<long>(p) * q, world_size));
  }
  my_row_ = world_rank / q;
  my_col_ = world_rank % q;
  // Keys order each sub-communicator so that its rank equals my column (row comm) or row (col comm).
  MPI_Comm_split(MPI_COMM_WORLD, my_row_, my_col_, &row_comm_);
  MPI_Comm_split(MPI_COMM_WORLD, my_col_, my_row_, &col_comm_);
}

ProcessGrid::~ProcessGrid() {
  if (row_comm_ != MPI_COMM_NULL) MPI_Comm_free(&row_comm_);
  if (col_comm_ != MPI_COMM_NULL) MPI_Comm_free(&col_comm_);
}

}  // namespace suanli::par
