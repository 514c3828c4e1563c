// The one way the MPI layer reports a failed call: a RunError (exit 3) naming
// the call and the rank and host it failed on.
#pragma once

namespace suanli::par {

// Throws RunError when status is not MPI_SUCCESS.
void check_mpi(int status, const char* what);

}  // namespace suanli::par
