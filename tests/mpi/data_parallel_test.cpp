// The data-parallel training step on the world ctest gives it (1, 2 and 4 ranks):
// the all-reduced gradients are the sum of every rank's own gradients — element
// by element, against an MPI_Allreduce of gradients computed alone — with the
// all-reduces overlapped with the backward or not, and the step's own checksum
// check passes.
#include <gtest/gtest.h>

#include <cmath>

#include "par/world.hpp"
#include "solvers/training/data_parallel.hpp"

namespace suanli {
namespace {

namespace st = solvers::training;
namespace kt = kernels::transformer;

const kt::BlockShape shape{2, 20, 32, 4, 96, true};
constexpr int layers = 3;

// Every layer's gradients of this rank's batch alone, summed over ranks by MPI_Allreduce.
std::vector<std::vector<float>> summed_alone(int rank) {
  st::DataParallelModel alone(shape, layers, 42, rank);
  alone.step(MPI_COMM_SELF, false);
  std::vector<std::vector<float>> sums;
  for (int l = 0; l < layers; ++l) {
    const std::vector<float>& g = alone.gradients(l);
    std::vector<float> total(g.size());
    MPI_Allreduce(g.data(), total.data(), static_cast<int>(g.size()), MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    sums.push_back(std::move(total));
  }
  return sums;
}

TEST(MpiDataParallel, GradientsAreTheSumOverRanks) {
  par::World world;
  const std::vector<std::vector<float>> expected = summed_alone(world.rank());
  for (bool overlap : {true, false}) {
    st::DataParallelModel model(shape, layers, 42, world.rank());
    st::ReductionCheck check;
    const st::StepTiming t = model.step(MPI_COMM_WORLD, overlap, &check);
    EXPECT_TRUE(check.passed()) << check.worst_relative_error << " > " << check.bound;
    EXPECT_GT(t.step, 0);
    EXPECT_GE(t.step, t.compute());
    for (int l = 0; l < layers; ++l) {
      const std::vector<float>& g = model.gradients(l);
      ASSERT_EQ(g.size(), expected[l].size());
      double worst = 0, scale = 0;
      for (std::size_t i = 0; i < g.size(); ++i) {
        worst = std::max(worst, std::fabs(static_cast<double>(g[i]) - expected[l][i]));
        scale = std::max(scale, std::fabs(static_cast<double>(expected[l][i])));
      }
      // The same float sums, perhaps in another order: a few roundings of the largest.
      EXPECT_LE(worst, 4 * world.size() * std::ldexp(1.0, -24) * scale) << "layer " << l << " overlap " << overlap;
    }
  }
}

TEST(MpiDataParallel, TheCheckCatchesAWrongSum) {
  par::World world;
  const double n = world.size();
  // Every rank held Σ g = 1 (Σ|g| = 1) per layer: the reduced Σ must be n.
  const std::vector<double> ones(2, 1.0);
  EXPECT_TRUE(st::check_reduction(MPI_COMM_WORLD, ones, ones, {n, n}).passed());
  // One rank's second layer is off by one part in a million: every rank sees it.
  const std::vector<double> reduced{n, world.rank() == world.size() - 1 ? n * (1 + 1e-6) : n};
  const st::ReductionCheck check = st::check_reduction(MPI_COMM_WORLD, ones, ones, reduced);
  EXPECT_FALSE(check.passed()) << check.worst_relative_error;
}

TEST(MpiDataParallel, MemoryEstimateCoversWhatTheModelHolds) {
  const double estimate = st::DataParallelModel::memory_bytes(shape, layers);
  const double weights = 4.0 * 2 * layers * static_cast<double>(kt::block_parameter_count(shape));
  EXPECT_GT(estimate, weights);
  EXPECT_LT(estimate, 4 * weights + 1e7);
}

}  // namespace
}  // namespace suanli
