#include "cli/mpi_need.hpp"

#include <algorithm>
#include <array>

#include "cli/commands.hpp"
#include "harness/benchmark.hpp"
#include "par/world.hpp"

namespace suanli::cli {

namespace {

struct CommandNeed {
  std::string_view command;
  bool needs_mpi;
};

// The commands that are not benchmarks. Every benchmark needs MPI: its ranks
// compute together and rank 0 gathers.
constexpr std::array<CommandNeed, 5> built_in_commands{{
    {"run", true},       // every benchmark of a profile
    {"info", false},     // the machine this process runs on
    {"formats", false},  // tables and conversions, no measurement
    {"units", false},    // FMA loops of this process (all ranks' sum only under a launcher)
    {"report", false},   // reads and writes files
}};

}  // namespace

bool command_name_needs_mpi(std::string_view command) {
  const auto built_in = std::find_if(built_in_commands.begin(), built_in_commands.end(),
                                     [&](const CommandNeed& c) { return c.command == command; });
  if (built_in != built_in_commands.end()) return built_in->needs_mpi;
  // Not a command at all: the parser answers with one line, no MPI needed.
  return Registry::instance().find(command) != nullptr;
}

bool command_needs_mpi(int argc, char** argv) {
  if (par::launched_by_mpi_launcher()) return true;
  // The command is the first argument: suanli has no options before it but --help.
  if (argc < 2 || argv[1][0] == '-') return false;
  // A benchmark's --help, or an option the parser refuses, is answered without MPI too.
  return command_name_needs_mpi(argv[1]) && parser_accepts(argc, argv);
}

}  // namespace suanli::cli
