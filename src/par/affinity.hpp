// Thread placement. Memory and FMA benchmarks need one OpenMP thread per core:
// left to the scheduler, two threads of one process were seen sharing a core
// here, halving STREAM. suanli pins unless the user placed threads already.
#pragma once

#include <string>

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

}  // namespace suanli::par
