#include "solvers/navier_stokes/flow_files.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>

#include <fmt/format.h>

#include "solvers/navier_stokes/centreline.hpp"

namespace suanli::solvers::navier_stokes {

namespace {

// Velocity at cell centres, faces averaged; the west (south) face of the first cell is the wall's
// zero in the cavity, the last cell's face across the periodic seam for Taylor–Green.
struct CentreVelocity {
  int n = 0;
  double length = 1;
  std::vector<double> u, v;
  double at_u(int i, int j) const { return u[static_cast<std::size_t>(j) * n + i]; }
  double at_v(int i, int j) const { return v[static_cast<std::size_t>(j) * n + i]; }
};

CentreVelocity centre_velocity(const FlowFields& f) {
  const bool periodic = f.periodic;
  CentreVelocity c{f.n, f.length, std::vector<double>(f.u.size()), std::vector<double>(f.v.size())};
  for (int j = 0; j < f.n; ++j)
    for (int i = 0; i < f.n; ++i) {
      const double u_west = i > 0 ? f.u_at(i - 1, j) : (periodic ? f.u_at(f.n - 1, j) : 0.0);
      const double v_south = j > 0 ? f.v_at(i, j - 1) : (periodic ? f.v_at(i, f.n - 1) : 0.0);
      c.u[static_cast<std::size_t>(j) * f.n + i] = 0.5 * (u_west + f.u_at(i, j));
      c.v[static_cast<std::size_t>(j) * f.n + i] = 0.5 * (v_south + f.v_at(i, j));
    }
  return c;
}

// Bilinear interpolation of the centre velocity at (x, y), clamped to the outermost centres.
std::array<double, 2> velocity_at(const CentreVelocity& c, double x, double y) {
  const double h = c.length / c.n;
  const double fx = std::clamp(x / h - 0.5, 0.0, c.n - 1.0), fy = std::clamp(y / h - 0.5, 0.0, c.n - 1.0);
  const int i = std::min(static_cast<int>(fx), c.n - 2), j = std::min(static_cast<int>(fy), c.n - 2);
  const double wx = fx - i, wy = fy - j;
  auto blend = [&](auto at) {
    return (1 - wy) * ((1 - wx) * at(i, j) + wx * at(i + 1, j)) + wy * ((1 - wx) * at(i, j + 1) + wx * at(i + 1, j + 1));
  };
  return {blend([&](int a, int b) { return c.at_u(a, b); }), blend([&](int a, int b) { return c.at_v(a, b); })};
}

// A perceptually ordered colour map (viridis, 5 stops, linear between them).
std::string colour(double t) {
  static const std::array<std::array<double, 3>, 5> stops = {{{68, 1, 84}, {59, 82, 139}, {33, 145, 140},
                                                              {94, 201, 98}, {253, 231, 37}}};
  t = std::clamp(t, 0.0, 1.0) * (stops.size() - 1);
  const std::size_t k = std::min<std::size_t>(static_cast<std::size_t>(t), stops.size() - 2);
  const double w = t - static_cast<double>(k);
  std::array<int, 3> rgb{};
  for (int c = 0; c < 3; ++c) rgb[c] = static_cast<int>(std::lround((1 - w) * stops[k][c] + w * stops[k + 1][c]));
  return fmt::format("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]);
}

// A streamline from (x, y) by midpoint steps of fixed length, until it leaves the box, stalls,
// or closes on itself (steady recirculation).
std::vector<std::array<double, 2>> trace(const CentreVelocity& c, double x, double y) {
  const double step = c.length / 200;
  std::vector<std::array<double, 2>> points = {{x, y}};
  for (int k = 0; k < 3000; ++k) {
    auto [u, v] = velocity_at(c, x, y);
    double speed = std::hypot(u, v);
    if (speed < 1e-9) break;
    const double xm = x + 0.5 * step * u / speed, ym = y + 0.5 * step * v / speed;
    auto [um, vm] = velocity_at(c, xm, ym);
    speed = std::hypot(um, vm);
    if (speed < 1e-9) break;
    x += step * um / speed;
    y += step * vm / speed;
    if (x < 0 || y < 0 || x > c.length || y > c.length) break;
    points.push_back({x, y});
    if (k > 20 && std::hypot(x - points[0][0], y - points[0][1]) < 0.6 * step) break;
  }
  return points;
}

}  // namespace

std::string profiles_csv(const FlowFields& f, double re) {
  std::string out = fmt::format(
      "# suanli cfd: lid-driven cavity, Re={:g}, {} cells per side; positions in units of the side L, velocities in "
      "units of the lid speed U\n"
      "# u_vertical: u on the vertical centreline x = 0.5 at y = position; v_horizontal: v on the horizontal "
      "centreline y = 0.5 at x = position\n"
      "position,u_vertical,v_horizontal\n",
      re, f.n);
  auto row = [&](double s) {
    fmt::format_to(std::back_inserter(out), "{:.6f},{:.6f},{:.6f}\n", s, cavity_u_at(f, 0.5, s), cavity_v_at(f, s, 0.5));
  };
  row(0);
  for (int m = 0; m < f.n; ++m) row((m + 0.5) / f.n);
  row(1);
  return out;
}

std::string flow_svg(const FlowFields& f, const std::string& title) {
  const CentreVelocity c = centre_velocity(f);
  const int tiles = std::min(f.n, 64);
  const double size = 512, margin = 40, top = 40;
  const double tile = size / tiles;
  std::vector<double> speed(static_cast<std::size_t>(tiles) * tiles);
  double max_speed = 0;
  for (int b = 0; b < tiles; ++b)
    for (int a = 0; a < tiles; ++a) {
      auto [u, v] = velocity_at(c, (a + 0.5) * c.length / tiles, (b + 0.5) * c.length / tiles);
      speed[static_cast<std::size_t>(b) * tiles + a] = std::hypot(u, v);
      max_speed = std::max(max_speed, std::hypot(u, v));
    }
  if (!(max_speed > 0)) max_speed = 1;
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"sans-serif\" font-size=\"13\">\n<text x=\"{2}\" y=\"24\">{3}: speed |u|/U and streamlines</text>\n"
      "<g shape-rendering=\"crispEdges\">\n",
      size + 2 * margin + 60, size + top + margin, margin, title);
  // y grows upwards in the flow, downwards in SVG.
  auto sx = [&](double x) { return margin + x / c.length * size; };
  auto sy = [&](double y) { return top + size - y / c.length * size; };
  for (int b = 0; b < tiles; ++b)
    for (int a = 0; a < tiles; ++a)
      fmt::format_to(std::back_inserter(out), "<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" fill=\"{}\"/>\n",
                     margin + a * tile, top + size - (b + 1) * tile, tile + 0.05, tile + 0.05,
                     colour(speed[static_cast<std::size_t>(b) * tiles + a] / max_speed));
  out += "</g>\n<g fill=\"none\" stroke=\"white\" stroke-width=\"1\" stroke-opacity=\"0.85\">\n";
  // Seeds along the diagonal: it crosses the cavity's vortex and the Taylor–Green vortex centres, so
  // the closed streamlines come out nested and apart.
  constexpr int seeds = 16;
  for (int k = 1; k <= seeds; ++k) {
    const double s = (k - 0.5) * c.length / seeds;
    const auto line = trace(c, s, s);
    if (line.size() < 3) continue;
    out += "<polyline points=\"";
    for (const auto& p : line) fmt::format_to(std::back_inserter(out), "{:.1f},{:.1f} ", sx(p[0]), sy(p[1]));
    out += "\"/>\n";
  }
  out += "</g>\n";
  // Colour bar.
  const double bar_x = margin + size + 15;
  for (int k = 0; k < 64; ++k)
    fmt::format_to(std::back_inserter(out), "<rect x=\"{:.1f}\" y=\"{:.2f}\" width=\"14\" height=\"{:.2f}\" fill=\"{}\"/>\n",
                   bar_x, top + size - (k + 1) * size / 64, size / 64 + 0.05, colour((k + 0.5) / 64));
  fmt::format_to(std::back_inserter(out),
                 "<text x=\"{0:.1f}\" y=\"{1:.1f}\">{2:.3g}</text>\n<text x=\"{0:.1f}\" y=\"{3:.1f}\">0</text>\n"
                 "<rect x=\"{4}\" y=\"{5}\" width=\"{6}\" height=\"{6}\" fill=\"none\" stroke=\"black\"/>\n</svg>\n",
                 bar_x + 18, top + 10, max_speed, top + size, margin, top, size);
  return out;
}

std::string vtk_legacy(const FlowFields& f) {
  const CentreVelocity c = centre_velocity(f);
  const double h = f.h();
  std::string out = fmt::format(
      "# vtk DataFile Version 3.0\nsuanli cfd: pressure and velocity at cell centres\nASCII\n"
      "DATASET STRUCTURED_POINTS\nDIMENSIONS {0} {0} 1\nORIGIN 0 0 0\nSPACING {1:.17g} {1:.17g} 1\n"
      "CELL_DATA {2}\nSCALARS pressure double 1\nLOOKUP_TABLE default\n",
      f.n + 1, h, static_cast<long>(f.n) * f.n);
  for (double p : f.p) fmt::format_to(std::back_inserter(out), "{:.9g}\n", p);
  out += "VECTORS velocity double\n";
  for (std::size_t k = 0; k < c.u.size(); ++k) fmt::format_to(std::back_inserter(out), "{:.9g} {:.9g} 0\n", c.u[k], c.v[k]);
  return out;
}

}  // namespace suanli::solvers::navier_stokes
