// The distributed LU's x against LAPACK's serial dgesv (OpenBLAS's LAPACK) on
// the same generated system, on every grid shape the world size allows.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "par/process_grid.hpp"
#include "par/world.hpp"
#include "solvers/lu/lu_solver.hpp"
#include "../support/lapack_reference.hpp"

namespace suanli::solvers::lu {
namespace {

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
