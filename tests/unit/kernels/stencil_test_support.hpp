// Fields for the stencil tests: random contents, and entry-by-entry comparison.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "kernels/stencil/field.hpp"

namespace suanli::kernels::stencil::test_support {

inline Field random_field(int nx, int ny, unsigned seed) {
  Field f(nx, ny);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> value(-1, 1);
  for (double& x : f.data) x = value(rng);
  return f;
}

inline void expect_same(const Field& a, const Field& b, double relative_tolerance) {
  ASSERT_EQ(a.data.size(), b.data.size());
  for (std::size_t k = 0; k < a.data.size(); ++k)
    ASSERT_NEAR(a.data[k], b.data[k], relative_tolerance * (1 + std::abs(a.data[k]))) << "entry " << k;
}

}  // namespace suanli::kernels::stencil::test_support
