#include "report/centre_profile.hpp"

#include "report/json_fields.hpp"

#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace suanli {
namespace {

using nlohmann::json;
constexpr double missing = std::numeric_limits<double>::quiet_NaN();

double bound(const std::string& text) { return text.empty() ? missing : std::stod(text); }

using report_json::best_verified;

auto is(const char* benchmark, const char* metric = nullptr, const char* precision = nullptr) {
  return [=](const json& r) {
    return r.value("benchmark", "") == benchmark && (!metric || r.value("metric", "").rfind(metric, 0) == 0) &&
           (!precision || (r["precision"].is_string() && r["precision"] == precision));
  };
}

}  // namespace

const std::map<std::string, IndicatorInfo>& indicator_names() {
  static const std::map<std::string, IndicatorInfo> names = {
      {"hpl_efficiency", {"HPL rate / FP64 Rpeak of the cores used", ""}},
      {"fp64_gemm_efficiency", {"best FP64 GEMM rate / its Rpeak", ""}},
      {"low_precision_speedup", {"best BF16, FP16 or INT8 GEMM rate / best FP64 GEMM rate", ""}},
      {"transformer_bf16_mfu", {"transformer forward in BF16: model FLOP utilisation", ""}},
      {"bytes_per_flop", {"STREAM Triad bytes/s / FP64 Rpeak", ""}},
      {"hpcg_efficiency", {"HPCG rate / FP64 Rpeak", ""}},
      {"pingpong_latency_s", {"MPI ping-pong one-way latency of the smallest message", "s"}},
      {"p2p_bandwidth", {"MPI windowed bandwidth between two ranks", "B/s"}},
      {"checkpoint_write_bytes_per_s", {"checkpoint write bandwidth", "B/s"}},
      {"random_read_iops", {"4 KiB random read IOPS, best queue depth", "IOPS"}},
      {"requests_per_second_per_core", {"cloud requests/s (best point) per core in use", "req/s"}},
      {"int32_peak_per_core", {"measured INT32 peak per core", "OP/s"}},
  };
  return names;
}

std::map<std::string, double> indicators(const json& report) {
  const json& world = report.contains("world") ? report["world"] : json::object();
  const double cores = std::max(1.0, world.value("ranks", 1.0) * world.value("threads_per_rank", 1.0));
  std::map<std::string, double> v;
  v["hpl_efficiency"] = best_verified(report, "efficiency", is("hpl"));
  v["fp64_gemm_efficiency"] = best_verified(report, "efficiency", is("gemm", nullptr, "fp64"));
  double low = missing;
  for (const char* p : {"bf16", "fp16", "int8"}) {
    const double rate = best_verified(report, "value", is("gemm", nullptr, p));
    if (std::isfinite(rate) && !(rate <= low)) low = rate;
  }
  v["low_precision_speedup"] = low / best_verified(report, "value", is("gemm", nullptr, "fp64"));
  v["transformer_bf16_mfu"] = best_verified(report, "efficiency", is("transformer", "forward", "bf16"));
  double fp64_rpeak = missing;
  for (const json& r : report["results"])
    if (r["precision"].is_string() && r["precision"] == "fp64" && r["rpeak"].is_number() &&
        !(r["rpeak"].get<double>() <= fp64_rpeak))
      fp64_rpeak = r["rpeak"].get<double>();
  v["bytes_per_flop"] = best_verified(report, "value", is("stream", "triad")) / fp64_rpeak;
  v["hpcg_efficiency"] = best_verified(report, "efficiency", is("hpcg"));
  v["pingpong_latency_s"] = best_verified(report, "value", is("comm", "pingpong"));
  v["p2p_bandwidth"] = best_verified(report, "value", is("comm", "bandwidth"));
  v["checkpoint_write_bytes_per_s"] = best_verified(report, "value", is("io", "checkpoint_write"));
  v["random_read_iops"] = best_verified(report, "value", is("io", "random_read"));
  v["requests_per_second_per_core"] = best_verified(report, "value", is("cloud", "requests")) / cores;
  v["int32_peak_per_core"] = best_verified(report, "value", is("peak", "mul_add_int32_all_cores")) / cores;
  for (auto it = v.begin(); it != v.end();) it = std::isfinite(it->second) ? std::next(it) : v.erase(it);
  return v;
}

std::vector<CentreRule> parse_centre_rules(std::string_view csv) {
  std::vector<CentreRule> rules;
  std::stringstream in{std::string(csv)};
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {  // centre,indicator,at_least,at_most,points,text
      header = false;
      continue;
    }
    std::vector<std::string> f;
    std::stringstream fields(line);
    std::string field;
    for (int i = 0; i < 5 && std::getline(fields, field, ','); ++i) f.push_back(field);
    std::getline(fields, field);  // the text, commas and all
    if (f.size() < 5 || field.empty()) throw std::runtime_error("centre_rules.csv: a rule needs 6 fields: " + line);
    CentreRule rule{f[0], f[1], bound(f[2]), bound(f[3]), std::stoi(f[4]), field};
    if (rule.centre != "hpc" && rule.centre != "ai" && rule.centre != "cloud" && rule.centre != "bottleneck")
      throw std::runtime_error("centre_rules.csv: unknown centre '" + rule.centre + "' in: " + line);
    if (!indicator_names().count(rule.indicator))
      throw std::runtime_error("centre_rules.csv: unknown indicator '" + rule.indicator + "' in: " + line);
    rules.push_back(rule);
  }
  return rules;
}

const std::vector<CentreRule>& centre_rules() {
  static const std::vector<CentreRule> rules = parse_centre_rules(centre_rules_csv());
  return rules;
}

CentreProfile profile(const json& report, const std::vector<CentreRule>& rules) {
  CentreProfile p;
  p.indicators = indicators(report);
  for (const CentreRule& rule : rules) {
    const auto it = p.indicators.find(rule.indicator);
    if (it == p.indicators.end()) continue;  // not measured: the rule cannot be judged
    const double value = it->second;
    const bool within = !(value < rule.at_least) && !(value > rule.at_most);
    if (rule.centre == "bottleneck") {
      if (within) p.bottlenecks.push_back({&rule, value});
      continue;
    }
    p.possible[rule.centre] += rule.points;
    p.score[rule.centre] += 0;  // judged: an entry even when nothing fires
    if (within) {
      p.score[rule.centre] += rule.points;
      p.fired.push_back({&rule, value});
    }
  }
  double best_share = -1;
  for (const char* centre : {"hpc", "ai", "cloud"}) {
    const auto possible = p.possible.find(centre);
    if (possible == p.possible.end() || possible->second == 0) continue;  // nothing judged (and no entry made)
    const auto score = p.score.find(centre);
    const double share = static_cast<double>(score == p.score.end() ? 0 : score->second) / possible->second;
    if (share > best_share) p.best.clear();
    if (share >= best_share) {
      best_share = share;
      p.best.push_back(centre);
    }
  }
  return p;
}

}  // namespace suanli
