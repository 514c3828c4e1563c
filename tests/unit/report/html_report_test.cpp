// The HTML report parsed by libxml2's strict XML parser (the page is polyglot
// markup: HTML5 that is well-formed XML; tests/report/ also runs an HTML5 parser
// over it): well-formed for a full report
// and for one with few benchmarks, every result and its verification present,
// failures shown first and visibly, the charts drawn with their points, and
// hostile text escaped.
#include "report/html_report.hpp"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include <string>

namespace suanli {
namespace {

using nlohmann::json;

json result(const std::string& benchmark, const std::string& metric, const std::string& unit, double value,
            bool passed = true) {
  return {{"benchmark", benchmark},
          {"metric", metric},
          {"precision", "fp64"},
          {"value", value},
          {"unit", unit},
          {"statistic", "median"},
          {"stats", {{"count", 3}}},
          {"parameters", json::object()},
          {"verification", {{"passed", passed}, {"quantity", "residual"}, {"value", passed ? 0.1 : 99.0}, {"threshold", 16}}},
          {"rpeak", nullptr},
          {"efficiency", nullptr},
          {"notes", json::array()},
          {"arithmetic_intensity", nullptr},
          {"roofline_role", "none"}};
}

json machine() {
  return {{"model", "Test CPU"},         {"vendor", "AuthenticAMD"},     {"microarchitecture", "zen5"},
          {"sockets", 1},                {"physical_cores", 2},          {"logical_cpus", 2},
          {"memory_total_bytes", 24e9},  {"rpeak_hz", 3.4e9},            {"rpeak_hz_source", "measured"},
          {"peaks", json::array({{{"precision", "fp64"}, {"unit", "FLOP/s"}, {"rpeak_core_flops", 1.3e11},
                                  {"rpeak_node_flops", 2.6e11}, {"flops_per_cycle", 32}, {"instruction", "vfmadd231pd"}}})}};
}

json full_report() {
  json results = json::array();
  json peak = result("peak", "fma_all_cores", "FLOP/s", 2.5e11);
  peak["roofline_role"] = "compute_roof";
  peak["rpeak"] = 2.6e11;
  peak["efficiency"] = 0.96;
  results.push_back(peak);
  json triad = result("stream", "triad", "B/s", 8e10);
  triad["roofline_role"] = "memory_roof";
  results.push_back(triad);
  json gemm = result("gemm", "2048", "FLOP/s", 1.7e11);
  gemm["roofline_role"] = "point";
  gemm["arithmetic_intensity"] = 170.7;
  gemm["rpeak"] = 2.6e11;
  results.push_back(gemm);
  results.push_back(result("hpl", "n=6000", "FLOP/s", 1.1e11, /*passed=*/false));
  json pingpong = result("comm", "pingpong", "s", 1e-7);
  for (int size = 1; size <= 1024; size *= 4) {
    pingpong["parameters"]["size_" + std::to_string(size) + "_latency_s"] = 1e-7 * (1 + size / 100.0);
    pingpong["parameters"]["size_" + std::to_string(size) + "_bandwidth_bytes_per_s"] = 1e7 * size;
  }
  results.push_back(pingpong);
  json cloud = result("cloud", "requests (cpu mix, closed loop)", "req/s", 2e5);
  for (int c : {1, 16, 256}) {
    const std::string key = "connections_" + std::to_string(c);
    cloud["parameters"][key + "_requests_per_s"] = 1e4 * c;
    cloud["parameters"][key + "_p50_s"] = 1e-5 * c;
    cloud["parameters"][key + "_p99_s"] = 2e-5 * c;
    cloud["parameters"][key + "_p999_s"] = 3e-5 * c;
  }
  cloud["notes"] = json::array({"<b>not bold</b> & escaped"});
  results.push_back(cloud);
  return {{"schema", "suanli/1"}, {"command_line", "suanli run"}, {"start_time", "2026-11-28T05:00:00Z"},
          {"end_time", "2026-11-28T05:01:00Z"}, {"machine", machine()}, {"world", {{"ranks", 1}, {"threads_per_rank", 2}, {"hosts", json::array({{{"host", "vm"}, {"ranks", 1}}})}}},
          {"all_verified", false}, {"results", results}};
}

const CentreOfBenchmark centres = {{"peak", "hpc"},  {"stream", "hpc"}, {"gemm", "ai"},
                                   {"hpl", "hpc"},   {"comm", "ai"},    {"cloud", "cloud"}};

// Parses strictly, counting every error and warning libxml2 reports.
struct Parsed {
  xmlDocPtr doc = nullptr;
  int problems = 0;
  explicit Parsed(const std::string& html) {
    xmlParserCtxtPtr context = xmlNewParserCtxt();
    context->sax->warning = nullptr;
    doc = xmlCtxtReadMemory(context, html.data(), static_cast<int>(html.size()), "report.html", "utf-8",
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    problems = (doc == nullptr || !context->wellFormed || context->errNo != 0) ? 1 : 0;
    xmlFreeParserCtxt(context);
  }
  ~Parsed() { xmlFreeDoc(doc); }
  // XPath over local names: the SVG elements are in the SVG namespace.
  int count(const char* xpath) const {
    xmlXPathContextPtr x = xmlXPathNewContext(doc);
    xmlXPathObjectPtr found = xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpath), x);
    const int n = found && found->nodesetval ? found->nodesetval->nodeNr : 0;
    xmlXPathFreeObject(found);
    xmlXPathFreeContext(x);
    return n;
  }
};

TEST(HtmlReport, AFullReportParsesWithEveryResultAndItsVerification) {
  const std::string html = render_html_report(full_report(), centres);
  const Parsed page(html);
  ASSERT_NE(page.doc, nullptr);
  EXPECT_EQ(page.problems, 0);
  for (const json& r : full_report()["results"])
    EXPECT_NE(html.find(r["metric"].get<std::string>()), std::string::npos) << r["metric"];
  // One table row per result in the centre sections, each with its verdict.
  EXPECT_EQ(page.count("//td/span[@class='passed']"), 5);
  EXPECT_EQ(page.count("//td/span[@class='failed']"), 1);
  EXPECT_EQ(page.count("//div[@class='verdict failed']//li"), 1);  // the failure listed first
  EXPECT_EQ(page.count("//h2[@id='hpc']"), 1);
  EXPECT_EQ(page.count("//h2[@id='ai']"), 1);
  EXPECT_EQ(page.count("//h2[@id='cloud']"), 1);
  EXPECT_EQ(page.count("//script"), 0);
  // The FP64 Rpeak of the run beside the reference systems' (hpl failed: no Rmax comparison).
  EXPECT_EQ(page.count("//h2[@id='references']"), 1);
  EXPECT_EQ(page.count("//h2[@id='profile']"), 1);  // hpl failed; gemm and the rest judge
  EXPECT_EQ(html.find("HPL Rmax (FP64)"), std::string::npos);
  EXPECT_NE(html.find("FP64 Rpeak"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;not bold&lt;/b&gt; &amp; escaped"), std::string::npos);
}

TEST(HtmlReport, ChartsAreDrawnWithTheirPoints) {
  const Parsed page(render_html_report(full_report(), centres));
  // compute bars, roofline, ping-pong latency and bandwidth, cloud requests and latency
  // Elements <name class="kind"> inside the chart titled `title`.
  auto in_chart = [&](const std::string& title, const std::string& name, const std::string& kind) {
    return page.count(("//*[local-name()='svg'][*[local-name()='title']='" + title + "']//*[local-name()='" + name +
                       "'][@class='" + kind + "']")
                          .c_str());
  };
  EXPECT_EQ(page.count("//*[local-name()='svg']"), 6);
  EXPECT_EQ(in_chart("Ping-pong latency", "circle", "point"), 6);  // sizes 1, 4, … 1024
  EXPECT_EQ(in_chart("Latency against connections", "circle", "point"), 9);  // p50, p99, p99.9 × 3
  EXPECT_EQ(in_chart("Roofline", "circle", "point"), 1);
  EXPECT_EQ(in_chart("Floating point: measured against Rpeak", "rect", "bar"), 3);
}

TEST(HtmlReport, AReportWithOneBenchmarkIsValidToo) {
  json report = full_report();
  report["results"] = json::array({result("stream", "triad", "B/s", 8e10)});
  report["all_verified"] = true;
  const std::string html = render_html_report(report, centres);
  const Parsed page(html);
  EXPECT_EQ(page.problems, 0);
  EXPECT_EQ(page.count("//div[@class='verdict ok']"), 1);
  EXPECT_EQ(page.count("//h2[@id='ai']"), 0);
  EXPECT_NE(html.find("triad"), std::string::npos);
}

}  // namespace
}  // namespace suanli
