#include "cli/start_signal.hpp"

#include <unistd.h>

#include <cstdlib>

#include <fmt/format.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace suanli::cli {

void announce_start(const par::World& world) {
  world.barrier();
  const char* path = std::getenv(ready_file_variable);
  if (!world.is_root() || !path || !*path) return;
  try {
    // Whole or absent: a watcher never reads a half-written file.
    write_file_atomically(path, fmt::format("{}\n", ::getpid()));
  } catch (const RunError& error) {
    throw UsageError(fmt::format("{}: {}; expected a file in a writable directory", ready_file_variable, error.what()));
  }
}

}  // namespace suanli::cli
