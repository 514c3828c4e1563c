#include "par/cartesian_grid.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "core/error.hpp"
#include "par/mpi_check.hpp"

namespace suanli::par {

CartesianGrid::CartesianGrid(MPI_Comm comm, int px, int py, bool periodic_x, bool periodic_y) : px_(px), py_(py) {
  int size = 1;
  MPI_Comm_size(comm, &size);
  if (px < 1 || py < 1 || px * py != size)
    throw RunError(fmt::format("Cartesian grid {}x{} does not match the {} ranks of the communicator", px, py, size));
  // MPI orders dims as (x, y) here; no reordering, so the layout is the same whatever the library.
  int dims[2] = {px, py};
  int periods[2] = {periodic_x ? 1 : 0, periodic_y ? 1 : 0};
  check_mpi(MPI_Cart_create(comm, 2, dims, periods, 0, &comm_), "MPI_Cart_create");
  MPI_Comm_rank(comm_, &rank_);
  int coords[2] = {0, 0};
  MPI_Cart_coords(comm_, rank_, 2, coords);
  cx_ = coords[0];
  cy_ = coords[1];
  MPI_Cart_shift(comm_, 0, 1, &west_, &east_);
  MPI_Cart_shift(comm_, 1, 1, &south_, &north_);
  coords_x_.resize(static_cast<std::size_t>(size));
  coords_y_.resize(static_cast<std::size_t>(size));
  for (int r = 0; r < size; ++r) {
    MPI_Cart_coords(comm_, r, 2, coords);
    coords_x_[static_cast<std::size_t>(r)] = coords[0];
    coords_y_[static_cast<std::size_t>(r)] = coords[1];
  }
}

CartesianGrid::~CartesianGrid() {
  if (comm_ != MPI_COMM_NULL) MPI_Comm_free(&comm_);
}

void CartesianGrid::exchange_x(double* f, int nx, int ny) const {
  const std::size_t stride = static_cast<std::size_t>(nx) + 2;
  auto at = [&](int i, int j) -> double& { return f[static_cast<std::size_t>(j) * stride + static_cast<std::size_t>(i)]; };
  // A periodic direction with one rank: the neighbour is this rank, a plain copy.
  if (west_ == rank_ && east_ == rank_) {
    for (int j = 1; j <= ny; ++j) {
      at(0, j) = at(nx, j);
      at(nx + 1, j) = at(1, j);
    }
    return;
  }
  if (west_ == MPI_PROC_NULL && east_ == MPI_PROC_NULL) return;  // walls both sides: nothing to receive
  const auto n = static_cast<std::size_t>(ny);
  send_lo_.resize(n), send_hi_.resize(n), recv_lo_.resize(n), recv_hi_.resize(n);
  for (int j = 1; j <= ny; ++j) {
    send_lo_[static_cast<std::size_t>(j - 1)] = at(1, j);
    send_hi_[static_cast<std::size_t>(j - 1)] = at(nx, j);
  }
  // East-going then west-going; MPI_PROC_NULL sides leave the ghosts to the wall conditions.
  check_mpi(MPI_Sendrecv(send_hi_.data(), ny, MPI_DOUBLE, east_, 11, recv_lo_.data(), ny, MPI_DOUBLE, west_, 11, comm_,
                     MPI_STATUS_IGNORE),
        "MPI_Sendrecv");
  check_mpi(MPI_Sendrecv(send_lo_.data(), ny, MPI_DOUBLE, west_, 12, recv_hi_.data(), ny, MPI_DOUBLE, east_, 12, comm_,
                     MPI_STATUS_IGNORE),
        "MPI_Sendrecv");
  if (west_ != MPI_PROC_NULL)
    for (int j = 1; j <= ny; ++j) at(0, j) = recv_lo_[static_cast<std::size_t>(j - 1)];
  if (east_ != MPI_PROC_NULL)
    for (int j = 1; j <= ny; ++j) at(nx + 1, j) = recv_hi_[static_cast<std::size_t>(j - 1)];
}

void CartesianGrid::exchange_y(double* f, int nx, int ny) const {
  const std::size_t stride = static_cast<std::size_t>(nx) + 2;
  const int count = nx + 2;
  double* row_0 = f;
  double* row_1 = f + stride;
  double* row_ny = f + static_cast<std::size_t>(ny) * stride;
  double* row_ny1 = f + static_cast<std::size_t>(ny + 1) * stride;
  if (south_ == rank_ && north_ == rank_) {
    std::copy(row_ny, row_ny + count, row_0);
    std::copy(row_1, row_1 + count, row_ny1);
    return;
  }
  if (south_ == MPI_PROC_NULL && north_ == MPI_PROC_NULL) return;
  // Rows are contiguous: sent and received in place.
  check_mpi(MPI_Sendrecv(row_ny, count, MPI_DOUBLE, north_, 21, row_0, count, MPI_DOUBLE, south_, 21, comm_,
                     MPI_STATUS_IGNORE),
        "MPI_Sendrecv");
  check_mpi(MPI_Sendrecv(row_1, count, MPI_DOUBLE, south_, 22, row_ny1, count, MPI_DOUBLE, north_, 22, comm_,
                     MPI_STATUS_IGNORE),
        "MPI_Sendrecv");
}

double CartesianGrid::max(double value) const {
  double out = value;
  if (size() > 1) check_mpi(MPI_Allreduce(&value, &out, 1, MPI_DOUBLE, MPI_MAX, comm_), "MPI_Allreduce");
  return out;
}

double CartesianGrid::sum(double value) const {
  double out = value;
  if (size() > 1) check_mpi(MPI_Allreduce(&value, &out, 1, MPI_DOUBLE, MPI_SUM, comm_), "MPI_Allreduce");
  return out;
}

std::vector<double> CartesianGrid::allgather_blocks(const std::vector<double>& block, int bx, int by) const {
  const std::size_t block_size = static_cast<std::size_t>(bx) * static_cast<std::size_t>(by);
  std::vector<double> all(block_size * static_cast<std::size_t>(size()));
  if (size() > 1)
    check_mpi(MPI_Allgather(block.data(), static_cast<int>(block_size), MPI_DOUBLE, all.data(),
                        static_cast<int>(block_size), MPI_DOUBLE, comm_),
          "MPI_Allgather");
  else
    std::copy(block.begin(), block.end(), all.begin());
  const std::size_t width = static_cast<std::size_t>(px_) * static_cast<std::size_t>(bx);
  std::vector<double> global(all.size());
  for (int r = 0; r < size(); ++r) {
    const std::size_t x0 = static_cast<std::size_t>(coords_x_[static_cast<std::size_t>(r)]) * static_cast<std::size_t>(bx);
    const std::size_t y0 = static_cast<std::size_t>(coords_y_[static_cast<std::size_t>(r)]) * static_cast<std::size_t>(by);
    const double* src = all.data() + static_cast<std::size_t>(r) * block_size;
    for (int j = 0; j < by; ++j)
      std::copy(src + static_cast<std::size_t>(j) * static_cast<std::size_t>(bx),
                src + static_cast<std::size_t>(j + 1) * static_cast<std::size_t>(bx),
                global.data() + (y0 + static_cast<std::size_t>(j)) * width + x0);
  }
  return global;
}

GridShape square_grid_dividing(int ranks, int n) {
  GridShape best;
  for (int px = 1; px <= ranks; ++px) {
    if (ranks % px != 0) continue;
    const int py = ranks / px;
    if (n % px != 0 || n % py != 0) continue;
    if (best.px == 0 || std::abs(px - py) < std::abs(best.px - best.py)) best = {px, py};
  }
  return best;
}

}  // namespace suanli::par
