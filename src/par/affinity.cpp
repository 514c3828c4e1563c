#include "par/affinity.hpp"

#include <omp.h>
#include <pthread.h>
#include <sched.h>

#include <cstdlib>
#include <vector>

#include <fmt/format.h>

namespace suanli::par {

namespace {

const char* user_placement_variable() {
  for (const char* name : {"OMP_PROC_BIND", "OMP_PLACES", "GOMP_CPU_AFFINITY"})
    if (std::getenv(name)) return name;
  return nullptr;
}

}  // namespace

std::string pin_openmp_threads(const World& world) {
  if (const char* variable = user_placement_variable())
    return fmt::format("left to {}={}", variable, std::getenv(variable));
  // The launch mask, not the calling thread's: after a first pinning that is one CPU.
  const std::vector<int>& cpus = world.launch_cpus();
  if (cpus.empty()) return "not pinned: the affinity mask could not be read";
  const int threads = omp_get_max_threads();
  // A mask wider than this rank's threads is shared with the host's other ranks.
  const int offset = static_cast<int>(cpus.size()) > threads ? world.host_rank() * threads : 0;
  int failures = 0;
#pragma omp parallel reduction(+ : failures)
  {
    const int index = (offset + omp_get_thread_num()) % static_cast<int>(cpus.size());
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpus[static_cast<std::size_t>(index)], &one);
    if (pthread_setaffinity_np(pthread_self(), sizeof one, &one) != 0) ++failures;
  }
  if (failures > 0) return fmt::format("not pinned: {} thread(s) could not be placed", failures);
  return fmt::format("pinned by suanli: one thread per CPU of a {}-CPU mask", cpus.size());
}

UnpinnedScope::UnpinnedScope(const std::vector<int>& cpus) {
  if (cpus.empty() || pthread_getaffinity_np(pthread_self(), sizeof previous_, &previous_) != 0) return;
  cpu_set_t all;
  CPU_ZERO(&all);
  for (int cpu : cpus) CPU_SET(cpu, &all);
  restore_ = pthread_setaffinity_np(pthread_self(), sizeof all, &all) == 0;
}

UnpinnedScope::~UnpinnedScope() {
  if (restore_) pthread_setaffinity_np(pthread_self(), sizeof previous_, &previous_);
}

}  // namespace suanli::par
