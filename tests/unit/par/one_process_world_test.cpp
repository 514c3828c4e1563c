// The World of one process: rank 0 of 1, collectives that return their argument,
// one host, and MPI never started by it.
#include <gtest/gtest.h>
#include <mpi.h>
#include <unistd.h>

#include "par/world.hpp"

namespace suanli::par {
namespace {

TEST(OneProcessWorld, IsRankZeroOfOneWithoutStartingMpi) {
  int initialized_before = 0;
  MPI_Initialized(&initialized_before);
  const World world = World::one_process();
  EXPECT_FALSE(world.uses_mpi());
  EXPECT_EQ(world.rank(), 0);
  EXPECT_EQ(world.size(), 1);
  EXPECT_TRUE(world.is_root());
  EXPECT_EQ(world.host_rank(), 0);
  EXPECT_EQ(world.host_size(), 1);
  EXPECT_FALSE(world.launch_cpus().empty());
  world.barrier();
  EXPECT_DOUBLE_EQ(world.sum(2.5), 2.5);
  EXPECT_DOUBLE_EQ(world.max(-1.0), -1.0);
  EXPECT_DOUBLE_EQ(world.min(7.0), 7.0);
  EXPECT_TRUE(world.all(true));
  EXPECT_FALSE(world.all(false));
  EXPECT_EQ(world.all_gather(3.0), std::vector<double>{3.0});
  int initialized_after = 0;
  MPI_Initialized(&initialized_after);
  EXPECT_EQ(initialized_after, initialized_before);
}

TEST(OneProcessWorld, DescribesOneRankOnThisHost) {
  char name[256] = {};
  ASSERT_EQ(gethostname(name, sizeof name - 1), 0);
  const WorldInfo info = World::one_process().describe(4);
  EXPECT_EQ(info.ranks, 1);
  EXPECT_EQ(info.threads_per_rank, 4);
  ASSERT_EQ(info.hosts.size(), 1u);
  EXPECT_EQ(info.hosts[0].host, name);
  EXPECT_EQ(info.hosts[0].ranks, 1);
}

}  // namespace
}  // namespace suanli::par
