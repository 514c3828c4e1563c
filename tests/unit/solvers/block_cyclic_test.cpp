#include "solvers/lu/block_cyclic.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace suanli::solvers::lu {
namespace {

TEST(BlockCyclicAxis, OwnerAndLocalIndexFollowTheCyclicBlocks) {
  const BlockCyclicAxis axis{10, 2, 3};  // blocks {0,1}{2,3}{4,5}{6,7}{8,9} -> procs 0 1 2 0 1
  EXPECT_EQ(axis.owner(0), 0);
  EXPECT_EQ(axis.owner(3), 1);
  EXPECT_EQ(axis.owner(5), 2);
  EXPECT_EQ(axis.owner(6), 0);
  EXPECT_EQ(axis.owner(9), 1);
  EXPECT_EQ(axis.to_local(6), 2);
  EXPECT_EQ(axis.to_local(7), 3);
  EXPECT_EQ(axis.to_local(9), 3);
  EXPECT_EQ(axis.to_global(3, 1), 9);
}

TEST(BlockCyclicAxis, LocalSizesAreNumroc) {
  const BlockCyclicAxis axis{10, 2, 3};
  EXPECT_EQ(axis.local_size(0), 4);
  EXPECT_EQ(axis.local_size(1), 4);
  EXPECT_EQ(axis.local_size(2), 2);
  const BlockCyclicAxis small{5, 8, 4};  // n < nb: all on process 0
  EXPECT_EQ(small.local_size(0), 5);
  EXPECT_EQ(small.local_size(3), 0);
}

TEST(BlockCyclicAxis, RoundTripsEveryIndexForManyShapes) {
  for (long n : {1L, 7L, 64L, 97L, 200L}) {
    for (int nb : {1, 3, 8, 64}) {
      for (int procs : {1, 2, 3, 4}) {
        const BlockCyclicAxis axis{n, nb, procs};
        std::vector<long> seen(static_cast<size_t>(procs), 0);
        long total = 0;
        for (long g = 0; g < n; ++g) {
          const int p = axis.owner(g);
          const long l = axis.to_local(g);
          ASSERT_EQ(l, seen[static_cast<size_t>(p)]) << "n=" << n << " nb=" << nb << " procs=" << procs;
          ASSERT_EQ(axis.to_global(l, p), g);
          ASSERT_EQ(axis.count_below(g, p), l);
          ++seen[static_cast<size_t>(p)];
        }
        for (int p = 0; p < procs; ++p) {
          EXPECT_EQ(axis.local_size(p), seen[static_cast<size_t>(p)]);
          total += axis.local_size(p);
        }
        EXPECT_EQ(total, n);
      }
    }
  }
}

}  // namespace
}  // namespace suanli::solvers::lu
