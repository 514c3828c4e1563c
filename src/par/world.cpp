#include "par/world.hpp"

#include <mpi.h>
#include <omp.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "core/error.hpp"
#include "par/mpi_check.hpp"

namespace suanli::par {

namespace {

std::vector<int> cpus_in_affinity_mask() {
  cpu_set_t mask;
  CPU_ZERO(&mask);
  std::vector<int> cpus;
  if (sched_getaffinity(0, sizeof mask, &mask) != 0) return cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &mask)) cpus.push_back(cpu);
  return cpus;
}

}  // namespace

MpiSession::MpiSession(int& argc, char**& argv, int threads) {
  int initialized = 0;
  MPI_Initialized(&initialized);
  int provided = 0;
  if (!initialized)
    check_mpi(MPI_Init_thread(&argc, &argv, required_thread_level(threads > 0 ? threads : omp_get_max_threads()), &provided),
              "MPI_Init_thread");
}

MpiSession::~MpiSession() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

World::World() {
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  char name[MPI_MAX_PROCESSOR_NAME] = {};
  int length = 0;
  MPI_Get_processor_name(name, &length);
  host_.assign(name, static_cast<std::size_t>(length));
  MPI_Comm host_comm = MPI_COMM_NULL;
  check_mpi(MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &host_comm),
        "MPI_Comm_split_type");
  MPI_Comm_rank(host_comm, &host_rank_);
  MPI_Comm_size(host_comm, &host_size_);
  MPI_Comm_free(&host_comm);
  launch_cpus_ = cpus_in_affinity_mask();
}

World World::one_process() { return World(OneProcess{}); }

World::World(OneProcess) : uses_mpi_(false) {
  // The name MPI_Get_processor_name gives (Open MPI reads it from gethostname too).
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) std::snprintf(name, sizeof name, "localhost");
  host_ = name;
  launch_cpus_ = cpus_in_affinity_mask();
}

void World::barrier() const {
  if (uses_mpi_) check_mpi(MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier");
}

double World::max(double value) const {
  if (!uses_mpi_) return value;
  double out = 0;
  check_mpi(MPI_Allreduce(&value, &out, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD), "MPI_Allreduce(max)");
  return out;
}

double World::min(double value) const {
  if (!uses_mpi_) return value;
  double out = 0;
  check_mpi(MPI_Allreduce(&value, &out, 1, MPI_DOUBLE, MPI_MIN, MPI_COMM_WORLD), "MPI_Allreduce(min)");
  return out;
}

double World::sum(double value) const {
  if (!uses_mpi_) return value;
  double out = 0;
  check_mpi(MPI_Allreduce(&value, &out, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD), "MPI_Allreduce(sum)");
  return out;
}

bool World::all(bool value) const {
  if (!uses_mpi_) return value;
  int in = value ? 1 : 0, out = 0;
  check_mpi(MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD), "MPI_Allreduce(land)");
  return out != 0;
}

std::vector<double> World::all_gather(double value) const {
  if (!uses_mpi_) return {value};
  std::vector<double> out(static_cast<std::size_t>(size_));
  check_mpi(MPI_Allgather(&value, 1, MPI_DOUBLE, out.data(), 1, MPI_DOUBLE, MPI_COMM_WORLD), "MPI_Allgather");
  return out;
}

WorldInfo World::describe(int threads_per_rank) const {
  if (!uses_mpi_) {
    WorldInfo info;
    info.threads_per_rank = threads_per_rank;
    info.mpi_launched = launched_by_mpi_launcher();
    info.hosts.push_back({host_, 1});
    return info;
  }
  // Gather fixed-width host names; MPI_MAX_PROCESSOR_NAME bounds them.
  std::vector<char> mine(MPI_MAX_PROCESSOR_NAME, '\0');
  std::copy(host_.begin(), host_.end(), mine.begin());
  std::vector<char> all(mine.size() * static_cast<std::size_t>(size_));
  check_mpi(MPI_Allgather(mine.data(), MPI_MAX_PROCESSOR_NAME, MPI_CHAR, all.data(), MPI_MAX_PROCESSOR_NAME,
                      MPI_CHAR, MPI_COMM_WORLD),
        "MPI_Allgather(hosts)");
  WorldInfo info;
  info.ranks = size_;
  info.threads_per_rank = threads_per_rank;
  info.mpi_launched = launched_by_mpi_launcher();
  for (int r = 0; r < size_; ++r) {
    std::string name(all.data() + static_cast<std::size_t>(r) * MPI_MAX_PROCESSOR_NAME);
    auto it = std::find_if(info.hosts.begin(), info.hosts.end(),
                           [&](const HostRanks& h) { return h.host == name; });
    if (it == info.hosts.end())
      info.hosts.push_back({name, 1});
    else
      ++it->ranks;
  }
  return info;
}

void World::abort(int exit_code) const {
  if (uses_mpi_) MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::exit(exit_code);
}

// No thread level is free. Open MPI 4.1 turns its internal locking on for any level
// above MPI_THREAD_SINGLE: measured here, a shared-memory ping-pong of 8 bytes takes
// 0.15 µs one way after FUNNELED against 0.10 µs after SINGLE or plain MPI_Init (what
// hpcc calls), 40-50 ns a message (docs/comm.md). So ask for the least the process needs.
// One thread: SINGLE is exactly right. More: FUNNELED, as no MPI call sits inside an
// OpenMP parallel region (the main thread calls MPI between them).
int required_thread_level(int openmp_threads) {
  return openmp_threads <= 1 ? MPI_THREAD_SINGLE : MPI_THREAD_FUNNELED;
}

std::string thread_level_name(int level) {
  switch (level) {
    case MPI_THREAD_SINGLE: return "single";
    case MPI_THREAD_FUNNELED: return "funneled";
    case MPI_THREAD_SERIALIZED: return "serialized";
    case MPI_THREAD_MULTIPLE: return "multiple";
    default: return "unknown";
  }
}

std::string mpi_thread_level() {
  int level = MPI_THREAD_SINGLE;
  check_mpi(MPI_Query_thread(&level), "MPI_Query_thread");
  return thread_level_name(level);
}

bool launched_by_mpi_launcher() {
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "SLURM_STEP_ID"})
    if (std::getenv(variable)) return true;
  return false;
}

std::string mpi_library_version() {
  char text[MPI_MAX_LIBRARY_VERSION_STRING] = {};
  int length = 0;
  MPI_Get_library_version(text, &length);
  std::string version(text, static_cast<std::size_t>(length));
  // Open MPI appends build details after the first comma; keep the name and number.
  if (auto comma = version.find(','); comma != std::string::npos) version.resize(comma);
  while (!version.empty() && (version.back() == '\n' || version.back() == ' ')) version.pop_back();
  return version;
}

}  // namespace suanli::par
