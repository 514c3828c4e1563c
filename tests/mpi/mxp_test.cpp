// HPL-MxP on the grids of 1, 2 and 4 ranks: the FP32 LU without pivoting preconditions FP64
// iterative refinement to the FP64 backward error, the answer is the FP64 HPL solve's, and a run
// that does not converge within --max-iter is reported failed. Also `suanli mxp` through the registry.
#include "solvers/mixed_precision/mxp_solver.hpp"

#include <gtest/gtest.h>
#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <variant>
#include <vector>

#include "core/error.hpp"
#include "harness/benchmark.hpp"
#include "../support/run_registered.hpp"
#include "par/process_grid.hpp"
#include "solvers/lu/lu_factors.hpp"
#include "solvers/lu/lu_solver.hpp"

namespace suanli::solvers::mixed_precision {
namespace {

struct GridShape {
  int p;
  int q;
};

std::vector<GridShape> grids_of_world() {
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  std::vector<GridShape> shapes;
  for (int p = 1; p <= size; ++p)
    if (size % p == 0) shapes.push_back({p, size / p});
  return shapes;
}

MxpOptions options_for(const GridShape& shape, long n, int nb) {
  MxpOptions options;
  options.lu.n = n;
  options.lu.nb = nb;
  options.lu.p = shape.p;
  options.lu.q = shape.q;
  options.lu.panel_base_columns = 4;
  options.lu.seed = 7;
  return options;
}

double relative_difference(const std::vector<double>& x, const std::vector<double>& reference) {
  double difference = 0.0, norm = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    difference = std::max(difference, std::abs(x[i] - reference[i]));
    norm = std::max(norm, std::abs(reference[i]));
  }
  return difference / norm;
}

TEST(MpiMxp, Fp32LuRefinesToFp64AccuracyAndMatchesTheFp64Solve) {
  struct Size {
    long n;
    int nb;
  };
  for (const GridShape& shape : grids_of_world()) {
    for (const Size& size : {Size{200, 32}, Size{203, 32}, Size{37, 8}, Size{20, 32}}) {
      for (const MxpMethod method : {MxpMethod::gmres, MxpMethod::refinement}) {
        const par::ProcessGrid grid(shape.p, shape.q);
        MxpOptions options = options_for(shape, size.n, size.nb);
        options.method = method;
        if (size.n == 37) options.restart = 1;  // every GMRES iteration restarts
        const MxpResult solved = solve_mxp<float>(grid, options);
        SCOPED_TRACE(testing::Message() << shape.p << "x" << shape.q << " n=" << size.n << " nb=" << size.nb
                                        << (method == MxpMethod::gmres ? " gmres" : " refinement"));
        EXPECT_TRUE(solved.passed);
        EXPECT_LE(solved.backward_error, backward_error_threshold);
        EXPECT_GE(solved.iterations, 2);  // FP32 alone is not FP64-accurate
        EXPECT_LE(solved.iterations, options.max_iterations);
        EXPECT_GT(solved.seconds, 0.0);

        lu::LuOptions reference_options = options.lu;
        reference_options.matrix = lu::MatrixKind::diagonally_dominant;
        const lu::LuResult reference = lu::solve_lu<double>(grid, reference_options);
        ASSERT_TRUE(reference.passed);
        ASSERT_EQ(solved.x.size(), reference.x.size());
        EXPECT_LT(relative_difference(solved.x, reference.x), 1e-10);
      }
    }
  }
}

// BF16 trailing updates (FP32 accumulation): a coarser preconditioner, the same FP64 answer. n = 603
// with NB = 64 (a ragged last panel) gives updates of more than one 256-row tile, the last one
// overlapping its neighbour, on 1 and 2 ranks.
TEST(MpiMxp, Bf16UpdatesRefineToFp64AccuracyAndMatchTheFp64Solve) {
  struct Size {
    long n;
    int nb;
  };
  for (const GridShape& shape : grids_of_world()) {
    for (const Size size : {Size{200, 32}, Size{203, 32}, Size{37, 8}, Size{603, 64}}) {
      const long n = size.n;
      for (const MxpMethod method : {MxpMethod::gmres, MxpMethod::refinement}) {
        const par::ProcessGrid grid(shape.p, shape.q);
        MxpOptions options = options_for(shape, n, size.nb);
        options.lu.update_precision = lu::UpdatePrecision::bf16;
        options.method = method;
        const MxpResult solved = solve_mxp<float>(grid, options);
        SCOPED_TRACE(testing::Message() << shape.p << "x" << shape.q << " n=" << n
                                        << (method == MxpMethod::gmres ? " gmres" : " refinement"));
        EXPECT_TRUE(solved.passed);
        EXPECT_LE(solved.backward_error, backward_error_threshold);
        EXPECT_GE(solved.iterations, 2);
        EXPECT_LE(solved.iterations, options.max_iterations);

        lu::LuOptions reference_options = options.lu;
        reference_options.update_precision = lu::UpdatePrecision::same;
        reference_options.matrix = lu::MatrixKind::diagonally_dominant;
        const lu::LuResult reference = lu::solve_lu<double>(grid, reference_options);
        ASSERT_TRUE(reference.passed);
        ASSERT_EQ(solved.x.size(), reference.x.size());
        EXPECT_LT(relative_difference(solved.x, reference.x), 1e-10);
      }
    }
  }
}

TEST(MpiMxp, Bf16UpdatesAreRejectedForFp64Factors) {
  const GridShape shape = grids_of_world().front();
  const par::ProcessGrid grid(shape.p, shape.q);
  MxpOptions options = options_for(shape, 64, 16);
  options.lu.update_precision = lu::UpdatePrecision::bf16;
  EXPECT_THROW(solve_mxp<double>(grid, options), UsageError);
  lu::LuOptions lu_options = options.lu;
  EXPECT_THROW(lu::solve_lu<double>(grid, lu_options), UsageError);
}

TEST(MpiMxp, LuWithoutPivotingSolvesTheDominantSystemInBothPrecisions) {
  for (const GridShape& shape : grids_of_world()) {
    const par::ProcessGrid grid(shape.p, shape.q);
    lu::LuOptions options = options_for(shape, 203, 16).lu;
    options.matrix = lu::MatrixKind::diagonally_dominant;
    options.pivoting = false;
    const lu::LuResult fp64 = lu::solve_lu<double>(grid, options);
    const lu::LuResult fp32 = lu::solve_lu<float>(grid, options);
    EXPECT_TRUE(fp64.passed) << fp64.scaled_residual;
    EXPECT_TRUE(fp32.passed) << fp32.scaled_residual;
    options.pivoting = true;
    const lu::LuResult pivoted = lu::solve_lu<double>(grid, options);
    EXPECT_LT(relative_difference(fp64.x, pivoted.x), 1e-12);
  }
}

TEST(MpiMxp, WithoutPivotingHplsRandomMatrixIsFactoredWithoutRowSwaps) {
  // Pivoting matters for the random matrix, so the flag must change the answer there.
  for (const GridShape& shape : grids_of_world()) {
    const par::ProcessGrid grid(shape.p, shape.q);
    lu::LuOptions options = options_for(shape, 203, 16).lu;
    const lu::LuResult pivoted = lu::solve_lu<double>(grid, options);
    options.pivoting = false;
    const lu::LuResult unpivoted = lu::solve_lu<double>(grid, options);
    EXPECT_TRUE(pivoted.passed);
    // Measured at n = 203: the unpivoted residual is 70–200 times the pivoted one on 1–4 ranks.
    EXPECT_GT(relative_difference(unpivoted.x, pivoted.x), 1e-14);
    EXPECT_GT(unpivoted.scaled_residual, 10 * pivoted.scaled_residual);
  }
}

TEST(MpiMxp, Fp64FactorsConvergeInOneOrTwoIterations) {
  for (const GridShape& shape : grids_of_world()) {
    const par::ProcessGrid grid(shape.p, shape.q);
    for (const MxpMethod method : {MxpMethod::gmres, MxpMethod::refinement}) {
      MxpOptions options = options_for(shape, 150, 32);
      options.method = method;
      const MxpResult solved = solve_mxp<double>(grid, options);
      EXPECT_TRUE(solved.passed);
      EXPECT_LE(solved.iterations, 2);
    }
  }
}

TEST(MpiMxp, TooFewIterationsIsAFailedRunNotAFigure) {
  for (const GridShape& shape : grids_of_world()) {
    const par::ProcessGrid grid(shape.p, shape.q);
    for (const MxpMethod method : {MxpMethod::gmres, MxpMethod::refinement}) {
      MxpOptions options = options_for(shape, 200, 32);
      options.method = method;
      options.max_iterations = 1;
      const MxpResult solved = solve_mxp<float>(grid, options);
      EXPECT_FALSE(solved.passed);
      EXPECT_EQ(solved.iterations, 1);
      EXPECT_GT(solved.backward_error, backward_error_threshold);
    }
  }
}

TEST(MpiMxp, FactorsWithPivotingOrBadOptionsAreRejected) {
  const GridShape shape = grids_of_world().front();
  const par::ProcessGrid grid(shape.p, shape.q);
  lu::LuOptions options = options_for(shape, 64, 16).lu;
  EXPECT_THROW(lu::LuFactors<float>(grid, options), UsageError);  // pivoting defaults to true
  MxpOptions mxp = options_for(shape, 64, 16);
  mxp.max_iterations = 0;
  EXPECT_THROW(solve_mxp<float>(grid, mxp), UsageError);
  mxp.max_iterations = 50;
  mxp.restart = 0;
  EXPECT_THROW(solve_mxp<float>(grid, mxp), UsageError);
}

std::vector<Result> run_mxp(const std::vector<std::pair<std::string, std::string>>& options) {
  return test_support::run_registered("mxp", options);
}

std::int64_t int_parameter(const Result& r, const std::string& name) {
  for (const Parameter& p : r.parameters)
    if (p.name == name) return std::get<std::int64_t>(p.value);
  ADD_FAILURE() << "no parameter " << name;
  return -1;
}

std::string text_parameter(const Result& r, const std::string& name) {
  for (const Parameter& p : r.parameters)
    if (p.name == name) return std::get<std::string>(p.value);
  ADD_FAILURE() << "no parameter " << name;
  return {};
}

TEST(MpiMxpBenchmark, SolvesVerifiesAndReportsIterationsAndRates) {
  par::World world;
  for (const char* method : {"gmres", "refinement"}) {
    const auto results = run_mxp({{"n", "203"}, {"nb", "32"}, {"method", method}});
    ASSERT_EQ(results.size(), 1u);
    const Result& r = results[0];
    EXPECT_EQ(text_parameter(r, "method"), method);
    EXPECT_EQ(r.benchmark, "mxp");
    EXPECT_EQ(r.precision, "fp32");
    EXPECT_TRUE(r.verification.passed) << r.verification.value;
    EXPECT_LE(r.verification.value, 16);
    EXPECT_GT(r.value, 0);
    EXPECT_GE(int_parameter(r, "iterations"), 2);
    EXPECT_EQ(int_parameter(r, "p") * int_parameter(r, "q"), world.size());
    EXPECT_DOUBLE_EQ(world.max(r.value), world.min(r.value));
  }
}

TEST(MpiMxpBenchmark, Bf16PrecisionSolvesAndReportsBf16) {
  par::World world;
  const auto results = run_mxp({{"n", "203"}, {"nb", "32"}, {"precision", "bf16"}});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].precision, "bf16");
  EXPECT_FALSE(text_parameter(results[0], "bf16_update_kernel").empty());
  EXPECT_TRUE(results[0].verification.passed) << results[0].verification.value;
  EXPECT_LE(results[0].verification.value, 16);
  EXPECT_GE(int_parameter(results[0], "iterations"), 2);
}

TEST(MpiMxpBenchmark, DefaultMethodIsGmres) {
  EXPECT_EQ(text_parameter(run_mxp({{"n", "100"}, {"nb", "32"}})[0], "method"), "gmres");
}

TEST(MpiMxpBenchmark, MaxIterOneFailsVerification) {
  const auto results = run_mxp({{"n", "200"}, {"nb", "32"}, {"max-iter", "1"}});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_FALSE(results[0].verification.passed);
  EXPECT_EQ(int_parameter(results[0], "iterations"), 1);
}

TEST(MpiMxpBenchmark, Fp16IsReportedNotNativeNeverAsAFigure) {
  const auto results = run_mxp({{"n", "64"}, {"precision", "fp16"}});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].metric, "not_native");
  EXPECT_TRUE(std::isnan(results[0].value));
}

TEST(MpiMxpBenchmark, BadOptionsAreUsageErrors) {
  par::World world;
  EXPECT_THROW(run_mxp({{"n", "64"}, {"precision", "fp64"}}), UsageError);
  EXPECT_THROW(run_mxp({{"n", "64"}, {"method", "cg"}}), UsageError);
  EXPECT_THROW(run_mxp({{"n", "64"}, {"nb", "65"}}), UsageError);
  EXPECT_THROW(run_mxp({{"n", "64"}, {"p", "3"}, {"q", std::to_string(world.size() + 1)}}), UsageError);
  EXPECT_THROW(run_mxp({{"n", "10000000"}}), UsageError);
}

}  // namespace
}  // namespace suanli::solvers::mixed_precision
