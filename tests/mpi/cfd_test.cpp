// `suanli cfd` and its solver at 1, 2 and 4 ranks: the decomposed run gives the one-rank answer
// (here recomputed on MPI_COMM_SELF by every rank) within the solver tolerances, the benchmark
// verifies, and bad input is a UsageError on every rank before any work.
#include <gtest/gtest.h>
#include <mpi.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "harness/benchmark.hpp"
#include "../support/run_registered.hpp"
#include "par/cartesian_grid.hpp"
#include "solvers/navier_stokes/centreline.hpp"
#include "solvers/navier_stokes/flow_solver.hpp"

namespace suanli {
namespace {

namespace ns = solvers::navier_stokes;

std::vector<Result> run_cfd(const std::vector<std::pair<std::string, std::string>>& options) {
  return test_support::run_registered("cfd", options);
}

double max_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double d = 0;
  for (std::size_t k = 0; k < a.size(); ++k) d = std::max(d, std::abs(a[k] - b[k]));
  return d;
}

ns::FlowRun run_on(MPI_Comm comm, ns::FlowConfig config) {
  int size = 1;
  MPI_Comm_size(comm, &size);
  const par::GridShape shape = par::square_grid_dividing(size, config.n);
  config.px = shape.px;
  config.py = shape.py;
  return ns::run_flow(config, comm);
}

TEST(MpiCfd, CavityIsTheSameOnAnyNumberOfRanks) {
  ns::FlowConfig config;
  config.n = 32;
  config.poisson_tolerance = 1e-7;
  const ns::FlowRun world_run = run_on(MPI_COMM_WORLD, config);
  const ns::FlowRun one_rank = run_on(MPI_COMM_SELF, config);
  ASSERT_TRUE(world_run.failure.empty()) << world_run.failure;
  EXPECT_TRUE(world_run.steady);
  // Steady to 1e-4 U²/L: the runs may stop a step apart; the velocities agree far inside that.
  EXPECT_LT(max_difference(world_run.fields.u, one_rank.fields.u), 1e-5);
  EXPECT_LT(max_difference(world_run.fields.v, one_rank.fields.v), 1e-5);
  const auto a = ns::compare_with_ghia(world_run.fields, ns::ghia_re100());
  const auto b = ns::compare_with_ghia(one_rank.fields, ns::ghia_re100());
  EXPECT_NEAR(a.max_difference(), b.max_difference(), 1e-5);
}

TEST(MpiCfd, OddCoarseBlocksAreGatheredWholeAndGiveTheOneRankAnswer) {
  // 40 cells: at 2 and 4 ranks the blocks halve 20 → 10 → 5, odd; that level is gathered whole and
  // coarsened further (10 → 5 → 3), as one rank coarsens 40 → 20 → 10 → 5 → 3. It used to stay
  // the coarsest grid, swept to convergence.
  // The first 100 steps (the transient, where solves take most cycles) are enough to compare.
  ns::FlowConfig config;
  config.n = 40;
  config.poisson_tolerance = 1e-7;
  config.max_steps = 100;
  const ns::FlowRun world_run = run_on(MPI_COMM_WORLD, config);
  const ns::FlowRun one_rank = run_on(MPI_COMM_SELF, config);
  ASSERT_TRUE(world_run.failure.empty()) << world_run.failure;
  EXPECT_EQ(world_run.poisson_unconverged, 0);
  EXPECT_GE(world_run.multigrid_levels, one_rank.multigrid_levels);
  EXPECT_LT(static_cast<double>(world_run.poisson_cycles) / world_run.poisson_solves,
            1.5 * static_cast<double>(one_rank.poisson_cycles) / one_rank.poisson_solves + 0.5);
  EXPECT_LT(max_difference(world_run.fields.u, one_rank.fields.u), 1e-6);
  EXPECT_LT(max_difference(world_run.fields.v, one_rank.fields.v), 1e-6);
}

TEST(MpiCfd, TaylorGreenIsTheSameOnAnyNumberOfRanks) {
  ns::FlowConfig config;
  config.flow_case = ns::FlowCase::taylor_green;
  config.n = 32;
  config.end_time = 0.5;
  config.time_order = 2;
  const ns::FlowRun world_run = run_on(MPI_COMM_WORLD, config);
  const ns::FlowRun one_rank = run_on(MPI_COMM_SELF, config);
  ASSERT_TRUE(world_run.failure.empty()) << world_run.failure;
  EXPECT_EQ(world_run.steps, one_rank.steps);
  EXPECT_LT(max_difference(world_run.fields.u, one_rank.fields.u), 1e-8);
  EXPECT_LT(max_difference(world_run.fields.v, one_rank.fields.v), 1e-8);
}

TEST(MpiCfd, TheBenchmarkVerifiesAndReportsTheSameOnEveryRank) {
  par::World world;
  const auto results = run_cfd({{"n", "32"}});
  ASSERT_EQ(results.size(), 1u);
  const Result& r = results[0];
  EXPECT_TRUE(r.verification.passed) << r.verification.quantity << " " << r.verification.value;
  EXPECT_GT(r.value, 0);
  EXPECT_EQ(r.unit, "LUP/s");
  EXPECT_DOUBLE_EQ(world.max(r.verification.value), world.min(r.verification.value));
  const auto tg = run_cfd({{"case", "taylor-green"}, {"n", "16"}, {"end-time", "0.5"}});
  EXPECT_TRUE(tg[0].verification.passed) << tg[0].verification.value;
}

TEST(MpiCfd, BadInputIsAUsageErrorOnEveryRank) {
  par::World world;
  EXPECT_THROW(run_cfd({{"re", "-1"}}), UsageError);
  EXPECT_THROW(run_cfd({{"re", "0"}}), UsageError);
  EXPECT_THROW(run_cfd({{"n", "4"}}), UsageError);
  EXPECT_THROW(run_cfd({{"case", "poiseuille"}}), UsageError);
  EXPECT_THROW(run_cfd({{"tol", "0"}}), UsageError);
  if (world.size() > 1) {
    EXPECT_THROW(run_cfd({{"n", "33"}}), UsageError);
    EXPECT_THROW(run_cfd({{"n", "34"}}), UsageError);  // blocks of 17 cells: odd
  }
  EXPECT_THROW(run_cfd({{"case", "taylor-green"}, {"profiles", "p.csv"}}), UsageError);
}

}  // namespace
}  // namespace suanli
