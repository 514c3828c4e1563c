#include "report/reference_systems.hpp"

#include "report/json_fields.hpp"

#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace suanli {
namespace {

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::stringstream in(line);
  while (std::getline(in, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

double figure(const std::string& text) {
  return text.empty() ? std::numeric_limits<double>::quiet_NaN() : std::stod(text);
}

}  // namespace

std::vector<ReferenceSystem> parse_reference_systems(std::string_view csv) {
  std::vector<ReferenceSystem> systems;
  std::stringstream in{std::string(csv)};
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {  // system,site,list,rmax_fp64,rpeak_fp64,mxp,rpeak_fp32,source
      header = false;
      continue;
    }
    // The source is the last column and may hold commas of its own.
    const std::vector<std::string> f = split_fields(line);
    if (f.size() < 8) throw std::runtime_error("reference_systems.csv: a row with fewer than 8 fields: " + line);
    std::string source = f[7];
    for (std::size_t i = 8; i < f.size(); ++i) source += "," + f[i];
    systems.push_back({f[0], f[1], f[2], source, figure(f[3]), figure(f[4]), figure(f[5]), figure(f[6])});
  }
  return systems;
}

const std::vector<ReferenceSystem>& reference_systems() {
  static const std::vector<ReferenceSystem> systems = parse_reference_systems(reference_systems_csv());
  return systems;
}

std::vector<ReferenceComparison> compare_with_references(const nlohmann::json& report,
                                                         const std::vector<ReferenceSystem>& systems) {
  auto benchmark_is = [](const char* name) {
    return [name](const nlohmann::json& r) { return r.value("benchmark", "") == name; };
  };
  auto precision_is = [](const char* precision) {
    return [precision](const nlohmann::json& r) { return r["precision"].is_string() && r["precision"] == precision; };
  };
  const double hpl = report_json::best_verified(report, "value", benchmark_is("hpl"));
  const double rpeak_fp64 = report_json::best_verified(report, "rpeak", precision_is("fp64"));
  const double mxp = report_json::best_verified(report, "value", benchmark_is("mxp"));
  const double rpeak_fp32 = report_json::best_verified(report, "rpeak", precision_is("fp32"));
  std::vector<ReferenceComparison> out;
  for (const ReferenceSystem& s : systems) {
    const std::pair<const char*, std::pair<double, double>> kinds[] = {{"HPL Rmax (FP64)", {s.rmax_fp64, hpl}},
                                                                       {"FP64 Rpeak", {s.rpeak_fp64, rpeak_fp64}},
                                                                       {"HPL-MxP", {s.mxp, mxp}},
                                                                       {"FP32 Rpeak", {s.rpeak_fp32, rpeak_fp32}}};
    for (const auto& [name, values] : kinds)
      if (std::isfinite(values.first) && values.first > 0 && std::isfinite(values.second))
        out.push_back({s.system, s.list, s.source, name, values.first, values.second});
  }
  return out;
}

}  // namespace suanli
