// How many threads this process may run, known before MPI starts: MPI is asked for
// the least thread support that covers them (par::required_thread_level): SINGLE
// costs Open MPI no locks, FUNNELED does (docs/comm.md).
#pragma once

namespace suanli::cli {

// The largest of: OpenMP's team (omp_get_max_threads), any --threads N or
// --threads=N on the command line, any SUANLI_<…>_THREADS in the environment, and
// 2 when the command is `cloud` or `run` (cloud's server and load generator run
// threads of their own).
int threads_this_run_may_use(int argc, char** argv);

}  // namespace suanli::cli
