#include "solvers/cg_mg/halo.hpp"

#include <mpi.h>

namespace suanli::solvers::cg_mg {

namespace {
constexpr int halo_tag = 4127;
}

void exchange_halo(Halo& halo, std::int32_t rows, double* x) {
  if (halo.empty()) return;
  const std::size_t neighbours = halo.neighbours.size();
  std::vector<MPI_Request> requests(2 * neighbours);
  double* halo_values = x + rows;
  for (std::size_t k = 0; k < neighbours; ++k)
    MPI_Irecv(halo_values + halo.receive_offsets[k], halo.receive_counts[k], MPI_DOUBLE, halo.neighbours[k],
              halo_tag, MPI_COMM_WORLD, &requests[k]);
  const std::size_t sends = halo.send_rows.size();
  double* buffer = halo.send_buffer.data();
  const std::int32_t* send_rows = halo.send_rows.data();
#pragma omp parallel for schedule(static) if (sends >= 8192)
  for (std::size_t j = 0; j < sends; ++j) buffer[j] = x[send_rows[j]];
  for (std::size_t k = 0; k < neighbours; ++k)
    MPI_Isend(buffer + halo.send_offsets[k], halo.send_counts[k], MPI_DOUBLE, halo.neighbours[k], halo_tag,
              MPI_COMM_WORLD, &requests[neighbours + k]);
  MPI_Waitall(static_cast<int>(requests.size()), requests.data(), MPI_STATUSES_IGNORE);
}

}  // namespace suanli::solvers::cg_mg
