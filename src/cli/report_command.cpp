// suanli report FILE.json: the HTML page of a saved run, as `suanli run` writes it.
// suanli report A.json B.json: the two runs compared, figure by figure.
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "report/comparison.hpp"

namespace suanli::cli {

namespace {

nlohmann::json read_report(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw UsageError(fmt::format("report: cannot read '{}'", path));
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json report = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (report.is_discarded() || !report.is_object())
    throw UsageError(fmt::format("report: '{}' is not JSON", path));
  if (report.value("schema", "") != report_schema || !report.contains("results") || !report["results"].is_array())
    throw UsageError(fmt::format("report: '{}' is not a suanli report (schema {} with results)", path, report_schema));
  return report;
}

}  // namespace

Command add_report_command(CLI::App& app, CliContext& ctx) {
  auto* sub = app.add_subcommand("report", "render a saved run's JSON as the HTML report");
  struct Settings {
    std::vector<std::string> json_paths;
    std::string html_path;
  };
  auto settings = std::make_shared<Settings>();
  sub->add_option("FILE", settings->json_paths,
                  "a report written by suanli (--json); two: the second compared with the first")
      ->required()
      ->expected(1, 2)
      ->type_name("FILE");
  sub->add_option("--html", settings->html_path, "where the page goes (default: FILE with .html)")->type_name("FILE");
  return {sub, [&ctx, settings] {
            if (settings->json_paths.size() == 2) {
              const nlohmann::json first = read_report(settings->json_paths[0]);
              const nlohmann::json second = read_report(settings->json_paths[1]);
              if (!settings->html_path.empty())
                throw UsageError("--html: a comparison of two runs is printed, not written as a page");
              ctx.print(render_comparison(compare_reports(first, second), settings->json_paths[0],
                                          settings->json_paths[1]));
              return ExitCode::success;
            }
            const std::string& path = settings->json_paths.front();
            const nlohmann::json report = read_report(path);
            const std::string html =
                settings->html_path.empty() ? html_path_beside(path) : settings->html_path;
            if (ctx.world().is_root()) {
              write_report_html(report, registry_centres(), html);
              ctx.print(fmt::format("report written to {}\n", html));
            }
            return report.value("all_verified", false) ? ExitCode::success : ExitCode::verification_failed;
          }};
}

}  // namespace suanli::cli
