// The MPI layer: one RAII session per process and a World view of all ranks.
// The binary also runs without mpirun (an MPI singleton of one rank).
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"

namespace suanli::par {

// Initialises MPI on construction and finalises it on destruction. Only one may exist.
// Asks for required_thread_level(threads): the threads the process may run, OpenMP's
// and its own (cli::threads_this_run_may_use), omp_get_max_threads() by default.
class MpiSession {
 public:
  MpiSession(int& argc, char**& argv, int threads = 0);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
};

// All ranks of MPI_COMM_WORLD. Collective calls must be made by every rank.
class World {
 public:
  World();  // MPI must be running (an MpiSession)
  // This process alone, made without MPI and never calling it: rank 0 of 1, the
  // collectives return their argument. For the commands that need no other rank
  // (cli/mpi_need.hpp), so they do not pay MPI's start-up, which is slow or fails
  // where the host name does not resolve or on a cluster's login node.
  static World one_process();
  bool uses_mpi() const { return uses_mpi_; }
  int rank() const { return rank_; }
  int size() const { return size_; }
  bool is_root() const { return rank_ == 0; }
  const std::string& host() const { return host_; }
  // This rank's place among the ranks on its host, and how many there are.
  int host_rank() const { return host_rank_; }
  int host_size() const { return host_size_; }
  // The CPUs this process could run on when the World was made, before suanli
  // pinned any thread: the mask mpirun (or the shell) gave it.
  const std::vector<int>& launch_cpus() const { return launch_cpus_; }

  void barrier() const;
  double max(double value) const;
  double min(double value) const;
  double sum(double value) const;
  bool all(bool value) const;
  // Every rank's value, in rank order, on every rank.
  std::vector<double> all_gather(double value) const;
  // Host names and rank counts, in order of first rank on each host.
  WorldInfo describe(int threads_per_rank) const;
  // Ends every rank at once: for errors that leave ranks out of step.
  [[noreturn]] void abort(int exit_code) const;

 private:
  struct OneProcess {};
  explicit World(OneProcess);

  bool uses_mpi_ = true;
  int rank_ = 0;
  int size_ = 1;
  int host_rank_ = 0;
  int host_size_ = 1;
  std::string host_;
  std::vector<int> launch_cpus_;
};

// The least MPI thread support a process of `openmp_threads` threads per rank needs:
// MPI_THREAD_SINGLE for one, MPI_THREAD_FUNNELED for more (OpenMP threads compute, the
// main thread alone calls MPI). More costs latency (world.cpp, docs/comm.md).
int required_thread_level(int openmp_threads);

// "single", "funneled", "serialized", "multiple": MPI's name for a thread level.
std::string thread_level_name(int level);

// The thread level MPI provides this process (MPI_Query_thread), by name.
std::string mpi_thread_level();

// True when an MPI launcher (mpirun, srun) started this process.
bool launched_by_mpi_launcher();

// "Open MPI v4.1.4, ..." as the library names itself.
std::string mpi_library_version();

}  // namespace suanli::par
