// HPCG's problem, CG and validation on one rank (tests/mpi/hpcg_test.cpp runs
// them over several): the matrix and right-hand side, convergence to all ones,
// the symmetry test catching a planted asymmetry, the operation counts.
#include <gtest/gtest.h>

#include <cmath>

#include "solvers/cg_mg/conjugate_gradient.hpp"
#include "solvers/cg_mg/operation_count.hpp"
#include "solvers/cg_mg/validation.hpp"
#include "../../support/mpi_singleton.hpp"

namespace suanli::solvers::cg_mg {
namespace {

using suanli::test_support::ensure_mpi;  // CG's dot products are MPI_Allreduce over one rank

Problem optimised_problem(int n) {
  Problem p = generate_problem(make_geometry(0, {1, 1, 1}, n, n, n), hpcg_levels);
  optimise_problem(p);
  return p;
}

TEST(CgMgGeometry, RanksFactorAsCubicallyAsPossible) {
  auto shape = [](int ranks) {
    const ProcessShape s = factor_processes(ranks);
    return std::array<int, 3>{s.npx, s.npy, s.npz};
  };
  EXPECT_EQ(shape(1), (std::array<int, 3>{1, 1, 1}));
  EXPECT_EQ(shape(2), (std::array<int, 3>{1, 1, 2}));
  EXPECT_EQ(shape(4), (std::array<int, 3>{1, 2, 2}));
  EXPECT_EQ(shape(8), (std::array<int, 3>{2, 2, 2}));
  EXPECT_EQ(shape(12), (std::array<int, 3>{2, 2, 3}));
  EXPECT_EQ(shape(7), (std::array<int, 3>{1, 1, 7}));
}

TEST(CgMgProblem, IsTheStencilWithBEqualToAOnes) {
  const int n = 16;
  const Problem p = optimised_problem(n);
  const auto& a = p.fine->matrix;
  EXPECT_EQ(a.nonzeros, static_cast<std::int64_t>(std::pow(3 * n - 2, 3)));  // 27-point stencil on an n³ grid
  std::vector<double> ones(a.columns, 1.0), product(a.rows);
  kernels::sparse::reference_kernels().spmv(a, ones.data(), product.data());
  for (std::int32_t i = 0; i < a.rows; ++i) ASSERT_DOUBLE_EQ(product[i], p.b[i]) << i;
  EXPECT_DOUBLE_EQ(p.b[a.natural_row_position(0)], 26.0 - 7.0);  // a corner: 7 neighbours
  // Four levels, each box halved; injection picks the even points (natural numbering).
  const Problem natural = generate_problem(make_geometry(0, {1, 1, 1}, n, n, n), hpcg_levels);
  int levels = 0;
  for (const Level* l = natural.fine.get(); l; l = l->coarse.get(), ++levels) EXPECT_EQ(l->geometry.nx, n >> levels);
  EXPECT_EQ(levels, hpcg_levels);
  EXPECT_EQ(natural.fine->fine_of_coarse[1], 2);
  EXPECT_EQ(natural.fine->fine_of_coarse[n / 2], 2 * n);
}

TEST(CgMgSolver, ConvergesToAllOnesWithEitherKernelSet) {
  ensure_mpi();
  Problem p = optimised_problem(16);
  for (const auto* k : {&kernels::sparse::reference_kernels(), &kernels::sparse::optimised_kernels()}) {
    std::fill(p.x.begin(), p.x.end(), 0.0);
    CgWorkspace work(*p.fine);
    CgTimes times;
    const CgOutcome out =
        conjugate_gradient(*p.fine, *k, work, p.b.data(), p.x.data(), 100, 1e-12, true, times);
    EXPECT_LE(out.normr / out.normr0, 1e-12) << k->name;
    EXPECT_LT(out.iterations, 20) << k->name;  // multigrid: a handful, not hundreds
    for (std::int32_t i = 0; i < p.fine->rows(); ++i) ASSERT_NEAR(p.x[i], 1.0, 1e-9) << k->name << " row " << i;
  }
}

TEST(CgMgValidation, PassesOnHpcgsProblemWithBothKernelSets) {
  ensure_mpi();
  Problem p = optimised_problem(16);
  for (const auto* k : {&kernels::sparse::reference_kernels(), &kernels::sparse::optimised_kernels()}) {
    const SymmetryCheck symmetry = test_symmetry(p, *k);
    EXPECT_TRUE(symmetry.passed()) << k->name << " " << symmetry.spmv_departure << " " << symmetry.mg_departure;
    const CgCheck cg = test_cg(p, *k);
    EXPECT_TRUE(cg.passed()) << k->name << " " << cg.unpreconditioned_iterations << " "
                             << cg.preconditioned_iterations;
  }
  // test_cg put the diagonal back.
  for (double d : p.fine->matrix.diagonal) ASSERT_EQ(d, stencil_diagonal);
}

TEST(CgMgValidation, SymmetryTestCatchesAPlantedAsymmetry) {
  ensure_mpi();
  Problem p = generate_problem(make_geometry(0, {1, 1, 1}, 16, 16, 16), hpcg_levels);
  auto& a = p.fine->matrix;
  // One off-diagonal entry changed, its mirror not: A is no longer symmetric.
  const std::int64_t entry = a.row_offsets[100] + 1;
  ASSERT_NE(a.column_indices[entry], 100);
  a.values[entry] += 0.5;
  optimise_problem(p);
  for (const auto* k : {&kernels::sparse::reference_kernels(), &kernels::sparse::optimised_kernels()}) {
    const SymmetryCheck symmetry = test_symmetry(p, *k);
    EXPECT_GT(symmetry.spmv_departure, SymmetryCheck::limit) << k->name;
    EXPECT_FALSE(symmetry.passed()) << k->name;
  }
}

TEST(CgMgValidation, NormsVarianceFailsWhenSetsDisagree) {
  EXPECT_TRUE(test_norms({1e-10, 1e-10, 1e-10}).passed());
  EXPECT_FALSE(test_norms({0.5, 0.1}).passed());
}

TEST(CgMgOperationCount, MatchesHpcgsFormulas) {
  const std::vector<LevelTotals> levels = {{4096, 97336}, {512, 10648}, {64, 1000}, {8, 64}};
  const OperationCounts c = hpcg_operation_counts(levels, 1, 50);
  EXPECT_DOUBLE_EQ(c.dot_flops, (3 * 50 + 1) * 2.0 * 4096);
  EXPECT_DOUBLE_EQ(c.waxpby_flops, (3 * 50 + 1) * 2.0 * 4096);
  EXPECT_DOUBLE_EQ(c.spmv_flops, 51 * 2.0 * 97336);
  EXPECT_DOUBLE_EQ(c.mg_flops, 50 * (10.0 * (97336 + 10648 + 1000) + 4.0 * 64));
  EXPECT_GT(c.bytes(), 12.0 * 97336 * 50 * 6);  // at least six passes over the fine matrix an iteration
}

}  // namespace
}  // namespace suanli::solvers::cg_mg
