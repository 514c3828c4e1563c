#include <fmt/format.h>

#include "cli/commands.hpp"
#include "core/units.hpp"
#include "report/machine_text.hpp"

namespace suanli::cli {

namespace {

std::vector<const BenchmarkDescriptor*> benchmarks_of(Profile profile) {
  std::vector<const BenchmarkDescriptor*> chosen;
  for (const BenchmarkDescriptor& b : Registry::instance().all())
    for (Profile p : b.profiles)
      if (p == profile) chosen.push_back(&b);
  return chosen;
}

}  // namespace

Command add_run_command(CLI::App& app, CliContext& ctx) {
  auto* sub = app.add_subcommand("run", "measure this machine: every benchmark of a profile, one report");
  struct Settings {
    std::string profile = "quick";
    std::string json_path = "suanli-report.json";
    bool quiet = false;
  };
  auto settings = std::make_shared<Settings>();
  sub->add_option("--profile", settings->profile, "quick (default, a few minutes), hpc, ai, cloud or full")
      ->type_name("NAME")
      ->envname("SUANLI_PROFILE");
  sub->add_option("--json", settings->json_path,
                  "where the JSON report goes (default suanli-report.json); the HTML page goes beside it (.html)")
      ->type_name("FILE");
  sub->add_flag("--quiet", settings->quiet, "print nothing but errors");
  return {sub, [&ctx, settings] {
            const auto profile = parse_profile(settings->profile);
            if (!profile)
              throw UsageError(fmt::format("--profile: expected quick, hpc, ai, cloud or full, got '{}'",
                                           settings->profile));
            const auto benchmarks = benchmarks_of(*profile);
            std::vector<Options> options;
            for (const BenchmarkDescriptor* b : benchmarks) options.push_back(options_from_environment(*b));
            Report report = ctx.new_report();
            if (!settings->quiet) ctx.print(render_machine_text(report.machine) + "\n");
            const ExitCode outcome = run_and_report(
                ctx,
                {benchmarks, options, *profile, settings->quiet, settings->json_path,
                 html_path_beside(settings->json_path)},
                report);
            if (!settings->quiet)
              ctx.print(fmt::format("report written to {} and {}\n", settings->json_path,
                                    html_path_beside(settings->json_path)));
            return outcome;
          }};
}

}  // namespace suanli::cli
