// The test oracle for the distributed LU: LAPACK's serial dgesv (OpenBLAS's
// LAPACK) on the same generated system, solved by one process alone.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "solvers/lu/matrix_generator.hpp"

extern "C" void dgesv_(const int* n, const int* nrhs, double* a, const int* lda, int* ipiv, double* b,
                       const int* ldb, int* info);

namespace suanli::solvers::lu {

inline std::vector<double> solve_with_dgesv(long n, std::uint64_t seed) {
  const MatrixGenerator generator(n, seed);
  std::vector<double> a(static_cast<std::size_t>(n * n)), b(static_cast<std::size_t>(n));
  for (long j = 0; j < n; ++j)
    for (long i = 0; i < n; ++i) a[static_cast<std::size_t>(j * n + i)] = generator.a(i, j);  // column-major
  for (long i = 0; i < n; ++i) b[static_cast<std::size_t>(i)] = generator.b(i);
  const int order = static_cast<int>(n), one = 1;
  int info = 0;
  std::vector<int> pivots(static_cast<std::size_t>(n));
  dgesv_(&order, &one, a.data(), &order, pivots.data(), b.data(), &order, &info);
  EXPECT_EQ(info, 0) << "dgesv failed";
  return b;
}

}  // namespace suanli::solvers::lu
