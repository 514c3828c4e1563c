#include "core/stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace suanli {

Stats summarize(std::span<const double> samples) {
  Stats s;
  s.count = static_cast<int>(samples.size());
  if (samples.empty()) return s;
  std::vector<double> sorted(samples.begin(), samples.end());
  std::sort(sorted.begin(), sorted.end());
  const std::size_t n = sorted.size();
  s.min = sorted.front();
  s.max = sorted.back();
  s.median = n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  s.mean = std::accumulate(sorted.begin(), sorted.end(), 0.0) / static_cast<double>(n);
  if (n > 1 && s.mean != 0) {
    double sum_sq = 0;
    for (double x : sorted) sum_sq += (x - s.mean) * (x - s.mean);
    s.cv = std::sqrt(sum_sq / static_cast<double>(n - 1)) / std::abs(s.mean);
  }
  std::vector<double> deviations;
  deviations.reserve(n);
  for (double x : sorted) deviations.push_back(std::abs(x - s.median));
  std::sort(deviations.begin(), deviations.end());
  s.mad = n % 2 ? deviations[n / 2] : 0.5 * (deviations[n / 2 - 1] + deviations[n / 2]);
  return s;
}

double quantile(std::vector<double>& samples, double q) {
  if (samples.empty()) return 0;
  const auto n = static_cast<double>(samples.size());
  const std::size_t k = std::min(samples.size() - 1, static_cast<std::size_t>(std::ceil(q * n)) - (q > 0));
  std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(k), samples.end());
  return samples[k];
}

Percentiles percentiles(std::vector<double> samples) {
  return {quantile(samples, 0.5), quantile(samples, 0.99), quantile(samples, 0.999)};
}

}  // namespace suanli
