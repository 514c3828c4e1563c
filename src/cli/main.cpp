// suanli: parse, dispatch through the registry, map outcomes to exit codes.
#include "cli/commands.hpp"
#include "cli/mpi_need.hpp"
#include "cli/process_threads.hpp"

int main(int argc, char** argv) {
  try {
    // Commands that need no other rank never start MPI (cli/mpi_need.hpp).
    if (!suanli::cli::command_needs_mpi(argc, argv))
      return suanli::cli::run_cli(argc, argv, suanli::par::World::one_process());
    suanli::par::MpiSession mpi(argc, argv, suanli::cli::threads_this_run_may_use(argc, argv));
    const suanli::par::World world;
    return suanli::cli::run_cli(argc, argv, world);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "suanli: %s\n", error.what());
    return static_cast<int>(suanli::ExitCode::cannot_proceed);
  }
}
