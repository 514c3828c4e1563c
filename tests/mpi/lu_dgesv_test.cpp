// The distributed LU's x against LAPACK's serial dgesv (OpenBLAS's LAPACK) on
// the same generated system, on every grid shape the world size allows.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "par/process_grid.hpp"
#include "par/world.hpp"
#include "solvers/lu/lu_solver.hpp"
#include "solvers/lu/matrix_generator.hpp"

extern "C" void dgesv_(const int* n, const int* nrhs, double* a, const int* lda, int* ipiv, double* b,
                       const int* ldb, int* info);

namespace suanli::solvers::lu {
namespace {

std::vector<double> solve_with_dgesv(long n, std::uint64_t seed) {
  const MatrixGenerator generator(n, seed);
  std::vector<double> a(static_cast<std::size_t>(n * n)), b(static_cast<std::size_t>(n));
  for (long j = 0; j < n; ++j)
    for (long i = 0; i < n; ++i) a[static_cast<std::size_t>(j * n + i)] = generator.a(i, j);  // column-major
  for (long i = 0; i < n; ++i) b[static_cast<std::size_t>(i)] = generator.b(i);
  const int order = static_cast<int>(n), one = 1;
  int info = 0;
  std::vector<int> pivots(static_cast<std::size_t>(n));
  dgesv_(&order, &one, a.data(), &order, pivots.data(), b.data(), &order, &info);
  EXPECT_EQ(info, 0);
  return b;
}

TEST(LuAgainstLapack, SolutionMatchesDgesvOnEveryGridShape) {
  par::World world;
  const int ranks = world.size();
  for (int p = 1; p <= ranks; ++p) {
    if (ranks % p != 0) continue;
    par::ProcessGrid grid(p, ranks / p);
    // n not a multiple of NB, and n below NB·P.
    for (auto [n, nb] : {std::pair<long, int>{150, 16}, {20, 16}, {64, 8}}) {
      SCOPED_TRACE(testing::Message() << p << "x" << ranks / p << " n=" << n << " nb=" << nb);
      LuOptions options;
      options.n = n;
      options.nb = nb;
      options.p = p;
      options.q = ranks / p;
      const LuResult solved = solve_lu<double>(grid, options);
      EXPECT_TRUE(solved.passed) << solved.scaled_residual;
      const std::vector<double> reference = solve_with_dgesv(n, options.seed);
      double worst = 0, norm = 0;
      for (long i = 0; i < n; ++i) {
        worst = std::max(worst, std::abs(solved.x[static_cast<std::size_t>(i)] - reference[static_cast<std::size_t>(i)]));
        norm = std::max(norm, std::abs(reference[static_cast<std::size_t>(i)]));
      }
      EXPECT_LT(worst / norm, 1e-9);
    }
  }
}

}  // namespace
}  // namespace suanli::solvers::lu
