#include "report/centre_profile.hpp"

#include "report/json_fields.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace suanli {
namespace {

using nlohmann::json;
constexpr double missing = std::numeric_limits<double>::quiet_NaN();

double bound(const std::string& text) { return text.empty() ? missing : std::stod(text); }

using report_json::number;

// A field of an object, or null when it is absent: a const json's operator[] must not be given a
// missing key, and reports from other versions may lack one.
const json& field(const json& object, const char* key) {
  static const json null;
  if (!object.is_object()) return null;
  const auto it = object.find(key);
  return it == object.end() ? null : *it;
}

auto is(const char* benchmark, const char* metric = nullptr, const char* precision = nullptr) {
  return [=](const json& r) {
    return field(r, "benchmark") == benchmark &&
           (!metric || (field(r, "metric").is_string() && field(r, "metric").get<std::string>().rfind(metric, 0) == 0)) &&
           (!precision || field(r, "precision") == precision);
  };
}

bool verified(const json& r) { return field(field(r, "verification"), "passed") == true; }

// A figure of one result at the median of its trials, with its uncertainty.
Indicator median_figure(const json& r, const char* which) {
  const json& stats = field(r, "stats");
  const int samples = field(stats, "count").is_number() ? field(stats, "count").get<int>() : 0;
  const double value = number(field(r, "value"));
  const double median = samples > 0 ? number(field(stats, "median")) : missing;
  // The headline value may be the best trial (STREAM) or the median; scale it to the median.
  const double to_median = std::isfinite(median) && value > 0 ? median / value : 1.0;
  const double figure = number(field(r, which)) * to_median;
  const double relative_mad = std::isfinite(median) && median != 0 ? number(field(stats, "mad")) / std::abs(median) : missing;
  return {figure, relative_uncertainty(samples, number(field(stats, "cv")), relative_mad), std::max(samples, 1)};
}

// The verified result `want` accepts with the largest median `which` ("value", "efficiency");
// NaN when there is none. A failed figure is never a figure.
template <typename Want>
Indicator best_median(const json& report, const char* which, Want want) {
  Indicator best{missing, 0, 0};
  const json& results = field(report, "results");
  if (!results.is_array()) return best;
  for (const json& r : results) {
    if (!want(r) || !verified(r)) continue;
    const Indicator f = median_figure(r, which);
    if (std::isfinite(f.value) && !(f.value <= best.value)) best = f;
  }
  return best;
}

Indicator ratio(const Indicator& a, const Indicator& b) {
  return {a.value / b.value, a.uncertainty + b.uncertainty, std::min(a.samples, b.samples)};
}

Indicator per(const Indicator& a, double divisor) { return {a.value / divisor, a.uncertainty, a.samples}; }

// Relative distance of value from the nearest finite bound of the rule.
double margin_to_bounds(double value, const CentreRule& rule) {
  double margin = std::numeric_limits<double>::infinity();
  for (double b : {rule.at_least, rule.at_most})
    if (std::isfinite(b)) margin = std::min(margin, b != 0 ? std::abs(value - b) / std::abs(b) : margin);
  return margin;
}

}  // namespace

double relative_uncertainty(int samples, double cv, double relative_mad) {
  if (samples >= 3 && std::isfinite(relative_mad))
    return std::max(2 * mad_to_standard_deviation * std::abs(relative_mad), minimum_uncertainty);
  if (samples < 2 || !std::isfinite(cv)) return single_sample_uncertainty;
  return std::max(2 * std::abs(cv), minimum_uncertainty);
}

const std::map<std::string, IndicatorInfo>& indicator_names() {
  static const std::map<std::string, IndicatorInfo> names = {
      {"hpl_efficiency", {"HPL rate / FP64 Rpeak of the cores used", ""}},
      {"fp64_gemm_efficiency", {"best FP64 GEMM rate / its Rpeak", ""}},
      {"low_precision_speedup", {"best BF16, FP16 or INT8 GEMM rate / best FP64 GEMM rate", ""}},
      {"transformer_bf16_mfu", {"transformer forward in BF16: model FLOP utilisation", ""}},
      {"bytes_per_flop", {"STREAM Triad bytes/s (median, arrays not cache-sized) / FP64 Rpeak", ""}},
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

Indicators indicators(const json& report) {
  const json& world = field(report, "world");
  const double ranks = field(world, "ranks").is_number() ? field(world, "ranks").get<double>() : 1.0;
  const double threads =
      field(world, "threads_per_rank").is_number() ? field(world, "threads_per_rank").get<double>() : 1.0;
  const double cores = std::max(1.0, ranks * threads);
  Indicators out;
  auto& v = out.values;
  std::map<std::string, Indicator> all;
  all["hpl_efficiency"] = best_median(report, "efficiency", is("hpl"));
  all["fp64_gemm_efficiency"] = best_median(report, "efficiency", is("gemm", nullptr, "fp64"));
  Indicator low{missing, 0, 0};
  for (const char* p : {"bf16", "fp16", "int8"}) {
    const Indicator rate = best_median(report, "value", is("gemm", nullptr, p));
    if (std::isfinite(rate.value) && !(rate.value <= low.value)) low = rate;
  }
  all["low_precision_speedup"] = ratio(low, best_median(report, "value", is("gemm", nullptr, "fp64")));
  all["transformer_bf16_mfu"] = best_median(report, "efficiency", is("transformer", "forward", "bf16"));

  // Memory bandwidth per FP64 FLOP: only a STREAM result, i.e. arrays larger than the caches.
  double fp64_rpeak = missing;
  const json& results = field(report, "results");
  if (results.is_array())
    for (const json& r : results) {
      const double rpeak = number(field(r, "rpeak"));
      if (field(r, "precision") == "fp64" && std::isfinite(rpeak) && rpeak > 0 && !(rpeak <= fp64_rpeak))
        fp64_rpeak = rpeak;
    }
  const auto stream_triad = is("stream", "triad");
  const Indicator triad =
      best_median(report, "value", [&](const json& r) { return stream_triad(r) && !report_json::cache_sized(r); });
  all["bytes_per_flop"] = per(triad, fp64_rpeak);
  if (!std::isfinite(triad.value) && std::isfinite(best_median(report, "value", stream_triad).value))
    out.left_out["bytes_per_flop"] =
        "STREAM Triad ran on cache-sized arrays: it measured cache bandwidth, not a STREAM result";
  else if (std::isfinite(triad.value) && !std::isfinite(fp64_rpeak))
    out.left_out["bytes_per_flop"] = "no FP64 Rpeak in the report to divide STREAM Triad by";

  all["hpcg_efficiency"] = best_median(report, "efficiency", is("hpcg"));
  all["pingpong_latency_s"] = best_median(report, "value", is("comm", "pingpong"));
  all["p2p_bandwidth"] = best_median(report, "value", is("comm", "bandwidth"));
  all["checkpoint_write_bytes_per_s"] = best_median(report, "value", is("io", "checkpoint_write"));
  all["random_read_iops"] = best_median(report, "value", is("io", "random_read"));
  all["requests_per_second_per_core"] = per(best_median(report, "value", is("cloud", "requests")), cores);
  all["int32_peak_per_core"] = per(best_median(report, "value", is("peak", "mul_add_int32_all_cores")), cores);
  for (const auto& [name, indicator] : all)
    if (std::isfinite(indicator.value)) v[name] = indicator;
  return out;
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
    const auto it = p.indicators.values.find(rule.indicator);
    if (it == p.indicators.values.end()) continue;  // not measured: the rule cannot be judged
    const Indicator& indicator = it->second;
    const double value = indicator.value;
    const double margin = margin_to_bounds(value, rule);
    if (margin <= indicator.uncertainty) {  // noise could put it on either side: no verdict either way
      p.undecided.push_back({&rule, value, margin, indicator.uncertainty});
      // Measured but not earned: its points stay possible, so a centre whose other rules are all
      // undecided cannot win on the one rule left (1 of 1 would beat 3 of 4).
      if (rule.centre != "bottleneck") {
        p.possible[rule.centre] += rule.points;
        p.score[rule.centre] += 0;
      }
      continue;
    }
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
  // The tie rule (centre_profile.hpp, docs/profile.md): every centre with the largest share, in this order.
  int best_score = 0, best_possible = 1;  // a share of 0: a centre must fire a rule to be named
  for (const char* centre : {"hpc", "ai", "cloud"}) {
    const auto possible = p.possible.find(centre);
    if (possible == p.possible.end() || possible->second == 0) continue;  // nothing judged (and no entry made)
    const int score = p.score[centre];
    const long ours = static_cast<long>(score) * best_possible, theirs = static_cast<long>(best_score) * possible->second;
    if (score == 0 || ours < theirs) continue;
    if (ours > theirs) p.best.clear();
    best_score = score;
    best_possible = possible->second;
    p.best.push_back(centre);
  }
  return p;
}

}  // namespace suanli
