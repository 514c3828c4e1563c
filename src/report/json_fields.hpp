// Reading figures back out of a JSON report (schema suanli/1), for the renderers
// that work from the JSON: the HTML page, the comparison, the centre profile and
// the reference systems. Internal to src/report.
#pragma once

#include <cmath>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

namespace suanli::report_json {

// A number field's value; NaN for null (how the report writes non-finite numbers) or anything else.
inline double number(const nlohmann::json& value) {
  return value.is_number() ? value.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

// The largest finite `field` ("value", "rpeak", "efficiency") of the verified results `want`
// accepts; NaN when there is none. A failed figure is never a figure.
template <typename Want>
double best_verified(const nlohmann::json& report, const char* field, Want want) {
  double best = std::numeric_limits<double>::quiet_NaN();
  for (const nlohmann::json& r : report["results"]) {
    if (!want(r) || !r["verification"].value("passed", false)) continue;
    const double v = number(r[field]);
    if (std::isfinite(v) && !(v <= best)) best = v;
  }
  return best;
}

// Whether a figure came from cache-sized STREAM arrays: cache bandwidth, not a STREAM result, so never the
// roofline's memory roof, bytes_per_flop or a centre-profile strength. Reports from before the flag
// carried only the note, which said "not a STREAM result".
inline bool cache_sized(const nlohmann::json& r) {
  if (r.contains("parameters")) {
    const auto flag = r["parameters"].find("cache_sized");
    if (flag != r["parameters"].end() && flag->is_boolean()) return flag->get<bool>();
  }
  if (r.contains("notes") && r["notes"].is_array())
    for (const nlohmann::json& note : r["notes"])
      if (note.is_string() && note.get<std::string>().find("not a STREAM result") != std::string::npos) return true;
  return false;
}

}  // namespace suanli::report_json
