#include "harness/rpeak_share.hpp"

#include <algorithm>

#include "core/rpeak_guard.hpp"

namespace suanli::harness {

namespace {

// This rank's share of its host's cores in use, so that summing over ranks counts each host once.
double cores_share(const par::World& world, const Machine& machine, int threads_per_rank) {
  const int host_threads = world.host_size() * threads_per_rank;
  return static_cast<double>(std::min(host_threads, machine.physical_cores)) / world.host_size();
}

}  // namespace

double world_rpeak(const par::World& world, const Machine& machine, Precision precision, int threads_per_rank) {
  const PeakEntry* peak = machine.peak(precision);
  return world.sum(peak ? peak->rpeak_core * cores_share(world, machine, threads_per_rank) : 0.0);
}

double world_cores_in_use(const par::World& world, const Machine& machine, int threads_per_rank) {
  return world.sum(cores_share(world, machine, threads_per_rank));
}

void attach_world_rpeak(Result& r, const par::World& world, const Machine& machine, Precision precision,
                        int threads_per_rank) {
  const double rpeak = world_rpeak(world, machine, precision, threads_per_rank);
  if (rpeak <= 0) return;
  r.rpeak = rpeak;
  r.efficiency = check_against_rpeak(r.value, r.rpeak).efficiency;  // never above 1
}

}  // namespace suanli::harness
