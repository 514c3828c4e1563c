#include "report/html_report.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "core/atomic_file.hpp"
#include "core/numbered_name.hpp"
#include "core/rpeak_guard.hpp"
#include "core/units.hpp"
#include "report/centre_profile.hpp"
#include "report/json_fields.hpp"
#include "report/reference_systems.hpp"
#include "report/svg_chart.hpp"

namespace suanli {
namespace {

using nlohmann::json;
using report::svg::escape;

// Printing and phones: one column, tables scroll sideways inside their box.
constexpr const char* style = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1b1b1b;line-height:1.4}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.25rem;border-bottom:2px solid #ccc;margin-top:2rem}h3{font-size:1.05rem}
.meta{color:#555;font-size:.9rem}
.verdict{padding:.6rem .8rem;border-radius:.4rem;margin:1rem 0;font-weight:600}
.verdict.ok{background:#e3f4e8;border:1px solid #2e7d32}.verdict.failed{background:#fdecea;border:1px solid #c62828}
.scroll{overflow-x:auto}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0;min-width:100%}
th,td{border-bottom:1px solid #ddd;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.num{text-align:right;white-space:nowrap}
.passed{color:#1b5e20;font-weight:600}.failed{color:#b71c1c;font-weight:700}.na{color:#777}
.note{color:#555;font-size:.8rem}
figure{margin:1rem 0}figcaption{font-size:.85rem;color:#444}
@media print{body{max-width:none}.scroll{overflow:visible}}
)";

std::string text_of(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  if (value.is_number()) return format_3sig(value.get<double>());
  return value.dump();
}

using report_json::number;

std::string si(const json& value, const std::string& unit) {
  const double v = number(value);
  return std::isfinite(v) ? format_si(v, unit) : "n/a";
}

std::string title_of(const json& r) {
  std::string t = r.value("benchmark", "") + " " + r.value("metric", "");
  if (r["precision"].is_string()) t += " (" + r["precision"].get<std::string>() + ")";
  return t;
}

bool passed(const json& r) { return r["verification"].value("passed", false); }

// ---- sections ----

std::string verdict(const json& report) {
  std::vector<const json*> failed;
  for (const json& r : report["results"])
    if (!passed(r)) failed.push_back(&r);
  const std::size_t total = report["results"].size();
  if (failed.empty())
    return fmt::format("<div class=\"verdict ok\">All {} figures verified.</div>\n", total);
  std::string out = fmt::format("<div class=\"verdict failed\">{} of {} figures FAILED verification:<ul>",
                                failed.size(), total);
  for (const json* r : failed)
    out += fmt::format("<li>{}: {} = {} (threshold {})</li>", escape(title_of(*r)),
                       escape((*r)["verification"].value("quantity", "")), escape(text_of((*r)["verification"]["value"])),
                       escape(text_of((*r)["verification"]["threshold"])));
  return out + "</ul></div>\n";
}

std::string machine_section(const json& report) {
  const json& m = report["machine"];
  std::string out = "<h2 id=\"machine\">The machine</h2>\n<div class=\"scroll\"><table>\n";
  auto row = [&](const std::string& name, const std::string& value) {
    out += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", escape(name), escape(value));
  };
  row("model", text_of(m["model"]));
  row("vendor, microarchitecture", text_of(m["vendor"]) + ", " + text_of(m["microarchitecture"]));
  row("sockets × cores (logical CPUs)", fmt::format("{} × {} ({})", text_of(m["sockets"]), text_of(m["physical_cores"]),
                                                     text_of(m["logical_cpus"])));
  row("memory", si(m["memory_total_bytes"], "B"));
  row("clock used for Rpeak", si(m["rpeak_hz"], "Hz") + " (" + text_of(m["rpeak_hz_source"]) + ")");
  const json& w = report["world"];
  row("MPI world", fmt::format("{} rank(s) × {} thread(s) on {} host(s)", text_of(w["ranks"]), text_of(w["threads_per_rank"]),
                               w["hosts"].size()));
  out += "</table></div>\n<h3>Rpeak per precision</h3>\n<div class=\"scroll\"><table>\n"
         "<tr><th>precision</th><th>per core</th><th>per node</th><th>per cycle</th><th>instruction</th></tr>\n";
  for (const json& p : m["peaks"]) {
    const std::string unit = p.value("unit", "FLOP/s");
    out += fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
                       escape(text_of(p["precision"])), escape(si(p["rpeak_core_flops"], unit)),
                       escape(si(p["rpeak_node_flops"], unit)), escape(text_of(p["flops_per_cycle"])),
                       escape(text_of(p["instruction"])));
  }
  return out + "</table></div>\n";
}


std::string compute_section(const json& report) {
  std::string charts;
  // Floating point and integer apart: FLOP/s and OP/s are not the same unit.
  for (const std::string unit : {"FLOP/s", "OP/s"}) {
    report::svg::BarChart chart{unit == "FLOP/s" ? "Floating point: measured against Rpeak"
                                                 : "Integer: measured against Rpeak",
                                unit, {}, true};
    for (const json& r : report["results"])
      if (r.value("unit", "") == unit && std::isfinite(number(r["value"])))
        chart.bars.push_back({title_of(r), number(r["value"]), std::isfinite(number(r["rpeak"])) ? number(r["rpeak"]) : 0,
                              passed(r)});
    const std::string svg = report::svg::bar_chart(chart);
    if (!svg.empty()) charts += "<figure>" + svg + "</figure>\n";
  }
  if (charts.empty()) return "";
  return "<h2 id=\"compute\">Compute power per precision</h2>\n" + charts +
         "<p class=\"note\">Each bar is a measured rate; the lighter bar behind it is the Rpeak of its precision on "
         "the cores in use, and the percentage is the efficiency.</p>\n";
}

std::string roofline_section(const json& report) {
  report::svg::Roofline chart{"Roofline", 0, {}, {}};
  bool cache_sized_stream = false;  // a Triad that would have been the memory roof, left out
  for (const json& r : report["results"]) {
    const std::string role = r.value("roofline_role", "none");
    if (!passed(r) || !std::isfinite(number(r["value"]))) continue;
    const bool stream_triad = r.value("benchmark", "") == "stream" && r.value("metric", "") == "triad";
    if ((role == "memory_roof" || stream_triad) && report_json::cache_sized(r)) cache_sized_stream = true;
    else if (role == "memory_roof") chart.bandwidth_bytes_per_s = number(r["value"]);
    if (r.value("unit", "") != "FLOP/s") continue;  // the integer precisions' OP/s are another unit
    if (role == "compute_roof") chart.roofs.push_back({text_of(r["precision"]) + " peak", number(r["value"])});
    else if (role == "point" && std::isfinite(number(r["arithmetic_intensity"])))
      chart.points.push_back({title_of(r), number(r["arithmetic_intensity"]), number(r["value"])});
  }
  const std::string svg = report::svg::roofline(chart);
  if (svg.empty()) return "";
  std::string memory_roof = "STREAM Triad";
  if (!(chart.bandwidth_bytes_per_s > 0))
    memory_roof = cache_sized_stream ? "none: STREAM ran on cache-sized arrays, which measure cache bandwidth and are "
                                       "not a STREAM result"
                                     : "none: STREAM was not run";
  return "<h2 id=\"roofline\">Roofline</h2>\n<figure>" + svg +
         "<figcaption>Compute roofs: the measured all-core peak per precision; memory roof: " + escape(memory_roof) +
         ". Points: kernels at their arithmetic intensity (FLOP per byte of their minimum traffic).</figcaption>"
         "</figure>\n";
}

std::string profile_section(const json& report) {
  const CentreProfile p = profile(report, centre_rules());
  if (p.indicators.values.empty() && p.indicators.left_out.empty()) return "";
  const std::map<std::string, std::string> names = {{"hpc", "an HPC centre"}, {"ai", "an AI centre"},
                                                    {"cloud", "a cloud data centre"}};
  std::string out = "<h2 id=\"profile\">Centre profile</h2>\n<p>";
  bool judged = false;
  for (const auto& [centre, points] : p.possible) judged = judged || points > 0;
  if (p.best.empty()) {
    out += judged ? "No centre's rules fired on the measured figures." :
                    "Too few figures to judge which kind of centre this machine suits.";
  } else {
    std::string best = names.at(p.best.front());
    for (std::size_t i = 1; i < p.best.size(); ++i)
      best += (i + 1 == p.best.size() ? " and " : ", ") + names.at(p.best[i]);
    out += fmt::format("<strong>Best suited to {}{}</strong> (", best, p.best.size() > 1 ? ", equally" : "");
  }
  if (judged) {
    if (p.best.empty()) out += " (";
    bool first = true;
    for (const char* c : {"hpc", "ai", "cloud"}) {
      if (!p.possible.count(c) || p.possible.at(c) == 0) continue;
      out += fmt::format("{}{} {} of {} points", first ? "" : ", ", c, p.score.count(c) ? p.score.at(c) : 0, p.possible.at(c));
      first = false;
    }
    out += ", of the rules measured).";
  }
  out += " The verdict is the largest share of the points of the rules measured; centres with equal shares are all "
         "named, in the order HPC, AI, cloud. A rule whose indicator lies within its uncertainty of the rule's bound is "
         "undecided: its points count as possible, never as earned.</p>\n";
  auto value_text = [](const std::string& indicator, double v) {
    const std::string& unit = indicator_names().at(indicator).unit;
    return unit.empty() ? format_3sig(v) : format_si(v, unit);
  };
  if (!p.bottlenecks.empty()) {
    out += "<p><strong>Bottlenecks</strong></p><ul>\n";
    for (const FiredRule& f : p.bottlenecks)
      out += fmt::format("<li>{} ({} = {})</li>\n", escape(f.rule->text), escape(f.rule->indicator),
                         escape(value_text(f.rule->indicator, f.value)));
    out += "</ul>\n";
  }
  if (!p.fired.empty()) {
    out += "<p><strong>Strengths</strong></p><ul>\n";
    for (const FiredRule& f : p.fired)
      out += fmt::format("<li>{}: {} ({} = {})</li>\n", escape(f.rule->centre), escape(f.rule->text),
                         escape(f.rule->indicator), escape(value_text(f.rule->indicator, f.value)));
    out += "</ul>\n";
  }
  if (!p.undecided.empty()) {
    out += "<p><strong>Undecided</strong> (too close to call from these trials)</p><ul>\n";
    for (const UndecidedRule& u : p.undecided)
      out += fmt::format("<li>{}: {} ({} = {}, {:.0f}% from the bound, within its ±{:.0f}%)</li>\n",
                         escape(u.rule->centre), escape(u.rule->text), escape(u.rule->indicator),
                         escape(value_text(u.rule->indicator, u.value)), 100 * u.margin, 100 * u.uncertainty);
    out += "</ul>\n";
  }
  out += "<div class=\"scroll\"><table>\n<tr><th>indicator</th><th>value</th><th>uncertainty</th><th>what it is"
         "</th></tr>\n";
  for (const auto& [name, indicator] : p.indicators.values)
    out += fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">±{:.0f}% ({} trial{})</td>"
                       "<td class=\"note\">{}</td></tr>\n",
                       escape(name), escape(value_text(name, indicator.value)), 100 * indicator.uncertainty,
                       indicator.samples, indicator.samples == 1 ? "" : "s",
                       escape(indicator_names().at(name).description));
  for (const auto& [name, why] : p.indicators.left_out)
    out += fmt::format("<tr><td>{}</td><td class=\"num\">not used</td><td></td><td class=\"note\">{}</td></tr>\n",
                       escape(name), escape(why));
  return out + "</table></div>\n<p class=\"note\">Indicators are medians of the trials; the uncertainty is "
               "max(2×1.4826×MAD/median, 5%) from three trials, max(2×CV, 5%) from two, 15% from one. "
               "The rules are data: data/centre_rules.csv, explained in docs/profile.md.</p>\n";
}

// 1.74e7 -> "17,400,000": three significant digits, grouped, for ratios a reader can say aloud.
std::string grouped(double value) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(value)) - 2);
  std::string digits = fmt::format("{:.0f}", std::round(value / magnitude) * magnitude);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string references_section(const json& report) {
  const std::vector<ReferenceComparison> comparisons = compare_with_references(report, reference_systems());
  if (comparisons.empty()) return "";
  std::string out =
      "<h2 id=\"references\">Against reference systems</h2>\n<div class=\"scroll\"><table>\n"
      "<tr><th>system</th><th>figure</th><th>published</th><th>this run</th><th>this run is</th><th>source</th></tr>\n";
  for (const ReferenceComparison& c : comparisons) {
    const double r = c.ratio();
    const std::string share = r >= 1 ? fmt::format("{:.3g}× it", r)
                              : 1 / r >= 100 ? fmt::format("1/{} of it", grouped(1 / r))
                                             : fmt::format("1/{:.3g} of it", 1 / r);
    out += fmt::format(
        "<tr><td>{} <span class=\"note\">({})</span></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"note\">{}</td></tr>\n",
        escape(c.system), escape(c.list), escape(c.figure), escape(format_si(c.reference, "FLOP/s")),
        escape(format_si(c.measured, "FLOP/s")), escape(share), escape(c.source));
  }
  return out + "</table></div>\n<p class=\"note\">Published figures from data/reference_systems.csv; this run's "
               "HPL, HPL-MxP and Rpeak of the cores it used. Ratios, not rankings: a TOP500 figure is a whole "
               "machine of thousands of nodes.</p>\n";
}

// The points of a parameter family such as size_<bytes>_latency_s, by the number in the name.
std::vector<report::svg::Point> curve(const json& parameters, const std::string& prefix, const std::string& suffix) {
  std::vector<report::svg::Point> points;
  for (const auto& [key, value] : parameters.items()) {
    if (!value.is_number()) continue;
    if (const auto x = number_between(key, prefix, suffix))
      points.push_back({static_cast<double>(*x), value.get<double>()});
  }
  std::sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.x < b.x; });
  return points;
}

std::string figure(const std::string& svg, const std::string& caption) {
  if (svg.empty()) return "";
  return "<figure>" + svg + "<figcaption>" + escape(caption) + "</figcaption></figure>\n";
}

// The curves a benchmark's results carry in their parameters.
std::string charts_of(const std::string& benchmark, const std::vector<const json*>& results) {
  namespace svg = report::svg;
  std::string out;
  if (benchmark == "comm") {
    svg::LineChart latency{"Ping-pong latency", {"message size (bytes)", true}, {"one-way latency (s)", true}, {}};
    svg::LineChart bandwidth{"Point-to-point bandwidth", {"message size (bytes)", true}, {"bandwidth (B/s)", true}, {}};
    svg::LineChart busbw{"Collectives: bus bandwidth", {"message size (bytes)", true}, {"busbw (B/s)", true}, {}};
    for (const json* r : results) {
      const std::string metric = (*r)["metric"];
      const json& p = (*r)["parameters"];
      if (metric == "pingpong") latency.series.push_back({"ping-pong", curve(p, "size_", "_latency_s")});
      if (metric == "pingpong" || metric == "bandwidth" || metric == "bibandwidth")
        bandwidth.series.push_back({metric, curve(p, "size_", "_bandwidth_bytes_per_s")});
      else busbw.series.push_back({metric, curve(p, "size_", "_busbw_bytes_per_s")});
    }
    out += figure(svg::line_chart(latency), "Half the round trip of a message between ranks 0 and 1, by size.");
    out += figure(svg::line_chart(bandwidth), "Bytes per second between ranks 0 and 1, by message size.");
    out += figure(svg::line_chart(busbw), "Bus bandwidth (nccl-tests' factors) of each collective, by message size.");
  } else if (benchmark == "cloud") {
    svg::LineChart rate{"Requests per second against connections", {"connections", true}, {"requests/s", false}, {}};
    svg::LineChart latency{"Latency against connections", {"connections", true}, {"latency (s)", true}, {}};
    for (const json* r : results) {
      const json& p = (*r)["parameters"];
      const std::vector<svg::Point> requests = curve(p, "connections_", "_requests_per_s");
      if (requests.size() < 2) continue;
      rate.series.push_back({(*r)["metric"], requests});
      for (const char* q : {"p50", "p99", "p999"}) latency.series.push_back({q, curve(p, "connections_", std::string("_") + q + "_s")});
    }
    out += figure(svg::line_chart(rate), "Throughput of the request server as concurrency grows.");
    out += figure(svg::line_chart(latency), "Latency percentiles of the same points.");
  } else if (benchmark == "io") {
    svg::LineChart iops{"Random 4 KiB IOPS against queue depth", {"queue depth", true}, {"IOPS", true}, {}};
    for (const json* r : results) {
      const std::vector<svg::Point> points = curve((*r)["parameters"], "qd_", "_iops");
      if (!points.empty()) iops.series.push_back({(*r)["metric"], points});
    }
    out += figure(svg::line_chart(iops), "IOPS of random reads and writes at each io_uring queue depth.");
  } else if (benchmark == "cfd") {
    // The flow picture `suanli cfd --picture` wrote, when it is still where the run left it.
    for (const json* r : results) {
      const json& p = (*r)["parameters"];
      if (!p.contains("picture_file") || !p["picture_file"].is_string()) continue;
      const std::string path = p["picture_file"];
      std::ifstream in(path);
      std::stringstream text;
      text << in.rdbuf();
      const std::string svg_text = text.str();
      const std::size_t start = svg_text.find("<svg");
      if (!in || start == std::string::npos) {
        out += fmt::format("<p class=\"note\">The flow picture {} is not where the run wrote it.</p>\n", escape(path));
        continue;
      }
      out += "<figure>" + svg_text.substr(start) + "<figcaption>" + escape((*r)["metric"].get<std::string>()) +
             ": speed and streamlines (" + escape(path) + ")</figcaption></figure>\n";
    }
  } else if (benchmark == "transformer") {
    svg::LineChart scaling{"Data-parallel training: scaling efficiency", {"ranks", true}, {"efficiency", false}, {}};
    for (const json* r : results) {
      const std::vector<svg::Point> points = curve((*r)["parameters"], "ranks_", "_scaling_efficiency");
      if (points.size() >= 2) scaling.series.push_back({"t(1) / t(n)", points});
    }
    out += figure(svg::line_chart(scaling), "Weak scaling of the training step: the batch per rank is fixed.");
  }
  return out;
}

std::string results_table(const std::vector<const json*>& results) {
  std::string out =
      "<div class=\"scroll\"><table>\n<tr><th>benchmark</th><th>metric</th><th>precision</th><th>value</th>"
      "<th>statistic</th><th>Rpeak</th><th>efficiency</th><th>verification</th></tr>\n";
  for (const json* rp : results) {
    const json& r = *rp;
    const std::string unit = r.value("unit", "");
    // The guard from value and Rpeak, so that a report saved before it existed shows no efficiency above 100% either.
    const double rpeak = number(r["rpeak"]);
    const RpeakCheck check =
        check_against_rpeak(number(r["value"]), std::isfinite(rpeak) ? std::optional<double>(rpeak) : std::nullopt);
    const json& v = r["verification"];
    out += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td><span class=\"{}\">{}</span> <span class=\"note\">{}: {} (≤ {})</span></td></tr>\n",
        escape(text_of(r["benchmark"])), escape(text_of(r["metric"])), escape(text_of(r["precision"])),
        escape(si(r["value"], unit)), escape(text_of(r["statistic"])),
        std::isfinite(number(r["rpeak"])) ? escape(si(r["rpeak"], unit)) : "",
        escape(efficiency_text(check, "")), passed(r) ? "passed" : "failed",
        passed(r) ? "passed" : "FAILED", escape(text_of(v["quantity"])), escape(text_of(v["value"])),
        escape(text_of(v["threshold"])));
    for (const json& note : r["notes"])
      out += fmt::format("<tr><td></td><td colspan=\"7\" class=\"note\">{}</td></tr>\n", escape(text_of(note)));
    if (check.standing == RpeakStanding::above) {
      const json& error = r.contains("rpeak_model_error") ? r["rpeak_model_error"] : json();
      const std::string message = error.is_object() && error["message"].is_string()
                                      ? error["message"].get<std::string>()
                                      : rpeak_model_error_text(check, 0, 0);
      out += fmt::format("<tr><td></td><td colspan=\"7\" class=\"failed\">{}</td></tr>\n", escape(message));
    }
  }
  return out + "</table></div>\n";
}

std::string centre_sections(const json& report, const CentreOfBenchmark& centres) {
  const std::vector<std::pair<std::string, std::string>> order = {
      {"hpc", "HPC centre: FP64 numerical analysis"},
      {"ai", "AI centre: training and inference"},
      {"cloud", "Cloud data centre: many small requests, storage"},
      {"other", "Other"}};
  std::string out;
  for (const auto& [centre, heading] : order) {
    // Benchmarks in the order they ran, each with its results.
    std::vector<std::string> benchmarks;
    std::map<std::string, std::vector<const json*>> by_benchmark;
    for (const json& r : report["results"]) {
      const std::string b = r.value("benchmark", "");
      const auto it = centres.find(b);
      if ((it == centres.end() ? "other" : it->second) != centre) continue;
      if (!by_benchmark.count(b)) benchmarks.push_back(b);
      by_benchmark[b].push_back(&r);
    }
    if (benchmarks.empty()) continue;
    out += fmt::format("<h2 id=\"{}\">{}</h2>\n", centre, escape(heading));
    for (const std::string& b : benchmarks) {
      out += fmt::format("<h3>{}</h3>\n", escape(b));
      out += results_table(by_benchmark[b]);
      out += charts_of(b, by_benchmark[b]);
    }
  }
  return out;
}

}  // namespace

std::string render_html_report(const json& report, const CentreOfBenchmark& centres) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                    "<title>suanli report</title>\n<style>";
  out += style;
  out += "</style>\n</head>\n<body>\n<h1>suanli (算力) report</h1>\n";
  out += fmt::format("<p class=\"meta\">{} · {} to {} · schema {}</p>\n", escape(report.value("command_line", "")),
                     escape(report.value("start_time", "")), escape(report.value("end_time", "")),
                     escape(report.value("schema", "")));
  out += verdict(report);
  out += profile_section(report);
  out += machine_section(report);
  out += compute_section(report);
  out += roofline_section(report);
  out += centre_sections(report, centres);
  out += references_section(report);
  out += "</body>\n</html>\n";
  return out;
}

void write_report_html(const json& report, const CentreOfBenchmark& centres, const std::string& path) {
  write_file_atomically(path, render_html_report(report, centres));
}

}  // namespace suanli
