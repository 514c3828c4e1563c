#include "storage/shared_scratch.hpp"

#include <mpi.h>

#include <array>
#include <climits>
#include <cstring>
#include <optional>

#include "core/error.hpp"

namespace suanli::storage {

ScratchDir make_shared_scratch(const par::World& world, const std::string& parent) {
  std::array<char, PATH_MAX> path{};
  std::string error;
  std::optional<ScratchDir> made;
  if (world.is_root()) {
    try {
      made.emplace(ScratchDir::create(parent));
      std::strncpy(path.data(), made->path().c_str(), path.size() - 1);
    } catch (const RunError& e) {
      error = e.what();
    }
  }
  MPI_Bcast(path.data(), static_cast<int>(path.size()), MPI_CHAR, 0, MPI_COMM_WORLD);
  if (path[0] == '\0') throw RunError(error.empty() ? "io: rank 0 could not make a scratch directory" : error);
  if (made) return std::move(*made);
  return ScratchDir::adopt(path.data());
}

}  // namespace suanli::storage
