#include "solvers/navier_stokes/centreline.hpp"

#include <algorithm>
#include <cmath>

namespace suanli::solvers::navier_stokes {

namespace {

// Linear interpolation along a line of staggered values q(m) at (m + ½)h, m = 0..n−1, with the
// wall values at 0 and 1.
template <typename Value>
double along_cells(double s, int n, double wall_low, double wall_high, Value q) {
  const double h = 1.0 / n;
  const double m = s / h - 0.5;
  if (m <= 0) return wall_low + (q(0) - wall_low) * std::clamp(s / (0.5 * h), 0.0, 1.0);
  if (m >= n - 1) return q(n - 1) + (wall_high - q(n - 1)) * std::clamp((s - (n - 0.5) * h) / (0.5 * h), 0.0, 1.0);
  const int k = static_cast<int>(m);
  const double w = m - k;
  return (1 - w) * q(k) + w * q(k + 1);
}

// The face lines x = k·h (u) or y = k·h (v), k = 0..n: 0 and n are walls with zero normal velocity.
template <typename Line>
double across_faces(double s, int n, Line line) {
  const double m = std::clamp(s * n, 0.0, static_cast<double>(n));
  const int k = std::min(static_cast<int>(m), n - 1);
  const double w = m - k;
  return (1 - w) * line(k) + w * line(k + 1);
}

}  // namespace

double cavity_u_at(const FlowFields& f, double x, double y) {
  return across_faces(x, f.n, [&](int k) {
    if (k == 0 || k == f.n) return 0.0;
    return along_cells(y, f.n, 0.0, 1.0, [&](int m) { return f.u_at(k - 1, m); });
  });
}

double cavity_v_at(const FlowFields& f, double x, double y) {
  return across_faces(y, f.n, [&](int k) {
    if (k == 0 || k == f.n) return 0.0;
    return along_cells(x, f.n, 0.0, 0.0, [&](int m) { return f.v_at(m, k - 1); });
  });
}

GhiaComparison compare_with_ghia(const FlowFields& fields, const GhiaTable& table) {
  GhiaComparison c;
  for (const ProfilePoint& p : table.u_vertical)
    c.max_u_difference = std::max(c.max_u_difference, std::abs(cavity_u_at(fields, 0.5, p.position) - p.value));
  for (const ProfilePoint& p : table.v_horizontal)
    c.max_v_difference = std::max(c.max_v_difference, std::abs(cavity_v_at(fields, p.position, 0.5) - p.value));
  return c;
}

double ghia_tolerance(int n) {
  if (n >= 128) return 0.01;
  if (n >= 64) return 0.02;
  if (n >= 32) return 0.05;
  return 0.15;
}

}  // namespace suanli::solvers::navier_stokes
