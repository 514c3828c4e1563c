// The flow solver on one rank: Taylor–Green converges at second order in space and time, the
// lid-driven cavity at Re = 100 matches Ghia, Ghia & Shin (1982), and a blow-up is reported as such.
#include "solvers/navier_stokes/flow_solver.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>

#include "../../support/mpi_singleton.hpp"
#include "solvers/navier_stokes/centreline.hpp"
#include "solvers/navier_stokes/taylor_green.hpp"

namespace suanli::solvers::navier_stokes {
namespace {

double taylor_green_error_at(int n) {
  suanli::test_support::ensure_mpi();
  FlowConfig config;
  config.flow_case = FlowCase::taylor_green;
  config.n = n;
  config.re = 100;
  config.end_time = 1.0;
  config.time_order = 2;
  const FlowRun run = run_flow(config, MPI_COMM_SELF);
  EXPECT_TRUE(run.failure.empty()) << run.failure;
  EXPECT_NEAR(run.simulated_time, 1.0, 1e-12);
  EXPECT_LT(run.max_divergence, 1e-6);
  return taylor_green_error(run.fields, run.simulated_time, 1.0 / config.re);
}

TEST(NavierStokesFlow, TaylorGreenErrorFallsAtSecondOrder) {
  const double e16 = taylor_green_error_at(16), e32 = taylor_green_error_at(32), e64 = taylor_green_error_at(64);
  const double order_coarse = std::log2(e16 / e32), order_fine = std::log2(e32 / e64);
  EXPECT_GE(order_coarse, 1.8) << e16 << " " << e32;
  EXPECT_GE(order_fine, 1.8) << e32 << " " << e64;
  RecordProperty("observed_order_16_32", std::to_string(order_coarse));
  RecordProperty("observed_order_32_64", std::to_string(order_fine));
}

// 128 cells a side: Ghia et al.'s grid has 129 points a side, i.e. 128 cells, so the grids agree and
// the centrelines x = 0.5, y = 0.5 are face lines of the MAC grid (u and v are not interpolated across).
TEST(NavierStokesFlow, CavityAtRe100MatchesGhiaWithinOnePercentOfTheLidSpeed) {
  suanli::test_support::ensure_mpi();
  // One thread: the answer does not depend on it, and the test's time then does not depend on
  // what else the machine runs (about 4 s).
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  FlowConfig config;
  config.n = 128;
  config.re = 100;
  config.steady_tolerance = 1e-4;
  config.poisson_tolerance = 1e-5;
  const FlowRun run = run_flow(config, MPI_COMM_SELF);
  ASSERT_TRUE(run.failure.empty()) << run.failure;
  EXPECT_TRUE(run.steady) << run.steady_residual;
  const GhiaComparison ghia = compare_with_ghia(run.fields, ghia_re100());
  EXPECT_LE(ghia.max_u_difference, 0.01);
  EXPECT_LE(ghia.max_v_difference, 0.01);
  EXPECT_LE(ghia.max_difference(), ghia_tolerance(128));
  // The primary vortex is where the refined solutions put it: u min ≈ −0.214 on x = 0.5.
  EXPECT_NEAR(cavity_u_at(run.fields, 0.5, 0.4531), -0.2136, 0.002);
  omp_set_num_threads(threads);
}

TEST(NavierStokesFlow, CoarseCavityMeetsTheStatedCoarseGridTolerances) {
  suanli::test_support::ensure_mpi();
  for (int n : {16, 32, 64}) {
    FlowConfig config;
    config.n = n;
    config.poisson_tolerance = 1e-5;
    const FlowRun run = run_flow(config, MPI_COMM_SELF);
    ASSERT_TRUE(run.steady) << n;
    EXPECT_LE(compare_with_ghia(run.fields, ghia_re100()).max_difference(), ghia_tolerance(n)) << n;
  }
}

TEST(NavierStokesFlow, ABlowUpIsReportedNotComputedThrough) {
  suanli::test_support::ensure_mpi();
  FlowConfig config;
  config.n = 16;
  config.re = 100;
  config.safety = 8;  // eight times the stable step: central differences blow up
  config.max_steps = 20000;
  const FlowRun run = run_flow(config, MPI_COMM_SELF);
  EXPECT_FALSE(run.failure.empty());
  EXPECT_NE(run.failure.find("diverged"), std::string::npos) << run.failure;
}

}  // namespace
}  // namespace suanli::solvers::navier_stokes
