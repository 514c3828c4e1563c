// Summary statistics of repeated trials.
#pragma once

#include <span>
#include <vector>

namespace suanli {

struct Stats {
  int count = 0;
  double median = 0;
  double min = 0;
  double max = 0;
  double mean = 0;
  double cv = 0;  // coefficient of variation: sample standard deviation / mean
  // Median absolute deviation from the median: a spread that one outlier
  // among three trials does not move (the standard deviation it inflates).
  double mad = 0;
};

// Statistics of the samples; an empty span gives count 0 and zeros.
Stats summarize(std::span<const double> samples);

// The q-quantile (0 … 1) by nearest rank: the smallest sample with at least a
// share q of them at or below it (q = 0: the minimum). Reorders the samples
// (nth_element); 0 when there are none.
double quantile(std::vector<double>& samples, double q);

// The tail of a latency distribution, by nearest rank; zeros for no samples.
struct Percentiles {
  double p50 = 0, p99 = 0, p999 = 0;
};
Percentiles percentiles(std::vector<double> samples);

}  // namespace suanli
