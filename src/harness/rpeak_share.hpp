// The theoretical peak of the cores a run actually uses, for efficiency figures.
#pragma once

#include "core/machine/machine.hpp"
#include "core/result.hpp"
#include "par/world.hpp"

namespace suanli::harness {

// Rpeak of one precision over the whole world: on each host, the cores in use
// are min(ranks on the host × threads per rank, physical cores), each worth the
// per-core Rpeak. Oversubscribing a host adds no peak. 0 when the machine has
// no Rpeak for the precision. Collective: every rank must call it.
double world_rpeak(const par::World& world, const Machine& machine, Precision precision, int threads_per_rank);

// Sets r.rpeak to that Rpeak and r.efficiency to r.value / Rpeak through the
// guard (core/rpeak_guard: capped at 1, unset above Rpeak beyond noise); leaves
// both unset where the machine has no Rpeak for the precision. Collective.
void attach_world_rpeak(Result& r, const par::World& world, const Machine& machine, Precision precision,
                        int threads_per_rank);

// The physical cores in use over the whole world, counted as above. Collective.
double world_cores_in_use(const par::World& world, const Machine& machine, int threads_per_rank);

}  // namespace suanli::harness
