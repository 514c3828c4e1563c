// Unit tests run without mpirun: the first test that needs MPI starts it as a
// singleton (one rank), so the unit tests that do not need MPI never pay for it.
#pragma once

#include <mpi.h>

#include <cstdlib>

namespace suanli::test_support {

inline void finalize_mpi_at_exit() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

inline void ensure_mpi() {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (initialized) return;
  MPI_Init(nullptr, nullptr);
  std::atexit(&finalize_mpi_at_exit);
}

}  // namespace suanli::test_support
