#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/start_signal.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "harness/rpeak_clock.hpp"
#include "kernels/dense/blas_info.hpp"
#include "report/json_report.hpp"
#include "report/results_table.hpp"

namespace suanli::cli {

namespace {

// Every result records the OpenBLAS kernels in use: a forced older core
// (OPENBLAS_CORETYPE) changes every figure that goes through the library.
void stamp_blas_core(std::vector<Result>& results) {
  const std::string core = kernels::dense::openblas_core_name();
  for (Result& r : results) r.parameters.push_back({"openblas_core", core});
}

void write_report(CliContext& ctx, Report& report, const RunRequest& request) {
  report.end_time = utc_timestamp();
  if (!ctx.world().is_root()) return;
  if (request.json_path.empty() && request.html_path.empty()) return;
  const nlohmann::json document = report_to_json(report);  // serialised once for both files
  if (!request.json_path.empty()) write_report_json(document, request.json_path);
  if (!request.html_path.empty()) write_report_html(document, registry_centres(), request.html_path);
}

// The report's machine states the clock every result's Rpeak is at.
void copy_rpeak_clock(Machine& report_machine, const Machine& m) {
  report_machine.rpeak_hz = m.rpeak_hz;
  report_machine.rpeak_hz_source = m.rpeak_hz_source;
  report_machine.peaks = m.peaks;
}

// Keeps Rpeak an upper bound over the whole run (docs/rpeak.md): when a benchmark
// measured the cores holding a faster clock than Rpeak's, the clock is raised for
// every later benchmark, and the results already in the report are restated at it.
void settle_rpeak(CliContext& ctx, Report& report, std::vector<Result>& results, double rpeak_hz_before, bool quiet) {
  const double held = ctx.world().max(harness::highest_held_clock(results));  // collective: every rank raises alike
  if (ctx.raise_rpeak_clock(held, harness::raised_by_held_clock)) {
    const Machine& m = ctx.machine();
    copy_rpeak_clock(report.machine, m);
    harness::restate_rpeak(report.results, rpeak_hz_before, m.rpeak_hz);
    if (!quiet && !report.results.empty())
      ctx.print(fmt::format("note: Rpeak's clock raised from {:.2f} to {:.2f} GHz (held beside a peak kernel); "
                            "the report states earlier results at the raised clock\n",
                            rpeak_hz_before / 1e9, m.rpeak_hz / 1e9));
  }
  harness::restate_rpeak(results, rpeak_hz_before, ctx.machine().rpeak_hz);
}

}  // namespace

CentreOfBenchmark registry_centres() {
  CentreOfBenchmark centres;
  for (const BenchmarkDescriptor& b : Registry::instance().all()) centres[b.name] = std::string(centre_name(b.centre));
  return centres;
}

std::string html_path_beside(const std::string& json_path) {
  const std::string suffix = ".json";
  if (json_path.size() > suffix.size() && json_path.ends_with(suffix))
    return json_path.substr(0, json_path.size() - suffix.size()) + ".html";
  return json_path + ".html";
}

ExitCode run_and_report(CliContext& ctx, const RunRequest& request, Report& report) {
  const InterruptWatch interrupts;  // Ctrl-C ends the run with what it has measured
  // Every rank measured its own start-up clock; one clock for all (the highest) keeps a world Rpeak linear
  // in it, so that restating it at a raised clock is exact. Collective.
  if (ctx.raise_rpeak_clock(ctx.world().max(ctx.machine().rpeak_hz), harness::raised_to_ranks_highest))
    copy_rpeak_clock(report.machine, ctx.machine());
  announce_start(ctx.world());
  try {
    for (std::size_t i = 0; i < request.benchmarks.size(); ++i) {
      const BenchmarkDescriptor& benchmark = *request.benchmarks[i];
      // Progress goes to a terminal only, so logs and pipes keep just the results.
      if (!request.quiet && ctx.world().is_root() && ::isatty(STDERR_FILENO))
        std::fprintf(stderr, "suanli: running %s …\n", benchmark.name.c_str());
      RunContext run{ctx.machine(), ctx.world(), request.options[i], request.profile, request.quiet};
      const double rpeak_hz_before = ctx.machine().rpeak_hz;
      std::vector<Result> results = benchmark.run(run);
      stamp_blas_core(results);
      settle_rpeak(ctx, report, results, rpeak_hz_before, request.quiet);
      if (!request.quiet) ctx.print(render_results_table(results));
      report.results.insert(report.results.end(), results.begin(), results.end());
      if (!ctx.world().all(!interrupt_requested()))  // collective: every rank stops together
        throw RunError(fmt::format("interrupted during {}: the figures measured so far are written", benchmark.name));
    }
  } catch (...) {
    if (!report.results.empty()) write_report(ctx, report, request);
    throw;
  }
  write_report(ctx, report, request);
  return report.all_verified() ? ExitCode::success : ExitCode::verification_failed;
}

}  // namespace suanli::cli
