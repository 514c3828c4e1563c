#include "par/world.hpp"

#include <gtest/gtest.h>
#include <mpi.h>

namespace suanli::par {
namespace {

TEST(MpiWorld, ReductionsSeeEveryRank) {
  World world;
  const double r = world.rank();
  const double n = world.size();
  EXPECT_DOUBLE_EQ(world.sum(r + 1), n * (n + 1) / 2);
  EXPECT_DOUBLE_EQ(world.max(r), n - 1);
  EXPECT_DOUBLE_EQ(world.min(r), 0);
  EXPECT_TRUE(world.all(true));
  EXPECT_FALSE(world.all(world.rank() != 0));
  auto gathered = world.all_gather(r * 10);
  ASSERT_EQ(gathered.size(), static_cast<std::size_t>(world.size()));
  for (int i = 0; i < world.size(); ++i) EXPECT_DOUBLE_EQ(gathered[static_cast<std::size_t>(i)], i * 10.0);
}

TEST(MpiWorld, DescribeCountsRanksPerHost) {
  World world;
  WorldInfo info = world.describe(3);
  EXPECT_EQ(info.ranks, world.size());
  EXPECT_EQ(info.threads_per_rank, 3);
  int total = 0;
  for (const HostRanks& h : info.hosts) {
    EXPECT_FALSE(h.host.empty());
    total += h.ranks;
  }
  EXPECT_EQ(total, world.size());
  EXPECT_TRUE(info.mpi_launched);  // this executable always runs under mpirun
}

TEST(MpiWorld, AsksForTheLeastThreadLevelNeeded) {
  EXPECT_EQ(required_thread_level(1), MPI_THREAD_SINGLE);
  EXPECT_EQ(required_thread_level(2), MPI_THREAD_FUNNELED);
  EXPECT_EQ(required_thread_level(64), MPI_THREAD_FUNNELED);
  EXPECT_EQ(thread_level_name(MPI_THREAD_SINGLE), "single");
  EXPECT_EQ(thread_level_name(MPI_THREAD_FUNNELED), "funneled");
  EXPECT_EQ(thread_level_name(MPI_THREAD_SERIALIZED), "serialized");
  EXPECT_EQ(thread_level_name(MPI_THREAD_MULTIPLE), "multiple");
  EXPECT_NE(mpi_thread_level(), "unknown");
}

TEST(MpiWorld, LibraryVersionIsNamed) { EXPECT_FALSE(mpi_library_version().empty()); }

}  // namespace
}  // namespace suanli::par
