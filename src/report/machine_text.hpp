// What `suanli info` prints: the machine and its Rpeak per precision.
#pragma once

#include <string>

#include "core/machine/machine.hpp"

namespace suanli {

// Identity, topology, caches, memory, ISA features, frequencies, then a table
// of Rpeak per precision per core and per node, marking emulated precisions.
std::string render_machine_text(const Machine& machine);

}  // namespace suanli
