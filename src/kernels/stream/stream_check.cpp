#include "kernels/stream/stream_check.hpp"

#include <algorithm>
#include <cmath>

namespace suanli::kernels::stream {

ExpectedValues expected_after(int rounds, double q) {
  ExpectedValues e;
  for (int k = 0; k < rounds; ++k) {
    e.c = e.a;
    e.b = q * e.c;
    e.c = e.a + e.b;
    e.a = e.b + q * e.c;
  }
  return e;
}

double max_relative_error(const double* x, std::size_t n, double expected) {
  double worst = 0;
#pragma omp parallel for reduction(max : worst) schedule(static)
  for (std::size_t i = 0; i < n; ++i) worst = std::max(worst, std::abs(x[i] - expected) / std::abs(expected));
  return worst;
}

}  // namespace suanli::kernels::stream
