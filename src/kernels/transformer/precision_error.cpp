#include "kernels/transformer/precision_error.hpp"

#include <cmath>
#include <limits>

namespace suanli::kernels::transformer {

PrecisionError compare_outputs(const std::vector<float>& actual, const std::vector<float>& expected) {
  constexpr double infinite = std::numeric_limits<double>::infinity();
  if (actual.size() != expected.size() || expected.empty()) return {infinite, infinite};
  double square = 0;
  for (float e : expected) square += static_cast<double>(e) * e;
  const double rms = std::sqrt(square / static_cast<double>(expected.size()));
  double worst = 0, total = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    if (!std::isfinite(actual[i])) return {infinite, infinite};
    const double difference = std::fabs(static_cast<double>(actual[i]) - expected[i]);
    worst = std::max(worst, difference);
    total += difference;
  }
  const double scale = rms > 0 ? rms : 1.0;
  return {worst / scale, total / static_cast<double>(actual.size()) / scale};
}

PrecisionTolerance tolerance_versus_fp32(Precision p) {
  double resolution = 0;
  switch (p) {
    case Precision::bf16: resolution = std::ldexp(1.0, -8); break;
    case Precision::int8: resolution = 1.0 / 254; break;
    case Precision::fp32: resolution = std::ldexp(1.0, -24); break;
    default: resolution = 1; break;
  }
  return {32 * resolution, 4 * resolution};
}

}  // namespace suanli::kernels::transformer
