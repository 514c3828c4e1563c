// One scratch directory for all ranks: rank 0 makes it, every rank takes charge of it.
#pragma once

#include <string>

#include "par/world.hpp"
#include "storage/scratch.hpp"

namespace suanli::storage {

// Collective. Throws RunError on every rank when rank 0 could not make the directory.
ScratchDir make_shared_scratch(const par::World& world, const std::string& parent);

}  // namespace suanli::storage
