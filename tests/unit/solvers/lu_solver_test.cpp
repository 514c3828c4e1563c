// The LU solver on one process (a 1×1 grid) against LAPACK dgesv on the same system.
#include "solvers/lu/lu_solver.hpp"

#include <gtest/gtest.h>
#include <mpi.h>

#include <cmath>
#include <cstdlib>
#include <tuple>
#include <utility>
#include <vector>

#include "../../support/lapack_reference.hpp"
#include "../../support/mpi_singleton.hpp"
#include "core/error.hpp"
#include "par/process_grid.hpp"
#include "solvers/lu/matrix_generator.hpp"

namespace suanli::solvers::lu {
namespace {

using suanli::test_support::ensure_mpi;

void expect_matches_naive(long n, int nb, int panel_base, int lookahead, PanelBase variant = PanelBase::automatic) {
  ensure_mpi();
  const par::ProcessGrid grid(1, 1);
  LuOptions options;
  options.n = n;
  options.nb = nb;
  options.panel_base_columns = panel_base;
  options.panel_base = variant;
  options.lookahead = lookahead;
  options.seed = 11;
  const LuResult result = solve_lu<double>(grid, options);
  EXPECT_TRUE(result.passed) << "scaled residual " << result.scaled_residual;
  EXPECT_LT(result.scaled_residual, residual_threshold);
  const std::vector<double> expected = solve_with_dgesv(n, options.seed);
  ASSERT_EQ(result.x.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    ASSERT_NEAR(result.x[i], expected[i], 1e-8 * (1.0 + std::abs(expected[i])))
        << "n=" << n << " nb=" << nb << " i=" << i;
  }
}

TEST(LuSolverSingleProcess, MatchesNaiveSolveWhenNbDividesN) { expect_matches_naive(64, 16, 4, 1); }
TEST(LuSolverSingleProcess, MatchesNaiveSolveWhenNIsNotAMultipleOfNb) { expect_matches_naive(97, 8, 16, 1); }
TEST(LuSolverSingleProcess, MatchesNaiveSolveWhenNIsBelowNb) { expect_matches_naive(13, 32, 4, 0); }
TEST(LuSolverSingleProcess, MatchesNaiveSolveWithNbOne) { expect_matches_naive(23, 1, 16, 1); }
TEST(LuSolverSingleProcess, RecursivePanelMatchesNaiveSolve) { expect_matches_naive(150, 48, 2, 0); }

// Both base-block variants, at sizes where blocks, bases and n do not divide each other.
TEST(LuSolverSingleProcess, LeftLookingBaseMatchesNaiveSolve) {
  for (const auto& [n, nb, base] : {std::tuple{97L, 8, 16}, {150L, 48, 5}, {13L, 32, 32}, {61L, 20, 1}, {1L, 4, 4}})
    expect_matches_naive(n, nb, base, 1, PanelBase::left_looking);
}
TEST(LuSolverSingleProcess, RightLookingBaseMatchesNaiveSolve) {
  for (const auto& [n, nb, base] : {std::tuple{97L, 8, 16}, {150L, 48, 5}, {13L, 32, 32}, {61L, 20, 1}, {1L, 4, 4}})
    expect_matches_naive(n, nb, base, 1, PanelBase::right_looking);
}

TEST(LuSolverSingleProcess, FloatSolvePassesItsOwnResidualCheck) {
  ensure_mpi();
  const par::ProcessGrid grid(1, 1);
  LuOptions options;
  options.n = 120;
  options.nb = 16;
  const LuResult result = solve_lu<float>(grid, options);
  EXPECT_TRUE(result.passed) << "scaled residual " << result.scaled_residual;
}

TEST(LuSolverSingleProcess, CorruptedFactorFailsTheResidualCheck) {
  ensure_mpi();
  const par::ProcessGrid grid(1, 1);
  LuOptions options;
  options.n = 80;
  options.nb = 16;
  LuTestHooks hooks;
  hooks.corrupt_l = true;
  const LuResult result = solve_lu<double>(grid, options, hooks);
  EXPECT_FALSE(result.passed);
  EXPECT_GT(result.scaled_residual, 1000.0);
}

TEST(LuSolverSingleProcess, FlopCountIsHplFormula) { EXPECT_DOUBLE_EQ(lu_flops(1000), 2.0 / 3.0 * 1e9 + 1.5e6); }

TEST(LuSolverSingleProcess, WorkDoneFollowsTheShrinkingTrailingMatrix) {
  EXPECT_DOUBLE_EQ(work_done(0, 48), 0);
  EXPECT_DOUBLE_EQ(work_done(24, 48), 0.875);  // half the panels: seven eighths of the work
  EXPECT_DOUBLE_EQ(work_done(48, 48), 1);
}

TEST(LuSolverSingleProcess, GridOfWrongSizeIsAUsageError) {
  ensure_mpi();
  EXPECT_THROW(par::ProcessGrid(2, 2), UsageError);
}

}  // namespace
}  // namespace suanli::solvers::lu
