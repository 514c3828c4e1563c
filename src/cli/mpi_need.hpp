// Which commands start MPI. MPI's start-up is not free: as a singleton (no
// mpirun) Open MPI starts its runtime and resolves the host name, about 0.5 s here
// and 5 s or a failure where the name does not resolve (a fresh root without
// /etc/hosts) or on a cluster's login node. Commands that never talk to another
// rank answer without it.
#pragma once

#include <string_view>

namespace suanli::cli {

// Whether the command line needs MPI started: `run` and every benchmark do;
// info, formats, units, report, help and command lines the parser will refuse
// do not. Under an MPI launcher (mpirun, srun) every command starts MPI, as the
// launcher has already paid for start-up and the ranks must agree on one root
// to print (and `units` sums the rates of all ranks).
bool command_needs_mpi(int argc, char** argv);

// The same for a command name alone, outside any launcher (for tests and the
// table in docs): true for run and the registered benchmarks.
bool command_name_needs_mpi(std::string_view command);

}  // namespace suanli::cli
