#include "report/svg_chart.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "core/rpeak_guard.hpp"
#include "core/units.hpp"
#include "report/text_table.hpp"

namespace suanli::report::svg {

namespace {

// Okabe-Ito, without its yellow (too faint on white paper).
constexpr std::array<const char*, 7> palette = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                                "#56B4E9", "#D55E00", "#000000"};
// A second cue beside colour, for greyscale prints.
constexpr std::array<const char*, 4> dashes = {"", "7 3", "2 3", "9 3 2 3"};
constexpr const char* ink = "#222222";
constexpr const char* muted = "#555555";
constexpr const char* grid = "#dddddd";
constexpr const char* bar_colour = "#0072B2";
constexpr const char* reference_colour = "#C6DBEF";
constexpr const char* warning_colour = "#D55E00";

constexpr double width = 640;
constexpr double tick_font = 12;
constexpr double label_font = 13;
constexpr double title_font = 15;

const char* colour(std::size_t i) { return palette[i % palette.size()]; }
const char* dash(std::size_t i) { return dashes[(i / palette.size() + i) % dashes.size()]; }

// Coordinates to a tenth of a unit: enough for a 640-wide viewBox, and short.
std::string num(double v) { return fmt::format("{:.1f}", v); }

// Rough width of text in the sans-serif the viewer picks: 0.6 em a cell, CJK two cells.
double text_width(std::string_view text, double font) {
  return 0.6 * font * static_cast<double>(display_width(text));
}

std::string svg_open(double height, std::string_view title) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"100%\" role=\"img\" "
      "font-family=\"system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif\" font-size=\"{}\" "
      "fill=\"{}\">\n<title>{}</title>\n<rect width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n"
      "<text class=\"chart-title\" x=\"12\" y=\"22\" font-size=\"{}\" font-weight=\"bold\">{}</text>\n",
      num(width), num(height), label_font, ink, escape(title), num(width), num(height), title_font, escape(title));
}

std::string text(double x, double y, std::string_view content, std::string_view extra = "") {
  return fmt::format("<text x=\"{}\" y=\"{}\"{}{}>{}</text>\n", num(x), num(y), extra.empty() ? "" : " ", extra,
                     escape(content));
}

// ----- tick labels ---------------------------------------------------------------------------

// The decimal exponent of |v|, robust to 1000 being stored as 999.9999….
int decade(double v) { return static_cast<int>(std::floor(std::log10(std::abs(v)) + 1e-9)); }

int floor_div(int a, int b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

// A tick label with an SI prefix, "1k", "2.5M", "100µ", with as many significant digits as the
// tick step needs (1.25k for a step of 250, 100.2k for a step of 100). step is 0 on a log axis.
std::string si_label(double v, double step) {
  if (v == 0) return "0";
  // On a linear axis, fractions such as an efficiency read better as 0.95 than as 950m.
  if (step > 0 && std::abs(v) >= 0.01 && std::abs(v) < 1000)
    return fmt::format("{:.{}f}", v, std::max(0, -decade(step)));
  static constexpr std::array<const char*, 17> prefixes = {"y", "z", "a", "f", "p", "n", "\u00b5", "m", "",
                                                           "k", "M", "G", "T", "P", "E", "Z", "Y"};
  const int e = decade(v);
  const int p = std::clamp(floor_div(e, 3), -8, 8);
  const double mantissa = v / std::pow(10.0, 3 * p);
  const int integer_digits = std::max(1, decade(mantissa) + 1);
  int digits = step > 0 ? e - decade(step) + 1 : 3;
  digits = std::clamp(std::max(digits, integer_digits), 1, 15);
  return fmt::format("{:.{}g}{}", mantissa, digits, prefixes[static_cast<std::size_t>(p + 8)]);
}

// ----- scales --------------------------------------------------------------------------------

struct Scale {
  bool logarithmic = false;
  double lo = 0, hi = 1;      // in data units, or decades on a log scale
  double from = 0, to = 1;    // screen coordinates of lo and hi
  double step = 0;            // linear tick step, for the labels' digits
  std::vector<double> ticks;  // in data units

  double at(double v) const {
    const double t = logarithmic ? std::log10(v) : v;
    return from + (t - lo) / (hi - lo) * (to - from);
  }
};

// Whole decades from below min to above max; thinned to at most ~11 labels.
Scale log_scale(double min, double max) {
  Scale s;
  s.logarithmic = true;
  s.lo = std::floor(std::log10(min) + 1e-9);
  s.hi = std::ceil(std::log10(max) - 1e-9);
  if (s.hi <= s.lo) s.hi = s.lo + 1;
  const int every = std::max(1, static_cast<int>(std::ceil((s.hi - s.lo) / 10)));
  for (int d = static_cast<int>(s.lo); d <= static_cast<int>(s.hi); d += every) s.ticks.push_back(std::pow(10.0, d));
  return s;
}

// 1, 2, 5 or 10 times a power of ten, near (round) or at least (!round) x.
double nice_number(double x, bool round) {
  const double power = std::pow(10.0, std::floor(std::log10(x)));
  const double f = x / power;
  double nice = 10;
  if (round) nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  else nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nice * power;
}

// Heckbert's nice ticks: about five, the range rounded out to whole steps.
Scale linear_scale(double min, double max) {
  if (max - min <= 0) {
    const double pad = min == 0 ? 1 : std::abs(min) * 0.5;
    min -= pad;
    max += pad;
  }
  Scale s;
  s.step = nice_number(nice_number(max - min, false) / 4, true);
  const double first = std::floor(min / s.step + 1e-9);
  const double last = std::ceil(max / s.step - 1e-9);
  s.lo = first * s.step;
  s.hi = last * s.step;
  for (double k = first; k <= last + 0.5; k += 1) {
    const double v = k * s.step;
    s.ticks.push_back(std::abs(v) < s.step * 1e-9 ? 0 : v);
  }
  return s;
}

Scale make_scale(bool logarithmic, double min, double max) {
  return logarithmic ? log_scale(min, max) : linear_scale(min, max);
}

bool drawable(double v, bool logarithmic) { return std::isfinite(v) && (!logarithmic || v > 0); }

struct Range {
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
  void add(double v) {
    min = std::min(min, v);
    max = std::max(max, v);
  }
  bool empty() const { return min > max; }
};

// ----- frame ---------------------------------------------------------------------------------

struct Plot {
  double left = 72, right = width - 24, top = 40, bottom = 300;
};

// Grid, axes, tick labels and axis labels of an x-y plot.
std::string frame(const Plot& plot, const Scale& x, const Scale& y, std::string_view x_label, std::string_view y_label) {
  std::string out = "<g class=\"axes\">\n";
  for (double t : x.ticks) {
    const double px = x.at(t);
    out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\" stroke-width=\"1\"/>\n", num(px),
                       num(plot.top), num(plot.bottom), grid);
    out += text(px, plot.bottom + 16, si_label(t, x.step),
                fmt::format("class=\"tick\" text-anchor=\"middle\" font-size=\"{}\" fill=\"{}\"", tick_font, muted));
  }
  for (double t : y.ticks) {
    const double py = y.at(t);
    out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"{3}\" stroke-width=\"1\"/>\n",
                       num(plot.left), num(py), num(plot.right), grid);
    out += text(plot.left - 6, py + 4, si_label(t, y.step),
                fmt::format("class=\"tick\" text-anchor=\"end\" font-size=\"{}\" fill=\"{}\"", tick_font, muted));
  }
  out += fmt::format("<polyline points=\"{},{} {},{} {},{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.2\"/>\n",
                     num(plot.left), num(plot.top), num(plot.left), num(plot.bottom), num(plot.right), num(plot.bottom),
                     ink);
  out += text((plot.left + plot.right) / 2, plot.bottom + 36, x_label, "class=\"axis-label\" text-anchor=\"middle\"");
  const double mid = (plot.top + plot.bottom) / 2;
  out += fmt::format(
      "<text class=\"axis-label\" text-anchor=\"middle\" transform=\"translate(18 {}) rotate(-90)\">{}</text>\n",
      num(mid), escape(y_label));
  out += "</g>\n";
  return out;
}

std::string circle(double px, double py, const char* fill, std::string_view tooltip) {
  return fmt::format(
      "<circle class=\"point\" cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1\">"
      "<title>{}</title></circle>\n",
      num(px), num(py), fill, escape(tooltip));
}

// A data value for a tooltip: three significant digits with an SI prefix.
std::string value_text(double v) { return si_label(v, std::abs(v) * 1e-2); }

}  // namespace

// ----- escape --------------------------------------------------------------------------------

std::string escape(std::string_view in) {
  static constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD
  std::string out;
  out.reserve(in.size() + in.size() / 8);
  for (std::size_t i = 0; i < in.size();) {
    const auto byte = static_cast<unsigned char>(in[i]);
    if (byte < 0x80) {
      switch (byte) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default:
          if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') out += replacement;
          else out += static_cast<char>(byte);
      }
      ++i;
      continue;
    }
    // A UTF-8 sequence: the right length, continuation bytes, no overlong forms, no surrogates,
    // nothing past U+10FFFF, and not U+FFFE/U+FFFF (which XML forbids).
    std::size_t length = byte >= 0xF0 && byte <= 0xF4 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 && byte <= 0xDF ? 2 : 0;
    if (byte >= 0xF5) length = 0;
    std::uint32_t cp = length == 2 ? byte & 0x1F : length == 3 ? byte & 0x0F : byte & 0x07;
    bool valid = length != 0 && i + length <= in.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      const auto next = static_cast<unsigned char>(in[i + k]);
      valid = (next & 0xC0) == 0x80;
      cp = (cp << 6) | (next & 0x3F);
    }
    if (valid) {
      const std::uint32_t lowest = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
      valid = cp >= lowest && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF) && cp != 0xFFFE && cp != 0xFFFF;
    }
    if (valid) {
      out.append(in.substr(i, length));
      i += length;
    } else {
      out += replacement;
      ++i;
    }
  }
  return out;
}

// ----- line chart ----------------------------------------------------------------------------

std::string line_chart(const LineChart& chart) {
  const bool xlog = chart.x.logarithmic, ylog = chart.y.logarithmic;
  auto ok = [&](const Point& p) { return drawable(p.x, xlog) && drawable(p.y, ylog); };
  Range xr, yr;
  std::vector<std::size_t> shown;  // series with at least one drawable point
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    bool any = false;
    for (const Point& p : chart.series[s].points)
      if (ok(p)) {
        xr.add(p.x);
        yr.add(p.y);
        any = true;
      }
    if (any) shown.push_back(s);
  }
  if (shown.empty()) return "";

  Plot plot;
  Scale x = make_scale(xlog, xr.min, xr.max);
  Scale y = make_scale(ylog, yr.min, yr.max);
  x.from = plot.left;
  x.to = plot.right;
  y.from = plot.bottom;
  y.to = plot.top;

  // The legend below the x label, wrapped into rows; its height decides the chart's.
  const bool legend = shown.size() >= 2;
  std::string legend_svg;
  double height = plot.bottom + 48;
  if (legend) {
    legend_svg = "<g class=\"legend\">\n";
    double cx = plot.left, cy = plot.bottom + 60;
    for (std::size_t i = 0; i < shown.size(); ++i) {
      const std::string& name = chart.series[shown[i]].name;
      const double item = 30 + text_width(name, label_font) + 18;
      if (cx > plot.left && cx + item > width - 8) {
        cx = plot.left;
        cy += 20;
      }
      legend_svg += fmt::format(
          "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"{}\"/>\n",
          num(cx), num(cy - 4), num(cx + 24), num(cy - 4), colour(i), *dash(i) ? dash(i) : "none");
      legend_svg += text(cx + 30, cy, name);
      cx += item;
    }
    legend_svg += "</g>\n";
    height = cy + 14;
  }

  std::string out = svg_open(height, chart.title);
  out += frame(plot, x, y, chart.x.label, chart.y.label);
  for (std::size_t i = 0; i < shown.size(); ++i) {
    const Series& series = chart.series[shown[i]];
    std::string points, markers;
    for (const Point& p : series.points) {
      if (!ok(p)) continue;
      const double px = x.at(p.x), py = y.at(p.y);
      if (!points.empty()) points += ' ';
      points += num(px) + ',' + num(py);
      markers += circle(px, py, colour(i), fmt::format("{}: {}, {}", series.name, value_text(p.x), value_text(p.y)));
    }
    out += fmt::format("<g class=\"series\">\n<polyline class=\"series\" points=\"{}\" fill=\"none\" stroke=\"{}\" "
                       "stroke-width=\"2\" stroke-linejoin=\"round\"{}/>\n",
                       points, colour(i), *dash(i) ? fmt::format(" stroke-dasharray=\"{}\"", dash(i)) : "");
    out += markers + "</g>\n";
  }
  out += legend_svg;
  out += "</svg>\n";
  return out;
}

// ----- bar chart -----------------------------------------------------------------------------

std::string bar_chart(const BarChart& chart) {
  if (chart.bars.empty()) return "";
  auto has_value = [](const Bar& b) { return std::isfinite(b.value) && b.value >= 0; };
  auto has_reference = [](const Bar& b) { return std::isfinite(b.reference) && b.reference > 0; };

  Range all, positive;
  for (const Bar& b : chart.bars) {
    if (has_value(b)) {
      all.add(b.value);
      if (b.value > 0) positive.add(b.value);
    }
    if (has_reference(b)) {
      all.add(b.reference);
      positive.add(b.reference);
    }
  }
  // A log scale needs a positive value; without one the bars fall back to a linear scale from 0.
  const bool logarithmic = chart.logarithmic && !positive.empty();
  const double left = 12, right = width - 12, top = 44, row = 46;
  // On a log scale the bars start a decade below the smallest, so no bar is a sliver.
  Scale s = logarithmic ? log_scale(positive.min / 10, positive.max)
                        : linear_scale(0, all.empty() || all.max <= 0 ? 1 : all.max);
  s.from = left;
  s.to = right;
  auto length = [&](double v) {
    if (logarithmic && v <= 0) return 0.0;
    return std::max(0.0, s.at(v) - s.from);
  };
  const double bottom = top + row * static_cast<double>(chart.bars.size());
  const double height = bottom + 40;

  std::string out = svg_open(height, chart.title);
  out += "<g class=\"axes\">\n";
  for (double t : s.ticks) {
    const double px = s.at(t);
    out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\" stroke-width=\"1\"/>\n", num(px),
                       num(top), num(bottom), grid);
    const std::string anchor = px - left < 12 ? "start" : right - px < 12 ? "end" : "middle";
    out += text(px, bottom + 16, si_label(t, s.step),
                fmt::format("class=\"tick\" text-anchor=\"{}\" font-size=\"{}\" fill=\"{}\"", anchor, tick_font, muted));
  }
  out += text((left + right) / 2, bottom + 34, chart.unit + (logarithmic ? " (log scale)" : ""),
              "class=\"axis-label\" text-anchor=\"middle\"");
  out += "</g>\n";

  for (std::size_t i = 0; i < chart.bars.size(); ++i) {
    const Bar& b = chart.bars[i];
    const double y0 = top + row * static_cast<double>(i);
    const char* fill = b.verified ? bar_colour : warning_colour;
    out += "<g class=\"bar-row\">\n";
    if (has_reference(b))
      out += fmt::format("<rect class=\"reference\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"18\" fill=\"{}\"/>\n",
                         num(left), num(y0 + 20), num(length(b.reference)), reference_colour);
    std::string figure;
    if (has_value(b)) {
      out += fmt::format("<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"18\" fill=\"{}\"/>\n", num(left),
                         num(y0 + 20), num(length(b.value)), fill);
      figure = format_si(b.value, chart.unit);
      // Through the guard: a bar above its Rpeak beyond noise is a model error, not an efficiency above 100%.
      if (has_reference(b))
        figure += fmt::format(" \u00b7 {} of {}", efficiency_text(check_against_rpeak(b.value, b.reference)),
                              format_si(b.reference, chart.unit));
    } else {
      figure = "n/a";
    }
    if (!b.verified) figure = "FAILED \u00b7 " + figure;
    out += text(left, y0 + 14, b.label, "class=\"label\"");
    out += text(right, y0 + 14, figure,
                b.verified ? "class=\"value\" text-anchor=\"end\""
                           : fmt::format("class=\"value\" text-anchor=\"end\" font-weight=\"bold\" fill=\"{}\"",
                                         warning_colour));
    out += "</g>\n";
  }
  out += "</svg>\n";
  return out;
}

// ----- roofline ------------------------------------------------------------------------------

std::string roofline(const Roofline& chart) {
  const double bandwidth =
      std::isfinite(chart.bandwidth_bytes_per_s) && chart.bandwidth_bytes_per_s > 0 ? chart.bandwidth_bytes_per_s : 0;
  std::vector<const Roof*> roofs;
  for (const Roof& r : chart.roofs)
    if (drawable(r.peak_flops, true)) roofs.push_back(&r);
  std::vector<const RooflinePoint*> points;
  for (const RooflinePoint& p : chart.points)
    if (drawable(p.intensity, true) && drawable(p.flops, true)) points.push_back(&p);
  if (roofs.empty() && points.empty()) return "";

  Range xr, yr;
  for (const RooflinePoint* p : points) {
    xr.add(p->intensity);
    yr.add(p->flops);
  }
  for (const Roof* r : roofs) {
    yr.add(r->peak_flops);
    if (bandwidth > 0) xr.add(r->peak_flops / bandwidth);  // the ridge point
  }
  // Margins: half a decade of intensity either side, so the slope shows left of the first ridge;
  // a third of a decade of performance.
  Scale x = xr.empty() ? log_scale(0.1, 100) : log_scale(xr.min / 3.2, xr.max * 3.2);
  Scale y = log_scale(yr.min / 2.1, yr.max * 2.1);
  Plot plot;
  x.from = plot.left;
  x.to = plot.right;
  y.from = plot.bottom;
  y.to = plot.top;
  const double xmin = std::pow(10.0, x.lo), xmax = std::pow(10.0, x.hi), ymin = std::pow(10.0, y.lo);

  std::string out = svg_open(plot.bottom + 48, chart.title);
  out += frame(plot, x, y, "arithmetic intensity (FLOP/byte)", "performance (FLOP/s)");

  // Labels drawn so far (roofs', the memory roof's), which the points' labels keep clear of.
  struct Box { double x0, y0, x1, y1; };
  std::vector<Box> placed;
  for (std::size_t i = 0; i < roofs.size(); ++i) {
    const double peak = roofs[i]->peak_flops;
    std::vector<Point> line;
    if (bandwidth > 0) {
      // Start where the slope enters the plot (the bottom edge or the left one).
      const double start = std::max(xmin, ymin / bandwidth);
      const double ridge = peak / bandwidth;
      line.push_back({start, std::min(peak, bandwidth * start)});
      if (ridge > start && ridge < xmax) line.push_back({ridge, peak});
      line.push_back({xmax, std::min(peak, bandwidth * xmax)});
    } else {
      line = {{xmin, peak}, {xmax, peak}};
    }
    std::string coordinates;
    for (const Point& p : line) {
      if (!coordinates.empty()) coordinates += ' ';
      coordinates += num(x.at(p.x)) + ',' + num(y.at(p.y));
    }
    out += fmt::format("<polyline class=\"roof\" points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\"{}/>\n",
                       coordinates, colour(i), *dash(i) ? fmt::format(" stroke-dasharray=\"{}\"", dash(i)) : "");
    // Label above the flat part at the right; below it when a higher roof runs just above.
    double ly = y.at(peak) - 6;
    const bool crowded = std::any_of(roofs.begin(), roofs.end(), [&](const Roof* other) {
      return other->peak_flops > peak && y.at(peak) - y.at(other->peak_flops) < 20;
    });
    if (crowded) ly += 20;
    const std::string roof_label = fmt::format("{}: {}", roofs[i]->label, format_si(peak, "FLOP/s"));
    placed.push_back({plot.right - 4 - text_width(roof_label, tick_font), ly - tick_font, plot.right - 4, ly + 2});
    out += text(plot.right - 4, ly, roof_label,
                fmt::format("class=\"roof-label\" text-anchor=\"end\" fill=\"{}\"", colour(i) == palette[1] ? ink : colour(i)));
  }

  // The memory roof's label, along the slope below the lowest ridge.
  if (bandwidth > 0 && !roofs.empty()) {
    double lowest = roofs.front()->peak_flops;
    for (const Roof* r : roofs) lowest = std::min(lowest, r->peak_flops);
    const double start = std::max(xmin, ymin / bandwidth);
    const double end = std::min(xmax, lowest / bandwidth);
    if (end > start) {
      const double x1 = x.at(start), y1 = y.at(bandwidth * start), x2 = x.at(end), y2 = y.at(bandwidth * end);
      const double angle = std::atan2(y2 - y1, x2 - x1) * 180 / 3.14159265358979323846;
      const double mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
      // The slanted label's extent, roughly: its width along the slope, projected.
      const std::string memory_label = "memory " + format_si(bandwidth, "B/s");
      const double half = text_width(memory_label, tick_font) / 2;
      const double c = std::cos(angle * 3.14159265358979323846 / 180), sn = std::sin(angle * 3.14159265358979323846 / 180);
      placed.push_back({mx - half * std::fabs(c), my - 6 - half * std::fabs(sn) - tick_font, mx + half * std::fabs(c),
                        my - 6 + half * std::fabs(sn)});
      out += fmt::format(
          "<text class=\"roof-label\" text-anchor=\"middle\" font-size=\"{}\" fill=\"{}\" "
          "transform=\"translate({} {}) rotate({:.1f})\" dy=\"-6\">{}</text>\n",
          tick_font, muted, num(mx), num(my), angle, escape("memory " + format_si(bandwidth, "B/s")));
    }
  }

  // Each point's label goes to the first corner (above or below, right or left of the marker)
  // where it overlaps no marker, no roof label and no label placed before it.
  for (const RooflinePoint* p : points) {
    const double px = x.at(p->intensity), py = y.at(p->flops);
    placed.push_back({px - 4, py - 4, px + 4, py + 4});
  }
  for (const RooflinePoint* p : points) {
    const double px = x.at(p->intensity), py = y.at(p->flops);
    out += "<g class=\"kernel\">\n";
    out += circle(px, py, ink,
                  fmt::format("{}: {} FLOP/byte, {}", p->label, value_text(p->intensity), format_si(p->flops, "FLOP/s")));
    const double w = text_width(p->label, tick_font), h = tick_font;
    const bool right_half = px > (plot.left + plot.right) / 2;
    // {to the right, dy}: the four corners first, then further down and up, away from crowded roofs.
    const std::array<std::pair<bool, double>, 12> corners = {{{!right_half, -6},
                                                              {!right_half, 6 + h},
                                                              {right_half, -6},
                                                              {right_half, 6 + h},
                                                              {!right_half, 6 + 2 * h},
                                                              {!right_half, -6 - h},
                                                              {right_half, 6 + 2 * h},
                                                              {right_half, -6 - h},
                                                              {!right_half, 6 + 3 * h},
                                                              {!right_half, -6 - 2 * h},
                                                              {right_half, 6 + 3 * h},
                                                              {right_half, -6 - 2 * h}}};
    bool to_right = corners[0].first;
    double baseline = py + corners[0].second;
    for (const auto& [right, dy] : corners) {
      const double x0 = right ? px + 6 : px - 6 - w, y1 = py + dy;
      const Box box{x0, y1 - h, x0 + w, y1};
      const bool clear = std::none_of(placed.begin(), placed.end(), [&](const Box& b) {
        return box.x0 < b.x1 && b.x0 < box.x1 && box.y0 < b.y1 && b.y0 < box.y1;
      });
      if (clear) {
        to_right = right;
        baseline = y1;
        break;
      }
    }
    const double x0 = to_right ? px + 6 : px - 6 - w;
    placed.push_back({x0, baseline - h, x0 + w, baseline});
    out += text(to_right ? px + 6 : px - 6, baseline, p->label,
                fmt::format("class=\"point-label\" font-size=\"{}\"{}", tick_font,
                            to_right ? "" : " text-anchor=\"end\""));
    out += "</g>\n";
  }
  out += "</svg>\n";
  return out;
}

}  // namespace suanli::report::svg
