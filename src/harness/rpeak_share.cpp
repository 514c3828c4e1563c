#include "harness/rpeak_share.hpp"

#include <algorithm>

namespace suanli::harness {

double world_rpeak(const par::World& world, const Machine& machine, Precision precision, int threads_per_rank) {
  const PeakEntry* peak = machine.peak(precision);
  const int host_threads = world.host_size() * threads_per_rank;
  const int cores_in_use = std::min(host_threads, machine.physical_cores);
  // Each rank contributes its share of its host's cores, so the sum counts each host once.
  const double share = peak ? peak->rpeak_core * cores_in_use / world.host_size() : 0.0;
  return world.sum(share);
}

}  // namespace suanli::harness
