// The subcommands. Each add_* declares its options on the CLI11 app and
// returns the action to run once the command line has parsed.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "cli/cli_context.hpp"
#include "harness/benchmark.hpp"
#include "report/html_report.hpp"

namespace suanli::cli {

struct Command {
  CLI::App* app = nullptr;
  std::function<ExitCode()> run;
};

Command add_info_command(CLI::App& app, CliContext& ctx);
Command add_formats_command(CLI::App& app, CliContext& ctx);
Command add_units_command(CLI::App& app, CliContext& ctx);
Command add_run_command(CLI::App& app, CliContext& ctx);
Command add_report_command(CLI::App& app, CliContext& ctx);
Command add_benchmark_command(CLI::App& app, CliContext& ctx, const BenchmarkDescriptor& benchmark);

// A benchmark's options from its SUANLI_<BENCHMARK>_<OPTION> environment twins, validated.
Options options_from_environment(const BenchmarkDescriptor& benchmark);

struct RunRequest {
  std::vector<const BenchmarkDescriptor*> benchmarks;
  std::vector<Options> options;  // one per benchmark
  Profile profile = Profile::quick;
  bool quiet = false;
  std::string json_path;  // empty: no JSON
  std::string html_path{};  // empty: no HTML
};

// Each registered benchmark's centre ("hpc", "ai", "cloud"), for the HTML report.
CentreOfBenchmark registry_centres();

// The HTML page beside a JSON report: run.json -> run.html (FILE -> FILE.html otherwise).
std::string html_path_beside(const std::string& json_path);

// Runs the benchmarks one after another into `report`, printing each one's
// results, then writes the JSON on rank 0. If a benchmark throws, what was
// measured before is still written (when there is any) and the error goes on.
// Returns 0, or 1 when a verification failed.
ExitCode run_and_report(CliContext& ctx, const RunRequest& request, Report& report);

// Runs the whole command line; returns the process exit code.
int run_cli(int argc, char** argv, const par::World& world);
// Whether the parser takes this command line as a command to run: false for
// --help anywhere and for what it refuses (unknown option, missing value), which
// run_cli answers without MPI. Values are judged later, by the command itself.
bool parser_accepts(int argc, char** argv);

}  // namespace suanli::cli
