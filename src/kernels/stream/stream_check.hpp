// STREAM's verification: after `rounds` rounds of copy, scale, add, triad from
// a = 1, b = 2, c = 0, every element of each array holds a value known in
// closed form (as STREAM's checkSTREAMresults computes it).
#pragma once

#include <cstddef>

namespace suanli::kernels::stream {

struct ExpectedValues {
  double a = 1, b = 2, c = 0;
};

// The starting values, then `rounds` rounds of the four kernels with scalar q.
ExpectedValues expected_after(int rounds, double q);

// max over i of |x[i] − expected| / |expected| (OpenMP-parallel). expected must not be 0.
double max_relative_error(const double* x, std::size_t n, double expected);

}  // namespace suanli::kernels::stream
