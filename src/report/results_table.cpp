#include "report/results_table.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "core/rpeak_guard.hpp"
#include "core/units.hpp"
#include "report/text_table.hpp"

namespace suanli {

std::string display_unit(const std::string& unit) {
  if (unit == "FLOP/s") return "FLOPS";
  if (unit == "OP/s") return "OPS";
  return unit;
}

std::string render_results_table(const std::vector<Result>& results) {
  TextTable table({"benchmark", "metric", "precision", "value", "statistic", "median", "cv", "Rpeak", "eff.",
                   "verified"},
                  {Align::left, Align::left, Align::left, Align::right, Align::left, Align::right, Align::right,
                   Align::right, Align::right, Align::left});
  for (const Result& r : results) {
    const std::string unit = display_unit(r.unit);
    table.add_row({
        r.benchmark,
        r.metric,
        r.precision.empty() ? "-" : r.precision,
        format_si(r.value, unit),
        r.statistic,
        r.stats.count > 0 ? format_si(r.stats.median, unit) : "-",
        r.stats.count > 1 ? fmt::format("{:.1f}%", 100 * r.stats.cv) : "-",
        r.rpeak ? format_si(*r.rpeak, unit) : "-",
        // From value and Rpeak, not r.efficiency: a rate above Rpeak is never shown as an efficiency.
        efficiency_text(check_against_rpeak(r.value, r.rpeak)),
        r.verification.passed ? "passed" : "FAILED",
    });
  }
  std::string out = table.render();
  // A note shared by several results is printed once, naming all of them.
  std::vector<std::pair<std::string, std::vector<std::string>>> notes;
  for (const Result& r : results) {
    std::vector<std::string> all_notes = r.notes;
    if (std::string error = rpeak_model_error_text(r); !error.empty()) all_notes.push_back(std::move(error));
    for (const std::string& note : all_notes) {
      auto it = std::find_if(notes.begin(), notes.end(), [&](const auto& n) { return n.first == note; });
      if (it == notes.end()) it = notes.insert(notes.end(), {note, {}});
      it->second.push_back(r.precision.empty() ? fmt::format("{} {}", r.benchmark, r.metric)
                                               : fmt::format("{} {} {}", r.benchmark, r.metric, r.precision));
    }
  }
  for (const auto& [note, where] : notes) out += fmt::format("note ({}): {}\n", fmt::join(where, "; "), note);
  return out;
}

}  // namespace suanli
