// The subcommands. Each add_* declares its options on the CLI11 app and
// returns the action to run once the command line has parsed.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "cli/cli_context.hpp"
#include "harness/benchmark.hpp"

namespace suanli::cli {

struct Command {
  CLI::App* app = nullptr;
  std::function<ExitCode()> run;
};

Command add_info_command(CLI::App& app, CliContext& ctx);
Command add_formats_command(CLI::App& app, CliContext& ctx);
Command add_units_command(CLI::App& app, CliContext& ctx);
Command add_run_command(CLI::App& app, CliContext& ctx);
Command add_benchmark_command(CLI::App& app, CliContext& ctx, const BenchmarkDescriptor& benchmark);

// Runs benchmarks one after another into `report`, printing as it goes.
// A RunError or UsageError stops the run; what was measured stays in the report.
// Returns the exit code the results call for (0, or 1 if a verification failed).
ExitCode run_benchmarks(CliContext& ctx, const std::vector<const BenchmarkDescriptor*>& benchmarks,
                        const std::vector<Options>& options, Profile profile, bool quiet, Report& report);

// A benchmark's options from its SUANLI_<BENCHMARK>_<OPTION> environment twins, validated.
Options options_from_environment(const BenchmarkDescriptor& benchmark);

// Writes the JSON report on rank 0 (when path is not empty).
void finish_report(CliContext& ctx, Report& report, const std::string& json_path);

// Runs the whole command line; returns the process exit code.
int run_cli(int argc, char** argv, const par::World& world);

}  // namespace suanli::cli
