// A px×py Cartesian grid of ranks for 2D domain decomposition (MPI_Cart_create), with the halo
// exchange of fields stored as (nx+2)×(ny+2) doubles, row-major with one ghost layer all round.
// Used by the Navier–Stokes solver: each rank owns an nx×ny block of cells.
#pragma once

#include <mpi.h>

#include <vector>

namespace suanli::par {

class CartesianGrid {
 public:
  // Collective over comm. Throws RunError when px·py is not the size of comm.
  CartesianGrid(MPI_Comm comm, int px, int py, bool periodic_x, bool periodic_y);
  ~CartesianGrid();
  CartesianGrid(const CartesianGrid&) = delete;
  CartesianGrid& operator=(const CartesianGrid&) = delete;

  int px() const { return px_; }
  int py() const { return py_; }
  int coord_x() const { return cx_; }
  int coord_y() const { return cy_; }
  int size() const { return px_ * py_; }
  int rank() const { return rank_; }
  // No neighbour on that side: a physical wall (non-periodic direction at the edge).
  bool wall_west() const { return west_ == MPI_PROC_NULL; }
  bool wall_east() const { return east_ == MPI_PROC_NULL; }
  bool wall_south() const { return south_ == MPI_PROC_NULL; }
  bool wall_north() const { return north_ == MPI_PROC_NULL; }

  // Ghost columns 0 and nx+1 (rows 1..ny) from the west and east neighbours.
  void exchange_x(double* field, int nx, int ny) const;
  // Ghost rows 0 and ny+1, whole rows including the ghost columns, so that after
  // exchange_x then exchange_y the corner ghosts hold the diagonal neighbours' values.
  void exchange_y(double* field, int nx, int ny) const;

  double max(double value) const;
  double sum(double value) const;
  // Every rank's bx×by block (row-major) placed at its grid position: the global
  // (px·bx)×(py·by) array, row-major, on every rank.
  std::vector<double> allgather_blocks(const std::vector<double>& block, int bx, int by) const;

 private:
  MPI_Comm comm_ = MPI_COMM_NULL;
  int px_ = 1, py_ = 1, cx_ = 0, cy_ = 0, rank_ = 0;
  int west_ = MPI_PROC_NULL, east_ = MPI_PROC_NULL, south_ = MPI_PROC_NULL, north_ = MPI_PROC_NULL;
  std::vector<int> coords_x_, coords_y_;  // every rank's grid position
  mutable std::vector<double> send_lo_, send_hi_, recv_lo_, recv_hi_;
};

// The px×py factorisation of ranks that is as square as possible with n divisible by
// px and py; {0, 0} when none exists.
struct GridShape {
  int px = 0;
  int py = 0;
};
GridShape square_grid_dividing(int ranks, int n);

}  // namespace suanli::par
