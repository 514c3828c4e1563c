// The halo of one multigrid level: which of this rank's rows each neighbouring
// rank needs, and where that rank's rows land in our vectors (x[rows + …]).
// Both sides list the rows in global order, so one message per neighbour
// carries them without indices.
#pragma once

#include <cstdint>
#include <vector>

namespace suanli::solvers::cg_mg {

struct Halo {
  std::vector<int> neighbours;           // ranks, increasing
  std::vector<int> receive_counts;       // per neighbour
  std::vector<int> receive_offsets;      // into the halo part of a vector
  std::vector<int> send_counts;          // per neighbour
  std::vector<int> send_offsets;         // into send_rows
  std::vector<std::int32_t> send_rows;   // local rows, neighbour by neighbour
  std::vector<double> send_buffer;

  bool empty() const { return neighbours.empty(); }
  std::int64_t values_sent() const { return static_cast<std::int64_t>(send_rows.size()); }
};

// Fills x[rows, rows + halo) with the neighbours' values of x. Non-blocking
// receives are posted before the sends are packed; every rank of the level's
// process grid must call it.
void exchange_halo(Halo& halo, std::int32_t rows, double* x);

}  // namespace suanli::solvers::cg_mg
