// A run's "I have started": when SUANLI_READY_FILE names a file, rank 0 writes
// it (its process id and a newline) once every rank is up and has its Ctrl-C
// handlers installed. A script or test that will interrupt the run waits for the
// file instead of sleeping a guess of the start-up time, which varies by seconds
// with MPI's start-up (cli/mpi_need.hpp). The file is left in place.
#pragma once

#include "par/world.hpp"

namespace suanli::cli {

inline constexpr const char* ready_file_variable = "SUANLI_READY_FILE";

// Call after the InterruptWatch is installed; collective (a barrier, so that
// "started" covers every rank). A path that cannot be written is a UsageError
// naming the variable.
void announce_start(const par::World& world);

}  // namespace suanli::cli
