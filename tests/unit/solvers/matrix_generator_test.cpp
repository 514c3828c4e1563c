#include "solvers/lu/matrix_generator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "solvers/lu/block_cyclic.hpp"

namespace suanli::solvers::lu {
namespace {

TEST(LuMatrixGenerator, EntriesAreInTheHalfOpenRangeAndNotConstant) {
  const MatrixGenerator generator(50, 7);
  double lo = 1.0;
  double hi = -1.0;
  double sum = 0.0;
  for (long i = 0; i < 50; ++i) {
    for (long j = 0; j <= 50; ++j) {
      const double v = generator.augmented(i, j);
      ASSERT_GE(v, -0.5);
      ASSERT_LT(v, 0.5);
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      sum += v;
    }
  }
  EXPECT_LT(lo, -0.45);
  EXPECT_GT(hi, 0.45);
  EXPECT_LT(std::abs(sum / (50.0 * 51.0)), 0.05);
}

TEST(LuMatrixGenerator, EntryDependsOnSeedAndPositionOnly) {
  const MatrixGenerator first(100, 42);
  const MatrixGenerator again(100, 42);
  const MatrixGenerator other_seed(100, 43);
  EXPECT_EQ(first.a(17, 33), again.a(17, 33));
  EXPECT_EQ(first.b(5), first.a(5, 100));
  EXPECT_NE(first.a(17, 33), other_seed.a(17, 33));
  EXPECT_NE(first.a(17, 33), first.a(33, 17));
}

TEST(LuMatrixGenerator, EntriesDoNotDependOnTheOrderTheyAreGenerated) {
  // No hidden state: a rank may generate its block-cyclic pieces in any order (jump-ahead).
  const MatrixGenerator generator(37, 3);
  std::vector<double> forward;
  for (long i = 0; i < 37; ++i) {
    for (long j = 0; j <= 37; ++j) forward.push_back(generator.augmented(i, j));
  }
  const MatrixGenerator fresh(37, 3);
  for (long i = 36; i >= 0; --i) {
    for (long j = 37; j >= 0; --j) {
      ASSERT_EQ(fresh.augmented(i, j), forward[static_cast<size_t>(i * 38 + j)]);
    }
  }
  // Every block-cyclic owner sees the same global entry whatever the grid: owners are computed
  // from the index alone, and the entry from (seed, i, j) alone.
  for (int procs : {1, 2, 3}) {
    const BlockCyclicAxis axis{37, 5, procs};
    for (int p = 0; p < procs; ++p) {
      for (long l = 0; l < axis.local_size(p); ++l) {
        const long g = axis.to_global(l, p);
        EXPECT_EQ(fresh.a(g, 36 - g), forward[static_cast<size_t>(g * 38 + 36 - g)]);
      }
    }
  }
}

TEST(LuMatrixGenerator, DefaultKindIsHplsRandomMatrix) {
  const MatrixGenerator plain(40, 5);
  const MatrixGenerator random(40, 5, MatrixKind::random);
  EXPECT_EQ(plain.kind(), MatrixKind::random);
  for (long i = 0; i < 40; ++i)
    for (long j = 0; j <= 40; ++j) ASSERT_EQ(plain.augmented(i, j), random.augmented(i, j));
}

TEST(LuMatrixGenerator, DiagonallyDominantKindShiftsOnlyTheDiagonalOfA) {
  for (long n : {1L, 2L, 7L, 64L, 201L}) {
    const MatrixGenerator random(n, 11);
    const MatrixGenerator dominant(n, 11, MatrixKind::diagonally_dominant);
    for (long i = 0; i < n; ++i) {
      double off_diagonal = 0.0;
      for (long j = 0; j <= n; ++j) {
        if (j == i) continue;
        ASSERT_EQ(dominant.augmented(i, j), random.augmented(i, j)) << i << "," << j;  // b included
        if (j < n) off_diagonal += std::abs(dominant.a(i, j));
      }
      // Strictly dominant by rows, by a margin of at least 1: LU without pivoting is stable.
      EXPECT_GE(std::abs(dominant.a(i, i)), off_diagonal + 1.0) << "n=" << n << " i=" << i;
      EXPECT_DOUBLE_EQ(dominant.a(i, i), random.a(i, i) + 0.5 * static_cast<double>(n) + 1.0);
    }
  }
}

}  // namespace
}  // namespace suanli::solvers::lu
