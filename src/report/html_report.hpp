// The report as one self-contained HTML page: inline CSS and SVG charts, no
// JavaScript, nothing fetched, readable on a phone and printable. Polyglot markup:
// valid HTML5 that is also well-formed XML (every element closed, every text
// escaped), so a strict XML parser reads it too. Rendered from
// the JSON report (schema suanli/1), so `suanli run` and `suanli report run.json`
// draw the same page.
//
// Sections: the verdict on verification (every failed figure listed first); the
// machine and its Rpeak per precision; compute power per precision (measured
// against Rpeak); the roofline; then the HPC, AI and cloud benchmarks, each with
// its table (every figure's verification visible) and its curves (ping-pong
// latency and bandwidth, collectives' bus bandwidth, requests and latency
// against connections, IOPS against queue depth, training-step scaling).
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace suanli {

// Which centre each benchmark serves ("hpc", "ai", "cloud"), from the registry;
// a benchmark missing from it goes under "other".
using CentreOfBenchmark = std::map<std::string, std::string>;

std::string render_html_report(const nlohmann::json& report, const CentreOfBenchmark& centres);

// Renders and writes atomically (temp file + rename).
void write_report_html(const nlohmann::json& report, const CentreOfBenchmark& centres, const std::string& path);

}  // namespace suanli
