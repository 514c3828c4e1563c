// Summary statistics of repeated trials.
#pragma once

#include <span>

namespace suanli {

struct Stats {
  int count = 0;
  double median = 0;
  double min = 0;
  double max = 0;
  double mean = 0;
  double cv = 0;  // coefficient of variation: sample standard deviation / mean
};

// Statistics of the samples; an empty span gives count 0 and zeros.
Stats summarize(std::span<const double> samples);

}  // namespace suanli
