// Thread placement. Memory and FMA benchmarks need one OpenMP thread per core:
// left to the scheduler, two threads of one process were seen sharing a core
// here, halving STREAM. suanli pins unless the user placed threads already.
#pragma once

#include <sched.h>

#include <string>
#include <vector>

#include "par/world.hpp"

namespace suanli::par {

// Pins OpenMP thread t of this rank to one CPU of the rank's launch mask
// (World::launch_cpus: the mask mpirun gave it, or the whole machine). Calling it
// again, e.g. after changing the team size, places the new team the same way. Ranks on one host that share
// a mask take consecutive CPUs: rank-on-host r, thread t gets CPU
// mask[(r·threads + t) mod |mask|]. Does nothing when OMP_PROC_BIND, OMP_PLACES
// or GOMP_CPU_AFFINITY is set. Returns how threads are placed, for the report.
// Collective: every rank must call it.
std::string pin_openmp_threads(const World& world);

// The calling thread free to run on any of `cpus` (normally World::launch_cpus) while
// the guard lives, and the threads it starts meanwhile with it; its previous mask
// back afterwards. For work the scheduler should place: an IO loop woken by a
// device interrupt on another CPU pays a cross-CPU wake-up per request when pinned
// (fio runs unpinned), and a server's threads inherit the mask of the thread that
// starts them.
class UnpinnedScope {
 public:
  explicit UnpinnedScope(const std::vector<int>& cpus);
  ~UnpinnedScope();
  UnpinnedScope(const UnpinnedScope&) = delete;
  UnpinnedScope& operator=(const UnpinnedScope&) = delete;

 private:
  cpu_set_t previous_{};
  bool restore_ = false;
};

}  // namespace suanli::par
