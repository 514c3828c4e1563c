#include "par/mpi_check.hpp"

#include <mpi.h>

#include <string>

#include <fmt/format.h>

#include "core/error.hpp"

namespace suanli::par {

void check_mpi(int status, const char* what) {
  if (status == MPI_SUCCESS) return;
  int rank = -1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  char host[MPI_MAX_PROCESSOR_NAME] = {};
  int length = 0;
  MPI_Get_processor_name(host, &length);
  throw RunError(fmt::format("MPI failure in {} on rank {} ({})", what, rank, std::string(host, length)));
}

}  // namespace suanli::par
