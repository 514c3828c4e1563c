// The SVG chart primitives, each output parsed as strict XML by libxml2 (any error or warning fails
// the test) and its elements counted by XPath: markers per drawable point, bars and references,
// roofs, legends, escaping of hostile text, and "" for nothing to draw.
#include "report/svg_chart.hpp"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace suanli::report::svg {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

void collect_error(void* context, xmlErrorPtr error) {
  auto* errors = static_cast<std::vector<std::string>*>(context);
  errors->push_back(error != nullptr && error->message != nullptr ? error->message : "unknown libxml2 error");
}

// A strictly parsed SVG document; ok() is false if libxml2 reported anything at all.
class Parsed {
 public:
  explicit Parsed(const std::string& text) {
    xmlSetStructuredErrorFunc(&errors_, collect_error);
    doc_.reset(xmlReadMemory(text.data(), static_cast<int>(text.size()), "chart.svg", "UTF-8", XML_PARSE_NONET));
    xmlSetStructuredErrorFunc(nullptr, nullptr);
    if (doc_ == nullptr && errors_.empty()) errors_.push_back("xmlReadMemory returned null");
  }

  bool ok() const { return doc_ != nullptr && errors_.empty(); }
  std::string errors() const {
    std::string all;
    for (const std::string& e : errors_) all += e;
    return all;
  }

  // Nodes matching an XPath where the prefix s: is the SVG namespace.
  int count(const std::string& xpath) const {
    if (doc_ == nullptr) return -1;
    std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> context(xmlXPathNewContext(doc_.get()),
                                                                             xmlXPathFreeContext);
    xmlXPathRegisterNs(context.get(), BAD_CAST "s", BAD_CAST "http://www.w3.org/2000/svg");
    std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)> result(
        xmlXPathEvalExpression(BAD_CAST xpath.c_str(), context.get()), xmlXPathFreeObject);
    if (result == nullptr || result->nodesetval == nullptr) return 0;
    return result->nodesetval->nodeNr;
  }

  // The text of the first node matching an XPath, "" if none.
  std::string text(const std::string& xpath) const {
    std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> context(xmlXPathNewContext(doc_.get()),
                                                                             xmlXPathFreeContext);
    xmlXPathRegisterNs(context.get(), BAD_CAST "s", BAD_CAST "http://www.w3.org/2000/svg");
    std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)> result(
        xmlXPathEvalExpression(BAD_CAST xpath.c_str(), context.get()), xmlXPathFreeObject);
    if (result == nullptr || result->nodesetval == nullptr || result->nodesetval->nodeNr == 0) return "";
    xmlChar* content = xmlNodeGetContent(result->nodesetval->nodeTab[0]);
    std::string out = content != nullptr ? reinterpret_cast<const char*>(content) : "";
    xmlFree(content);
    return out;
  }

 private:
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc_{nullptr, xmlFreeDoc};
  std::vector<std::string> errors_;
};

// The root every chart shares: an SVG with a viewBox, width 100%, role img and the title.
void expect_root(const Parsed& svg, const std::string& title) {
  ASSERT_TRUE(svg.ok()) << svg.errors();
  EXPECT_EQ(svg.count("/s:svg[starts-with(@viewBox, '0 0 ') and @width='100%' and @role='img']"), 1);
  EXPECT_EQ(svg.text("/s:svg/s:title"), title);
  EXPECT_EQ(svg.count("//s:script | //s:style[contains(., '@import')] | //s:foreignObject"), 0);
}

std::vector<Point> points(int n, double scale = 1) {
  std::vector<Point> out;
  for (int i = 1; i <= n; ++i) out.push_back({std::pow(10.0, i), scale * i});
  return out;
}

// ----- escape --------------------------------------------------------------------------------

TEST(SvgEscape, EscapesMarkupCharacters) {
  EXPECT_EQ(escape("<a&b>"), "&lt;a&amp;b&gt;");
  EXPECT_EQ(escape("\"x\" 'y'"), "&quot;x&quot; &#39;y&#39;");
  EXPECT_EQ(escape("plain text"), "plain text");
  EXPECT_EQ(escape(""), "");
}

TEST(SvgEscape, KeepsValidUtf8AndReplacesWhatXmlForbids) {
  EXPECT_EQ(escape("\u00b5s \u6bcf\u79d2"), "\u00b5s \u6bcf\u79d2");
  EXPECT_EQ(escape("a\x01" "b"), "a\uFFFD" "b");
  EXPECT_EQ(escape("tab\tnew\nline"), "tab\tnew\nline");
  EXPECT_EQ(escape("bad\xff" "byte"), "bad\uFFFD" "byte");
  EXPECT_EQ(escape("cut\xe4\xb8"), "cut\uFFFD\uFFFD");
  EXPECT_EQ(escape("\xc0\xaf"), "\uFFFD\uFFFD");  // overlong '/'
}

// ----- line chart ----------------------------------------------------------------------------

TEST(SvgLineChart, TwoSeriesHaveAPointPerMarkerAndALegend) {
  LineChart chart{"Ping-pong latency", {"message size (bytes)", true}, {"latency (s)", true},
                  {{"shm", points(5, 1e-6)}, {"tcp", points(3, 1e-5)}}};
  const std::string out = line_chart(chart);
  const Parsed svg(out);
  expect_root(svg, "Ping-pong latency");
  EXPECT_EQ(svg.count("//s:circle[@class='point']"), 8);
  EXPECT_EQ(svg.count("//s:polyline[@class='series']"), 2);
  EXPECT_EQ(svg.count("//s:g[@class='legend']"), 1);
  EXPECT_EQ(svg.count("//s:g[@class='legend']/s:text[.='shm']"), 1);
  EXPECT_EQ(svg.count("//s:g[@class='legend']/s:text[.='tcp']"), 1);
  EXPECT_EQ(svg.count("//s:text[.='message size (bytes)']"), 1);
  EXPECT_EQ(svg.count("//s:text[.='latency (s)']"), 1);
}

TEST(SvgLineChart, OneSeriesHasNoLegend) {
  const Parsed svg(line_chart({"IOPS", {"queue depth", true}, {"IOPS", false}, {{"read", points(4, 1e5)}}}));
  expect_root(svg, "IOPS");
  EXPECT_EQ(svg.count("//s:circle[@class='point']"), 4);
  EXPECT_EQ(svg.count("//s:g[@class='legend']"), 0);
}

TEST(SvgLineChart, LogAxisSkipsZeroAndNonFinitePoints) {
  LineChart chart{"t", {"x", true}, {"y", false}, {{"a", {{0, 1}, {1, 2}, {10, 3}, {100, nan}, {inf, 5}, {-1, 6}}}}};
  const Parsed svg(line_chart(chart));
  expect_root(svg, "t");
  EXPECT_EQ(svg.count("//s:circle[@class='point']"), 2);
  // On a linear axis zero and negatives are drawable; non-finite values still are not.
  chart.x.logarithmic = false;
  const Parsed linear(line_chart(chart));
  ASSERT_TRUE(linear.ok()) << linear.errors();
  EXPECT_EQ(linear.count("//s:circle[@class='point']"), 4);
}

TEST(SvgLineChart, TicksAreDecadesWithSiPrefixesOnLogAxes) {
  const Parsed svg(line_chart({"t", {"bytes", true}, {"s", true}, {{"a", {{1, 1e-6}, {1e9, 1e-3}}}}}));
  expect_root(svg, "t");
  for (const char* label : {"1", "10", "100", "1k", "10k", "1M", "1G", "1\u00b5", "10\u00b5", "1m"})
    EXPECT_EQ(svg.count(std::string("//s:text[@class='tick' and .='") + label + "']"), 1) << label;
}

TEST(SvgLineChart, LinearAxesHaveAboutFiveNiceTicks) {
  const Parsed svg(line_chart({"t", {"connections", false}, {"requests/s", false}, {{"a", {{0, 0}, {64, 4800}}}}}));
  expect_root(svg, "t");
  // y: 0, 1k, 2k, 3k, 4k, 5k.
  for (const char* label : {"0", "1k", "2k", "3k", "4k", "5k"})
    EXPECT_GE(svg.count(std::string("//s:text[@class='tick' and .='") + label + "']"), 1) << label;
  const int ticks = svg.count("//s:text[@class='tick']");
  EXPECT_GE(ticks, 8);
  EXPECT_LE(ticks, 16);
  // Fractional steps keep their digits: 0.95 … 1.
  const Parsed fraction(line_chart({"t", {"ranks", true}, {"efficiency", false}, {{"a", {{1, 1}, {2, 0.97}, {4, 0.95}}}}}));
  ASSERT_TRUE(fraction.ok()) << fraction.errors();
  EXPECT_EQ(fraction.count("//s:text[@class='tick' and .='950m']"), 0);
  EXPECT_GE(fraction.count("//s:text[@class='tick' and starts-with(., '0.9')]"), 1);
}

TEST(SvgLineChart, NothingDrawableGivesEmpty) {
  EXPECT_EQ(line_chart({"t", {"x", false}, {"y", false}, {}}), "");
  EXPECT_EQ(line_chart({"t", {"x", false}, {"y", false}, {{"a", {}}, {"b", {{nan, 1}}}}}), "");
  EXPECT_EQ(line_chart({"t", {"x", true}, {"y", true}, {{"a", {{0, 1}, {1, 0}, {-1, -1}}}}}), "");
}

TEST(SvgLineChart, ASinglePointStillDraws) {
  const Parsed svg(line_chart({"t", {"x", true}, {"y", false}, {{"a", {{1000, 5}}}}}));
  expect_root(svg, "t");
  EXPECT_EQ(svg.count("//s:circle[@class='point']"), 1);
}

// ----- bar chart -----------------------------------------------------------------------------

TEST(SvgBarChart, BarsAndReferencesPerEntry) {
  BarChart chart{"Compute", "FLOP/s",
                 {{"fp64", 1.2e12, 2.4e12}, {"fp32", 2.3e12, 4.8e12}, {"bf16", 4e12, 0}, {"int8", 9e12, 19.2e12}},
                 true};
  const Parsed svg(bar_chart(chart));
  expect_root(svg, "Compute");
  EXPECT_EQ(svg.count("//s:rect[@class='bar']"), 4);
  EXPECT_EQ(svg.count("//s:rect[@class='reference']"), 3);
  EXPECT_EQ(svg.count("//s:text[@class='value' and contains(., '1.20 TFLOP/s') and contains(., '50.0%')]"), 1);
  EXPECT_EQ(svg.count("//s:text[@class='value' and .='4.00 TFLOP/s']"), 1);
  EXPECT_EQ(svg.count("//s:text[.='FAILED' or contains(., 'FAILED')]"), 0);
  // The reference is drawn first, so it sits behind the bar.
  EXPECT_EQ(svg.count("//s:rect[@class='reference']/following-sibling::s:rect[@class='bar']"), 3);
}

TEST(SvgBarChart, LinearScaleToo) {
  const Parsed svg(bar_chart({"GB/s", "B/s", {{"triad", 5e10, 0}, {"copy", 4e10, 6e10}}, false}));
  expect_root(svg, "GB/s");
  EXPECT_EQ(svg.count("//s:rect[@class='bar']"), 2);
  EXPECT_EQ(svg.count("//s:rect[@class='reference']"), 1);
  EXPECT_GE(svg.count("//s:text[@class='tick' and .='0']"), 1);
}

TEST(SvgBarChart, FailedBarSaysFailedInTheWarningColour) {
  const Parsed svg(bar_chart({"c", "FLOP/s", {{"ok", 1e9, 2e9, true}, {"bad", 3e9, 4e9, false}}, false}));
  expect_root(svg, "c");
  EXPECT_EQ(svg.count("//s:text[contains(., 'FAILED')]"), 1);
  EXPECT_EQ(svg.count("//s:g[s:text[.='bad']]/s:text[contains(., 'FAILED')]"), 1);
  EXPECT_EQ(svg.count("//s:rect[@class='bar']"), 2);
  EXPECT_EQ(svg.count("//s:rect[@class='bar' and @fill='#D55E00']"), 1);
  EXPECT_EQ(svg.count("//s:g[s:text[.='bad']]/s:rect[@class='bar' and @fill='#D55E00']"), 1);
}

TEST(SvgBarChart, NonFiniteAndNegativeValuesAreNotAvailable) {
  const Parsed svg(bar_chart(
      {"c", "FLOP/s", {{"nan", nan, 1e9}, {"inf", inf, 0}, {"neg", -5, 0}, {"zero", 0, 1e9}, {"fine", 5e8, 1e9}}, true}));
  expect_root(svg, "c");
  EXPECT_EQ(svg.count("//s:rect[@class='bar']"), 2);  // zero and fine
  EXPECT_EQ(svg.count("//s:rect[@class='reference']"), 3);
  EXPECT_EQ(svg.count("//s:text[@class='value' and .='n/a']"), 3);
}

TEST(SvgBarChart, NoBarsGivesEmpty) {
  EXPECT_EQ(bar_chart({"c", "FLOP/s", {}, true}), "");
  // Bars that are all n/a still show as a list of n/a.
  const Parsed svg(bar_chart({"c", "FLOP/s", {{"x", nan, 0}}, true}));
  expect_root(svg, "c");
  EXPECT_EQ(svg.count("//s:rect[@class='bar']"), 0);
}

// ----- roofline ------------------------------------------------------------------------------

TEST(SvgRoofline, RoofsAndPoints) {
  Roofline chart{"Roofline",
                 50e9,
                 {{"fp64 peak", 1e12}, {"fp32 peak", 2e12}},
                 {{"triad", 1.0 / 12, 4e9}, {"dgemm", 100, 8e11}, {"spmv", 0.25, 1e10}}};
  const Parsed svg(roofline(chart));
  expect_root(svg, "Roofline");
  EXPECT_EQ(svg.count("//s:polyline[@class='roof']"), 2);
  EXPECT_EQ(svg.count("//s:circle[@class='point']"), 3);
  for (const char* label : {"triad", "dgemm", "spmv"})
    EXPECT_EQ(svg.count(std::string("//s:text[@class='point-label' and .='") + label + "']"), 1) << label;
  EXPECT_EQ(svg.count("//s:text[@class='roof-label' and starts-with(., 'fp64 peak')]"), 1);
  // With a bandwidth each roof bends at its ridge point: three vertices.
  EXPECT_EQ(svg.text("//s:polyline[@class='roof'][1]/@points").find(' ') != std::string::npos, true);
  const std::string roof = svg.text("//s:polyline[@class='roof'][1]/@points");
  EXPECT_EQ(std::count(roof.begin(), roof.end(), ','), 3) << roof;
}

TEST(SvgRoofline, NoBandwidthGivesFlatRoofs) {
  const Parsed svg(roofline({"R", 0, {{"fp64", 1e12}}, {{"dgemm", 10, 5e11}}}));
  expect_root(svg, "R");
  const std::string roof = svg.text("//s:polyline[@class='roof']/@points");
  ASSERT_EQ(std::count(roof.begin(), roof.end(), ','), 2) << roof;
  const auto y_of = [](const std::string& pair) { return pair.substr(pair.find(',') + 1); };
  EXPECT_EQ(y_of(roof.substr(0, roof.find(' '))), y_of(roof.substr(roof.find(' ') + 1)));
}

TEST(SvgRoofline, SkipsUndrawableAndGivesEmptyForNothing) {
  EXPECT_EQ(roofline({"R", 50e9, {}, {}}), "");
  EXPECT_EQ(roofline({"R", 50e9, {{"x", 0}, {"y", nan}}, {{"p", 0, 1e9}, {"q", 1, -1}}}), "");
  const Parsed svg(roofline({"R", 50e9, {{"x", 0}, {"fp64", 1e12}}, {{"p", 0, 1e9}, {"q", 2, 1e10}}}));
  expect_root(svg, "R");
  EXPECT_EQ(svg.count("//s:polyline[@class='roof']"), 1);
  EXPECT_EQ(svg.count("//s:circle[@class='point']"), 1);
  // Points alone still make a chart.
  const Parsed points_only(roofline({"R", 0, {}, {{"q", 2, 1e10}}}));
  expect_root(points_only, "R");
  EXPECT_EQ(points_only.count("//s:circle[@class='point']"), 1);
}

// ----- hostile text ---------------------------------------------------------------------------

TEST(SvgHostileText, StaysEscapedAndParses) {
  const std::string evil = "</svg><script>alert('x&y')</script>\"<!--";
  const std::vector<std::string> outputs = {
      line_chart({evil, {evil, true}, {evil, false}, {{evil, points(3)}, {evil + "2", points(2)}}}),
      bar_chart({evil, evil, {{evil, 1e9, 2e9, false}, {evil, nan, 0}}, true}),
      roofline({evil, 1e10, {{evil, 1e11}}, {{evil, 1, 1e9}}}),
  };
  for (const std::string& out : outputs) {
    ASSERT_FALSE(out.empty());
    EXPECT_EQ(out.find("<script"), std::string::npos);
    EXPECT_EQ(out.find("<!--"), std::string::npos);
    const Parsed svg(out);
    expect_root(svg, evil);
    EXPECT_EQ(svg.count("/s:svg"), 1);
  }
}

}  // namespace
}  // namespace suanli::report::svg
