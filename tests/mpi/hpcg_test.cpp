// HPCG over 1, 2, 4 and 8 ranks: the same global problem converges to all ones
// in the same number of iterations on every layout, the benchmark validates
// through the registry, and bad input is refused on every rank before any work.
#include <gtest/gtest.h>

#include <cmath>
#include <variant>

#include "core/error.hpp"
#include "harness/benchmark.hpp"
#include "../support/run_registered.hpp"
#include "solvers/cg_mg/conjugate_gradient.hpp"

namespace suanli {
namespace {

namespace cg = solvers::cg_mg;

std::vector<Result> run_hpcg(const std::vector<std::pair<std::string, std::string>>& options) {
  return test_support::run_registered("hpcg", options);
}

double parameter(const Result& r, const std::string& name) {
  for (const Parameter& p : r.parameters) {
    if (p.name != name) continue;
    if (const auto* i = std::get_if<std::int64_t>(&p.value)) return static_cast<double>(*i);
    return std::get<double>(p.value);
  }
  ADD_FAILURE() << "no parameter " << name;
  return -1;
}

TEST(MpiHpcg, EveryLayoutConvergesToOnesInTheSameIterations) {
  // One 32³ global grid, split over however many ranks run this test.
  par::World world;
  const cg::ProcessShape shape = cg::factor_processes(world.size());
  ASSERT_EQ(32 % shape.npx + 32 % shape.npy + 32 % shape.npz, 0);
  cg::Problem p = cg::generate_problem(
      cg::make_geometry(world.rank(), shape, 32 / shape.npx, 32 / shape.npy, 32 / shape.npz), cg::hpcg_levels);
  cg::optimise_problem(p);
  cg::CgWorkspace work(*p.fine);
  cg::CgTimes times;
  const cg::CgOutcome out = cg::conjugate_gradient(*p.fine, kernels::sparse::optimised_kernels(), work, p.b.data(),
                                                   p.x.data(), 100, 1e-10, true, times);
  // Measured on one rank. The multicolour SymGS brings the halo up to date
  // before every colour, so each layout computes the same iterates (to rounding).
  EXPECT_EQ(out.iterations, 26);
  double error = 0;
  for (std::int32_t i = 0; i < p.fine->rows(); ++i) error = std::max(error, std::fabs(p.x[i] - 1.0));
  EXPECT_LT(world.max(error), 1e-8);

  // The reference (HPCG's: halo once a step) converges too, layout-dependent.
  std::fill(p.x.begin(), p.x.end(), 0.0);
  const cg::CgOutcome reference = cg::conjugate_gradient(*p.fine, kernels::sparse::reference_kernels(), work,
                                                         p.b.data(), p.x.data(), 100, 1e-10, true, times);
  EXPECT_LE(reference.normr / reference.normr0, 1e-10);
  EXPECT_LT(reference.iterations, 40);
}

void refresh_level_halo(void* level, double* x) {
  cg::Level& l = *static_cast<cg::Level*>(level);
  cg::exchange_halo(l.halo, l.rows(), x);
}

TEST(MpiHpcg, MulticolourSymgsMatchesItsTwinOnEveryLayout) {
  // A box per rank whose colours end mid-chunk, halo parts on the faces between
  // ranks: the optimised SymGS, from a given x, from zero, and after a correction
  // at the injected rows (the V-cycle's second smoothing), against the plain
  // colour-order Gauss-Seidel with the same halo refreshes.
  par::World world;
  const cg::ProcessShape shape = cg::factor_processes(world.size());
  cg::Problem p = cg::generate_problem(cg::make_geometry(world.rank(), shape, 12, 10, 6), 2);
  cg::optimise_problem(p);
  cg::Level& level = *p.fine;
  const kernels::sparse::SparseMatrix& a = level.matrix;
  const kernels::sparse::HaloRefresh refresh{refresh_level_halo, &level};
  std::vector<double> r(a.rows), start(a.columns, 0.0), scratch(2 * a.rows);
  for (std::int32_t i = 0; i < a.rows; ++i) {
    r[i] = std::sin(0.37 * i + world.rank());
    start[i] = std::cos(0.11 * i - world.rank());
  }
  auto expected = start, actual = start;
  kernels::sparse::symgs_colour_order_reference(a, r.data(), expected.data(), refresh);
  kernels::sparse::optimised_kernels().symgs(a, r.data(), actual.data(), scratch.data(), refresh);
  double worst = 0;
  for (std::int32_t i = 0; i < a.rows; ++i) worst = std::max(worst, std::fabs(actual[i] - expected[i]));
  EXPECT_LT(world.max(worst), 1e-13);

  std::vector<double> zero(a.columns, 0.0);
  kernels::sparse::symgs_colour_order_reference(a, r.data(), zero.data(), refresh);
  kernels::sparse::optimised_kernels().symgs_from_zero(a, r.data(), actual.data(), scratch.data(), refresh);
  worst = 0;
  for (std::int32_t i = 0; i < a.rows; ++i) worst = std::max(worst, std::fabs(actual[i] - zero[i]));
  EXPECT_LT(world.max(worst), 1e-13);

  for (std::size_t i = 0; i < level.fine_of_coarse.size(); ++i)
    actual[level.fine_of_coarse[i]] += std::sin(0.5 * static_cast<double>(i) + world.rank());
  expected = actual;
  kernels::sparse::symgs_colour_order_reference(a, r.data(), expected.data(), refresh);
  kernels::sparse::optimised_kernels().symgs_after_prolongation(a, r.data(), actual.data(), scratch.data(), refresh);
  worst = 0;
  for (std::int32_t i = 0; i < a.rows; ++i) worst = std::max(worst, std::fabs(actual[i] - expected[i]));
  EXPECT_LT(world.max(worst), 1e-13);
}

TEST(MpiHpcg, TheBenchmarkValidatesOnTheDefaultGrid) {
  par::World world;
  for (const char* kernels : {"optimised", "reference"}) {
    // STREAM on 4 MiB arrays: fast, and cache-sized, so the share of STREAM must be absent.
    std::vector<std::pair<std::string, std::string>> options = {{"nx", "16"}, {"time", "0.05"}, {"stream-size", "4Mi"}};
    if (std::string(kernels) == "reference") options.push_back({"reference", "true"});
    const auto results = run_hpcg(options);
    ASSERT_EQ(results.size(), 2u);
    const Result& r = results[0];
    EXPECT_TRUE(r.verification.passed) << kernels << " failures " << r.verification.value;
    EXPECT_GT(r.value, 0);
    EXPECT_EQ(parameter(r, "npx") * parameter(r, "npy") * parameter(r, "npz"), world.size());
    EXPECT_LE(parameter(r, "symmetry_departure_spmv"), 1.0);
    EXPECT_LE(parameter(r, "symmetry_departure_mg"), 1.0);
    EXPECT_GE(parameter(r, "sets"), 1);
    EXPECT_LT(parameter(r, "solution_max_error"), 1e-6);
    EXPECT_EQ(results[1].unit, "B/s");
    for (const Parameter& p : results[1].parameters) {
      if (p.name == "fraction_of_stream_triad") {
        EXPECT_TRUE(std::isnan(std::get<double>(p.value))) << "cache-sized";
      }
    }
    ASSERT_FALSE(results[1].notes.empty());
    EXPECT_NE(results[1].notes[0].find("not a STREAM result"), std::string::npos) << results[1].notes[0];
    EXPECT_DOUBLE_EQ(world.max(r.value), world.min(r.value));
  }
}

TEST(MpiHpcg, BadInputIsAUsageErrorOnEveryRank) {
  par::World world;
  EXPECT_THROW(run_hpcg({{"nx", "20"}}), UsageError);  // not a multiple of 8
  EXPECT_THROW(run_hpcg({{"nx", "8"}}), UsageError);   // below HPCG's 16
  EXPECT_THROW(run_hpcg({{"nx", "16"}, {"nz", "136"}}), UsageError);  // flatter than 1:8
  EXPECT_THROW(run_hpcg({{"nx", "16"}, {"npx", "1"}}), UsageError);   // grid half given
  EXPECT_THROW(run_hpcg({{"nx", "16"}, {"npx", "3"}, {"npy", "1"}, {"npz", std::to_string(world.size())}}),
               UsageError);  // 3·size processes for size ranks
  EXPECT_THROW(run_hpcg({{"nx", "4000"}}), UsageError);  // beyond memory
}

}  // namespace
}  // namespace suanli
