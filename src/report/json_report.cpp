#include "report/json_report.hpp"

#include <cmath>

#include "core/atomic_file.hpp"
#include "core/rpeak_guard.hpp"
#include "report/machine_json.hpp"

namespace suanli {

nlohmann::json number_or_null(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

namespace {

nlohmann::json parameter_value_to_json(const ParameterValue& value) {
  struct Visitor {
    nlohmann::json operator()(bool b) const { return b; }
    nlohmann::json operator()(std::int64_t i) const { return i; }
    nlohmann::json operator()(double d) const { return number_or_null(d); }
    nlohmann::json operator()(const std::string& s) const { return s; }
  };
  return std::visit(Visitor{}, value);
}

nlohmann::json parameters_to_json(const std::vector<Parameter>& parameters) {
  nlohmann::json out = nlohmann::json::object();
  for (const Parameter& p : parameters) out[p.name] = parameter_value_to_json(p.value);
  return out;
}

nlohmann::json stats_to_json(const Stats& s) {
  return {{"count", s.count},
          {"median", number_or_null(s.median)},
          {"min", number_or_null(s.min)},
          {"max", number_or_null(s.max)},
          {"mean", number_or_null(s.mean)},
          {"cv", number_or_null(s.cv)},
          {"mad", number_or_null(s.mad)}};
}

nlohmann::json world_to_json(const WorldInfo& w) {
  nlohmann::json hosts = nlohmann::json::array();
  for (const HostRanks& h : w.hosts) hosts.push_back({{"host", h.host}, {"ranks", h.ranks}});
  return {{"ranks", w.ranks},
          {"threads_per_rank", w.threads_per_rank},
          {"mpi_launched", w.mpi_launched},
          {"thread_placement", w.thread_placement},
          {"hosts", hosts}};
}

}  // namespace

nlohmann::json result_to_json(const Result& r) {
  nlohmann::json out = {
      {"benchmark", r.benchmark},
      {"metric", r.metric},
      {"precision", r.precision.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.precision)},
      {"value", number_or_null(r.value)},
      {"unit", r.unit},
      {"statistic", r.statistic},
      {"stats", stats_to_json(r.stats)},
      {"parameters", parameters_to_json(r.parameters)},
      {"verification",
       {{"passed", r.verification.passed},
        {"quantity", r.verification.quantity},
        {"value", number_or_null(r.verification.value)},
        {"threshold", number_or_null(r.verification.threshold)}}},
      {"rpeak", r.rpeak ? number_or_null(*r.rpeak) : nlohmann::json(nullptr)},
      {"efficiency", r.efficiency ? number_or_null(*r.efficiency) : nlohmann::json(nullptr)},
      {"efficiency_capped", false},
      {"above_rpeak", false},
      {"notes", r.notes},
      {"arithmetic_intensity",
       r.arithmetic_intensity ? number_or_null(*r.arithmetic_intensity) : nlohmann::json(nullptr)},
      {"roofline_role", roofline_role_key(r.roofline_role)},
  };
  // The guard (core/rpeak_guard): from value and Rpeak, so the JSON never carries an efficiency above 1.
  const RpeakCheck check = check_against_rpeak(r.value, r.rpeak);
  if (check.standing != RpeakStanding::no_rpeak)
    out["efficiency"] = check.efficiency ? nlohmann::json(*check.efficiency) : nlohmann::json(nullptr);
  out["efficiency_capped"] = check.standing == RpeakStanding::at_rpeak;
  if (check.standing == RpeakStanding::above) {
    out["above_rpeak"] = true;
    const double rpeak_hz = number_parameter(r, rpeak_hz_parameter);
    const double held_hz = number_parameter(r, held_hz_parameter);
    out["rpeak_model_error"] = {
        {"above_by", number_or_null(check.ratio - 1)},
        {"rpeak_hz", rpeak_hz > 0 ? nlohmann::json(rpeak_hz) : nlohmann::json(nullptr)},
        {"clock_held_hz", held_hz > 0 ? nlohmann::json(held_hz) : nlohmann::json(nullptr)},
        {"message", rpeak_model_error_text(r)},
    };
  }
  return out;
}

nlohmann::json report_to_json(const Report& report) {
  nlohmann::json results = nlohmann::json::array();
  for (const Result& r : report.results) results.push_back(result_to_json(r));
  return {
      {"schema", report.schema},
      {"command_line", report.command_line},
      {"versions", parameters_to_json(report.versions)},
      {"start_time", report.start_time},
      {"end_time", report.end_time},
      {"machine", machine_to_json(report.machine)},
      {"world", world_to_json(report.world)},
      {"all_verified", report.all_verified()},
      {"results", results},
  };
}

void write_report_json(const nlohmann::json& document, const std::string& path) {
  write_file_atomically(path, document.dump(2) + "\n");
}

}  // namespace suanli
