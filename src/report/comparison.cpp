#include "report/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "core/units.hpp"
#include "report/json_fields.hpp"
#include "report/text_table.hpp"

namespace suanli {
namespace {

using nlohmann::json;

constexpr double smallest_allowed = 0.05;
constexpr double single_sample_allowed = 0.10;

using report_json::number;

std::string key_of(const json& r) {
  std::string key = r.value("benchmark", "") + " " + r.value("metric", "");
  if (r["precision"].is_string()) key += " (" + r["precision"].get<std::string>() + ")";
  return key;
}

double variation(const json& r) {
  const json& stats = r.contains("stats") ? r["stats"] : json::object();
  const double cv = stats.is_object() && stats.contains("cv") ? number(stats["cv"]) : std::nan("");
  const bool several = stats.is_object() && stats.value("count", 0) > 1;
  return several && std::isfinite(cv) ? cv : std::nan("");
}

std::string change_name(Change c) {
  switch (c) {
    case Change::within_noise: return "within noise";
    case Change::improvement: return "IMPROVED";
    case Change::regression: return "REGRESSED";
    case Change::not_comparable: return "not comparable";
  }
  return "";
}

}  // namespace

std::vector<ComparedFigure> compare_reports(const json& first, const json& second) {
  std::map<std::string, const json*> earlier;
  for (const json& r : first["results"]) earlier.emplace(key_of(r), &r);
  std::vector<ComparedFigure> figures;
  for (const json& r : second["results"]) {
    const auto it = earlier.find(key_of(r));
    if (it == earlier.end()) continue;
    const json& a = *it->second;
    ComparedFigure f;
    f.name = it->first;
    f.unit = r.value("unit", "");
    f.first = number(a["value"]);
    f.second = number(r["value"]);
    const bool both_verified = a["verification"].value("passed", false) && r["verification"].value("passed", false);
    if (!both_verified || !std::isfinite(f.first) || !std::isfinite(f.second) || f.first <= 0 ||
        a.value("unit", "") != f.unit) {
      f.change = Change::not_comparable;
      figures.push_back(f);
      continue;
    }
    f.ratio = f.second / f.first;
    const double cv = std::max(variation(a), variation(r));  // NaN when neither has trials
    f.allowed = std::isfinite(cv) ? std::max(2 * cv, smallest_allowed) : single_sample_allowed;
    const bool lower_is_better = f.unit == "s";
    const double better = lower_is_better ? 1 / f.ratio : f.ratio;
    if (better > 1 + f.allowed) f.change = Change::improvement;
    else if (better < 1 / (1 + f.allowed)) f.change = Change::regression;
    figures.push_back(f);
  }
  return figures;
}

std::string render_comparison(const std::vector<ComparedFigure>& figures, const std::string& first_label,
                              const std::string& second_label) {
  TextTable table({"figure", first_label, second_label, "ratio", "allowed", "change"},
                  {Align::left, Align::right, Align::right, Align::right, Align::right, Align::left});
  int regressions = 0, improvements = 0;
  for (const ComparedFigure& f : figures) {
    const bool comparable = f.change != Change::not_comparable;
    table.add_row({f.name, std::isfinite(f.first) ? format_si(f.first, f.unit) : "n/a",
                   std::isfinite(f.second) ? format_si(f.second, f.unit) : "n/a",
                   comparable ? fmt::format("{:.3f}", f.ratio) : "-",
                   comparable ? fmt::format("±{:.0f}%", 100 * f.allowed) : "-", change_name(f.change)});
    regressions += f.change == Change::regression;
    improvements += f.change == Change::improvement;
  }
  return table.render() + fmt::format("{} figure(s) compared: {} regressed, {} improved beyond the runs' variation\n",
                                      figures.size(), regressions, improvements);
}

}  // namespace suanli
