#include "report/results_table.hpp"

#include <fmt/format.h>

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
        r.efficiency ? fmt::format("{:.1f}%", 100 * *r.efficiency) : "-",
        r.verification.passed ? "passed" : "FAILED",
    });
  }
  std::string out = table.render();
  for (const Result& r : results)
    for (const std::string& note : r.notes) out += fmt::format("note ({} {}): {}\n", r.benchmark, r.metric, note);
  return out;
}

}  // namespace suanli
