#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

#include "cli/commands.hpp"

namespace suanli::cli {

namespace {

std::string join_arguments(int argc, char** argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) line += (i ? " " : "") + std::string(argv[i]);
  return line;
}

// One line for every usage problem: CLI11's messages, cleaned of their hints.
std::string one_line(std::string message) {
  for (char& c : message)
    if (c == '\n') c = ' ';
  while (!message.empty() && message.back() == ' ') message.pop_back();
  return message;
}

void report_error(const par::World& world, const std::string& message) {
  if (world.is_root()) std::fprintf(stderr, "suanli: %s\n", message.c_str());
}

// Every command on one parser: the built-in ones, then the registered benchmarks.
std::vector<Command> add_all_commands(CLI::App& app, CliContext& ctx) {
  app.require_subcommand(1);
  app.fallthrough(false);
  std::vector<Command> commands = {add_info_command(app, ctx), add_formats_command(app, ctx),
                                   add_units_command(app, ctx), add_run_command(app, ctx),
                                   add_report_command(app, ctx)};
  for (const BenchmarkDescriptor& benchmark : Registry::instance().all())
    commands.push_back(add_benchmark_command(app, ctx, benchmark));
  return commands;
}

constexpr const char* program_summary = "suanli (算力): the compute power of this machine or cluster, per precision, verified";

}  // namespace

bool parser_accepts(int argc, char** argv) {
  const par::World alone = par::World::one_process();
  CliContext ctx(alone, join_arguments(argc, argv));
  CLI::App app{program_summary, "suanli"};
  // Kept alive while parsing: the options write into values the commands own.
  const std::vector<Command> commands = add_all_commands(app, ctx);
  try {
    app.parse(argc, argv);  // parses only: no command's handler runs
  } catch (const CLI::Error&) {  // a usage error, or --help (CallForHelp is an Error too)
    return false;
  }
  return true;
}

int run_cli(int argc, char** argv, const par::World& world) {
  CliContext ctx(world, join_arguments(argc, argv));
  CLI::App app{program_summary, "suanli"};
  std::vector<Command> commands = add_all_commands(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    if (world.is_root()) std::fputs(app.help().c_str(), stdout);
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    if (world.is_root()) std::fputs(app.help("", CLI::AppFormatMode::All).c_str(), stdout);
    return 0;
  } catch (const CLI::ParseError& error) {
    std::string message = one_line(error.what());
    const bool known_command = argc > 1 && std::any_of(commands.begin(), commands.end(), [&](const Command& c) {
                                 return c.app->get_name() == argv[1];
                               });
    if (argc > 1 && argv[1][0] != '-' && !known_command)
      message = fmt::format("unknown command '{}'; expected one of: {}", argv[1], [&] {
        std::string names;
        for (const Command& c : commands) names += (names.empty() ? "" : ", ") + c.app->get_name();
        return names;
      }());
    else if (dynamic_cast<const CLI::RequiredError*>(&error) && argc <= 1)
      message = "a command is needed; run 'suanli --help' for the list";
    report_error(world, message);
    return static_cast<int>(ExitCode::usage);
  }

  try {
    for (const Command& command : commands)
      if (command.app->parsed()) return static_cast<int>(command.run());
  } catch (const UsageError& error) {
    report_error(world, error.what());
    return static_cast<int>(ExitCode::usage);
  } catch (const RunError& error) {
    report_error(world, fmt::format("rank {} on {}: {}", world.rank(), world.host(), error.what()));
    return static_cast<int>(ExitCode::cannot_proceed);
  } catch (const std::bad_alloc&) {
    report_error(world, fmt::format("rank {} on {}: out of memory", world.rank(), world.host()));
    return static_cast<int>(ExitCode::cannot_proceed);
  }
  return static_cast<int>(ExitCode::usage);
}

}  // namespace suanli::cli
