// suanli report FILE.json: the HTML page of a saved run, as `suanli run` writes it.
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "core/error.hpp"

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
    std::string json_path;
    std::string html_path;
  };
  auto settings = std::make_shared<Settings>();
  sub->add_option("FILE", settings->json_path, "a report written by suanli (--json)")->required()->type_name("FILE");
  sub->add_option("--html", settings->html_path, "where the page goes (default: FILE with .html)")->type_name("FILE");
  return {sub, [&ctx, settings] {
            const nlohmann::json report = read_report(settings->json_path);
            const std::string html =
                settings->html_path.empty() ? html_path_beside(settings->json_path) : settings->html_path;
            if (ctx.world().is_root()) {
              write_report_html(report, registry_centres(), html);
              ctx.print(fmt::format("report written to {}\n", html));
            }
            return report.value("all_verified", false) ? ExitCode::success : ExitCode::verification_failed;
          }};
}

}  // namespace suanli::cli
