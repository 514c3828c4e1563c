// The distributed LU on 1×1, 1×2, 2×1 and 2×2 grids: HPL's residual check passes for every
// broadcast variant and look-ahead depth, the solution does not depend on the grid, and a spoiled
// factorization is caught.
#include "solvers/lu/lu_solver.hpp"

#include <gtest/gtest.h>
#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <tuple>
#include <utility>
#include <vector>

#include "../support/lapack_reference.hpp"
#include "core/error.hpp"
#include "par/process_grid.hpp"
#include "solvers/lu/distributed_matrix.hpp"
#include "solvers/lu/matrix_generator.hpp"

namespace suanli::solvers::lu {
namespace {

int world_size() {
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}

struct GridShape {
  int p;
  int q;
};

// 1×4 and 4×1 also reach the scatter + allgather path of the bandwidth-reducing broadcast (Q > 2).
const std::vector<GridShape> all_grids{{1, 1}, {1, 2}, {2, 1}, {2, 2}, {1, 4}, {4, 1}};

// A grid of p×q over the world when it has that many ranks; nothing (skip) otherwise.
bool fits(const GridShape& shape) { return shape.p * shape.q == world_size(); }

LuOptions options_for(const GridShape& shape, long n, int nb, PanelBroadcast broadcast, int lookahead) {
  LuOptions options;
  options.n = n;
  options.nb = nb;
  options.p = shape.p;
  options.q = shape.q;
  options.broadcast = broadcast;
  options.lookahead = lookahead;
  options.panel_base_columns = 4;
  options.seed = 2024;
  return options;
}

TEST(LuProcessGrid, PlacesRanksRowMajorWithRowAndColumnCommunicators) {
  for (const GridShape& shape : all_grids) {
    if (!fits(shape)) continue;
    const par::ProcessGrid grid(shape.p, shape.q);
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    EXPECT_EQ(grid.my_row(), rank / shape.q);
    EXPECT_EQ(grid.my_col(), rank % shape.q);
    int row_size = 0;
    int row_rank = 0;
    int col_size = 0;
    int col_rank = 0;
    MPI_Comm_size(grid.row_comm(), &row_size);
    MPI_Comm_rank(grid.row_comm(), &row_rank);
    MPI_Comm_size(grid.col_comm(), &col_size);
    MPI_Comm_rank(grid.col_comm(), &col_rank);
    EXPECT_EQ(row_size, shape.q);
    EXPECT_EQ(col_size, shape.p);
    EXPECT_EQ(row_rank, grid.my_col());
    EXPECT_EQ(col_rank, grid.my_row());
  }
}

TEST(LuProcessGrid, GridThatDoesNotUseEveryRankIsAUsageError) {
  EXPECT_THROW(par::ProcessGrid(world_size() + 1, 1), UsageError);
}

TEST(LuDistributedMatrix, EveryRankHoldsTheGeneratorsEntriesOfItsBlocks) {
  for (const GridShape& shape : all_grids) {
    if (!fits(shape)) continue;
    const par::ProcessGrid grid(shape.p, shape.q);
    const MatrixGenerator generator(29, 5);
    DistributedMatrix<double> matrix(29, 30, 4, grid);
    matrix.fill(generator);
    double checksum = 0.0;
    for (long lj = 0; lj < matrix.local_cols(); ++lj) {
      for (long li = 0; li < matrix.local_rows(); ++li) {
        const long i = matrix.row_axis().to_global(li, grid.my_row());
        const long j = matrix.col_axis().to_global(lj, grid.my_col());
        ASSERT_EQ(matrix.local(li, lj), generator.augmented(i, j));
        checksum += matrix.local(li, lj);
      }
    }
    // Every entry is held exactly once across the grid.
    MPI_Allreduce(MPI_IN_PLACE, &checksum, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    double expected = 0.0;
    for (long i = 0; i < 29; ++i) {
      for (long j = 0; j < 30; ++j) expected += generator.augmented(i, j);
    }
    EXPECT_NEAR(checksum, expected, 1e-12);
  }
}

class LuSolverOnGrid : public ::testing::TestWithParam<std::tuple<PanelBroadcast, int>> {};

TEST_P(LuSolverOnGrid, ScaledResidualIsBelowSixteen) {
  const auto [broadcast, lookahead] = GetParam();
  bool ran = false;
  for (const GridShape& shape : all_grids) {
    if (!fits(shape)) continue;
    ran = true;
    const par::ProcessGrid grid(shape.p, shape.q);
    for (const auto& [n, nb] : std::vector<std::pair<long, int>>{{97, 8}, {200, 32}, {64, 64}, {45, 7}}) {
      const LuResult result = solve_lu<double>(grid, options_for(shape, n, nb, broadcast, lookahead));
      EXPECT_TRUE(result.passed) << shape.p << "x" << shape.q << " n=" << n << " nb=" << nb
                                 << " residual=" << result.scaled_residual;
      EXPECT_EQ(result.x.size(), static_cast<size_t>(n));
    }
  }
  if (!ran) GTEST_SKIP() << "no grid of the listed shapes has " << world_size() << " ranks";
}

INSTANTIATE_TEST_SUITE_P(BroadcastsAndLookahead, LuSolverOnGrid,
                         ::testing::Combine(::testing::Values(PanelBroadcast::increasing_ring,
                                                              PanelBroadcast::bandwidth_reducing,
                                                              PanelBroadcast::mpi_bcast),
                                            ::testing::Values(0, 1)));

double relative_difference(const std::vector<double>& x, const std::vector<double>& reference) {
  double diff = 0.0;
  double norm = 0.0;
  for (size_t i = 0; i < reference.size(); ++i) {
    diff = std::max(diff, std::abs(x[i] - reference[i]));
    norm = std::max(norm, std::abs(reference[i]));
  }
  return diff / norm;
}

TEST(LuSolverGrids, SolutionIsTheSameOnEveryGrid) {
  const long n = 150;
  const std::vector<double> reference = solve_with_dgesv(n, 2024);
  std::vector<std::vector<double>> solutions;
  for (const GridShape& shape : all_grids) {
    if (!fits(shape)) continue;
    const par::ProcessGrid grid(shape.p, shape.q);
    for (const int nb : {6, 16}) {
      const LuResult result = solve_lu<double>(grid, options_for(shape, n, nb, PanelBroadcast::bandwidth_reducing, 1));
      ASSERT_TRUE(result.passed);
      EXPECT_LT(relative_difference(result.x, reference), 1e-10) << shape.p << "x" << shape.q << " nb=" << nb;
      solutions.push_back(result.x);
    }
  }
  if (solutions.empty()) GTEST_SKIP() << "no grid of the listed shapes has " << world_size() << " ranks";
  for (const auto& x : solutions) EXPECT_LT(relative_difference(x, solutions.front()), 1e-10);
}

TEST(LuSolverGrids, LookAheadUpdateInChunksKeepsTheSolution) {
  // Trailing widths above 512 local columns are updated in chunks with MPI polled in between.
  const long n = 700;
  std::vector<std::vector<double>> solutions;
  for (const GridShape& shape : all_grids) {
    if (!fits(shape)) continue;
    const par::ProcessGrid grid(shape.p, shape.q);
    for (const int lookahead : {0, 1}) {
      const LuResult result =
          solve_lu<double>(grid, options_for(shape, n, 32, PanelBroadcast::increasing_ring, lookahead));
      EXPECT_TRUE(result.passed) << shape.p << "x" << shape.q << " residual " << result.scaled_residual;
      solutions.push_back(result.x);
    }
  }
  if (solutions.empty()) GTEST_SKIP() << "no grid of the listed shapes has " << world_size() << " ranks";
  for (const auto& x : solutions) EXPECT_LT(relative_difference(x, solutions.front()), 1e-10);
}

TEST(LuSolverGrids, CorruptedFactorFailsTheResidualCheck) {
  bool ran = false;
  for (const GridShape& shape : all_grids) {
    if (!fits(shape)) continue;
    ran = true;
    const par::ProcessGrid grid(shape.p, shape.q);
    LuTestHooks hooks;
    hooks.corrupt_l = true;
    const LuResult result =
        solve_lu<double>(grid, options_for(shape, 97, 8, PanelBroadcast::increasing_ring, 1), hooks);
    EXPECT_FALSE(result.passed) << "residual " << result.scaled_residual;
  }
  if (!ran) GTEST_SKIP() << "no grid of the listed shapes has " << world_size() << " ranks";
}

// Both panel base variants wherever they apply (left-looking only with P = 1), n not a multiple of
// nb, n below nb, odd n, tiny n (ranks without a row or a column), with and without look-ahead.
TEST(LuSolverGrids, EveryPanelBaseVerifiesAndAgrees) {
  std::vector<std::vector<double>> solutions;
  for (const GridShape& shape : all_grids) {
    if (!fits(shape)) continue;
    const par::ProcessGrid grid(shape.p, shape.q);
    std::vector<PanelBase> variants{PanelBase::automatic, PanelBase::right_looking};
    if (shape.p == 1) variants.push_back(PanelBase::left_looking);
    for (const PanelBase variant : variants)
      for (const int lookahead : {0, 1})
        for (const auto& [n, nb] : std::vector<std::pair<long, int>>{{151, 16}, {37, 64}, {130, 13}, {1, 3}, {2, 1}}) {
          LuOptions options = options_for(shape, n, nb, PanelBroadcast::increasing_ring, lookahead);
          options.panel_base = variant;
          const LuResult result = solve_lu<double>(grid, options);
          EXPECT_TRUE(result.passed) << shape.p << "x" << shape.q << " n=" << n << " nb=" << nb << " variant "
                                     << static_cast<int>(variant) << " residual " << result.scaled_residual;
          if (n == 151) solutions.push_back(result.x);
        }
  }
  if (solutions.empty()) GTEST_SKIP() << "no grid of the listed shapes has " << world_size() << " ranks";
  for (const auto& x : solutions) EXPECT_LT(relative_difference(x, solutions.front()), 1e-10);
}

TEST(LuSolverGrids, LeftLookingBaseWithSeveralProcessRowsIsAUsageError) {
  for (const GridShape& shape : all_grids) {
    if (!fits(shape) || shape.p == 1) continue;
    const par::ProcessGrid grid(shape.p, shape.q);
    LuOptions options = options_for(shape, 64, 8, PanelBroadcast::increasing_ring, 1);
    options.panel_base = PanelBase::left_looking;
    EXPECT_THROW(solve_lu<double>(grid, options), UsageError);
  }
}

}  // namespace
}  // namespace suanli::solvers::lu
