// Chart primitives for the HTML report: each returns one self-contained inline <svg> element as a
// string. No JavaScript, no fonts or CSS from outside (presentation attributes only, so nothing leaks
// into the page's styles), a viewBox with width="100%" so it scales down to a phone, explicit colours
// so it prints. Colours are the Okabe-Ito palette (safe for colour-blind readers); series also differ
// by dash pattern, so a greyscale print still tells them apart. Every text is passed through escape().
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace suanli::report::svg {

struct Point { double x = 0, y = 0; };
struct Series { std::string name; std::vector<Point> points; };
struct Axis { std::string label; bool logarithmic = false; };
struct LineChart { std::string title; Axis x, y; std::vector<Series> series; };
// One polyline per series with a marker (a <circle class="point">) per finite point (points with
// non-finite or, on a log axis, non-positive coordinates are skipped); axes with ticks (decades on log
// axes, ~5 "nice" ticks on linear ones, labels with SI prefixes such as 1k, 10M, 1G), axis labels, a
// legend when there are 2+ series. Returns "" when no series has a drawable point.
std::string line_chart(const LineChart& chart);

struct Bar { std::string label; double value = 0; double reference = 0; bool verified = true; };
struct BarChart { std::string title; std::string unit; std::vector<Bar> bars; bool logarithmic = false; };
// Horizontal bars, one per entry: a <rect class="bar"> for value and, when reference > 0, a lighter
// <rect class="reference"> behind it (e.g. Rpeak), the value printed with SI prefix and unit
// ("1.2 TFLOP/s"), and the percentage of the reference when there is one. A bar whose verified is
// false is drawn in a warning colour and labelled "FAILED". Bars with non-finite or negative values
// are shown as "n/a" without a rect.class="bar". Returns "" for no bars.
std::string bar_chart(const BarChart& chart);

struct Roof { std::string label; double peak_flops = 0; };          // a compute roof per precision
struct RooflinePoint { std::string label; double intensity = 0; double flops = 0; };  // FLOP/byte, FLOP/s
struct Roofline { std::string title; double bandwidth_bytes_per_s = 0; std::vector<Roof> roofs; std::vector<RooflinePoint> points; };
// Log-log: x = arithmetic intensity (FLOP/byte), y = FLOP/s. Each roof is min(peak, bandwidth·x)
// drawn as a <polyline class="roof"> (when bandwidth is 0, a flat line at peak), labelled; each point
// a <circle class="point"> with a text label. Axes span all points and the ridge points with a
// margin. Returns "" when there is nothing to draw.
std::string roofline(const Roofline& chart);

// Text escaped for XML/HTML (& < > " '). Bytes that are not valid UTF-8, and characters XML 1.0
// forbids (control characters other than tab, newline and carriage return), become U+FFFD, so the
// result always parses.
std::string escape(std::string_view text);

}  // namespace suanli::report::svg
