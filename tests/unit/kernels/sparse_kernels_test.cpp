// The optimised sparse kernels against their reference twins, on HPCG's matrix
// at odd and even sizes, and the SELL-8 layout's own invariants.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <set>

#include "kernels/sparse/chunk_kernels.hpp"
#include "kernels/sparse/sparse_kernels.hpp"
#include "solvers/cg_mg/problem.hpp"

namespace suanli::kernels::sparse {
namespace {

namespace cg = solvers::cg_mg;

cg::Problem problem_of(int nx, int ny, int nz, int levels) {
  cg::Problem p = cg::generate_problem(cg::make_geometry(0, {1, 1, 1}, nx, ny, nz), levels);
  cg::optimise_problem(p);
  return p;
}

std::vector<double> random_vector(std::size_t n, unsigned seed) {
  std::mt19937_64 engine(seed);
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  std::vector<double> v(n);
  for (double& x : v) x = uniform(engine);
  return v;
}

double max_relative_difference(const std::vector<double>& a, const std::vector<double>& b, std::size_t n) {
  double worst = 0;
  for (std::size_t i = 0; i < n; ++i)
    worst = std::max(worst, std::fabs(a[i] - b[i]) / std::max(1.0, std::fabs(b[i])));
  return worst;
}

struct Box {
  int nx, ny, nz;
};
class SparseKernelsAtSize : public ::testing::TestWithParam<Box> {};

TEST_P(SparseKernelsAtSize, SpmvMatchesTheReference) {
  const Box box = GetParam();
  const cg::Problem p = problem_of(box.nx, box.ny, box.nz, 1);
  const SparseMatrix& a = p.fine->matrix;
  const auto x = random_vector(static_cast<std::size_t>(a.columns), 1);
  std::vector<double> expected(a.rows), actual(a.rows, -7.0);
  reference_kernels().spmv(a, x.data(), expected.data());
  optimised_kernels().spmv(a, x.data(), actual.data());
  EXPECT_LT(max_relative_difference(actual, expected, expected.size()), 1e-14);
}

TEST_P(SparseKernelsAtSize, MulticolourSymgsMatchesItsTwin) {
  const Box box = GetParam();
  const cg::Problem p = problem_of(box.nx, box.ny, box.nz, 1);
  const SparseMatrix& a = p.fine->matrix;
  const auto r = random_vector(static_cast<std::size_t>(a.rows), 2);
  auto expected = random_vector(static_cast<std::size_t>(a.columns), 3);
  auto actual = expected;
  std::vector<double> scratch(2 * a.rows, -7.0);
  symgs_colour_order_reference(a, r.data(), expected.data(), {});
  optimised_kernels().symgs(a, r.data(), actual.data(), scratch.data(), {});
  EXPECT_LT(max_relative_difference(actual, expected, expected.size()), 1e-13);
}

TEST_P(SparseKernelsAtSize, MulticolourSymgsFromZeroMatchesItsTwin) {
  // x starts as garbage: the kernel must ignore it, halo included.
  const Box box = GetParam();
  const cg::Problem p = problem_of(box.nx, box.ny, box.nz, 1);
  const SparseMatrix& a = p.fine->matrix;
  const auto r = random_vector(static_cast<std::size_t>(a.rows), 16);
  std::vector<double> expected(a.columns, 0.0), scratch(2 * a.rows, -7.0);
  auto actual = random_vector(static_cast<std::size_t>(a.columns), 17);
  symgs_colour_order_reference(a, r.data(), expected.data(), {});
  optimised_kernels().symgs_from_zero(a, r.data(), actual.data(), scratch.data(), {});
  EXPECT_LT(max_relative_difference(actual, expected, expected.size()), 1e-13);
  auto reference = random_vector(static_cast<std::size_t>(a.columns), 18);
  reference_kernels().symgs_from_zero(a, r.data(), reference.data(), scratch.data(), {});
  std::vector<double> natural(a.columns, 0.0);
  reference_kernels().symgs(a, r.data(), natural.data(), scratch.data(), {});
  EXPECT_EQ(reference, natural);
}

TEST_P(SparseKernelsAtSize, SecondSmoothingAfterTheProlongationMatchesSymgs) {
  // The V-cycle's order: the first smoothing from zero, a correction at the
  // injected rows only, then the second smoothing, which reuses what the first
  // one kept; against the plain multicolour SymGS from the same x.
  const Box box = GetParam();
  if (box.nx < 2 || box.ny < 2 || box.nz < 2 || box.nx % 2 || box.ny % 2 || box.nz % 2) GTEST_SKIP() << "no coarse level";
  const cg::Problem p = problem_of(box.nx, box.ny, box.nz, 2);
  const SparseMatrix& a = p.fine->matrix;
  ASSERT_TRUE(a.injected_in_last_colour);
  const auto r = random_vector(static_cast<std::size_t>(a.rows), 19);
  const auto correction = random_vector(p.fine->fine_of_coarse.size(), 20);
  std::vector<double> actual(a.columns), scratch(2 * a.rows, -7.0);
  optimised_kernels().symgs_from_zero(a, r.data(), actual.data(), scratch.data(), {});
  for (std::size_t i = 0; i < correction.size(); ++i) actual[p.fine->fine_of_coarse[i]] += correction[i];
  auto expected = actual;
  symgs_colour_order_reference(a, r.data(), expected.data(), {});
  optimised_kernels().symgs_after_prolongation(a, r.data(), actual.data(), scratch.data(), {});
  EXPECT_LT(max_relative_difference(actual, expected, expected.size()), 1e-13);
}

TEST_P(SparseKernelsAtSize, VectorKernelsMatchTheReference) {
  const Box box = GetParam();
  const std::int32_t n = box.nx * box.ny * box.nz;
  const auto x = random_vector(n, 4), y = random_vector(n, 5);
  const double expected_dot = reference_kernels().dot(n, x.data(), y.data());
  EXPECT_NEAR(optimised_kernels().dot(n, x.data(), y.data()), expected_dot, 1e-12 * n);
  for (const auto& [alpha, beta] : {std::pair{1.0, -0.5}, {0.25, 1.0}, {2.0, 3.0}}) {
    std::vector<double> expected(n), actual(n);
    reference_kernels().waxpby(n, alpha, x.data(), beta, y.data(), expected.data());
    optimised_kernels().waxpby(n, alpha, x.data(), beta, y.data(), actual.data());
    EXPECT_LT(max_relative_difference(actual, expected, expected.size()), 1e-15) << alpha << " " << beta;
  }
}

INSTANTIATE_TEST_SUITE_P(OddAndEvenBoxes, SparseKernelsAtSize,
                         ::testing::Values(Box{1, 1, 1}, Box{3, 5, 7}, Box{9, 4, 2}, Box{16, 16, 16}, Box{24, 8, 16}));

TEST(SparseKernels, ReferenceSymgsIsTextbookGaussSeidel) {
  // Dense forward then backward Gauss-Seidel on the same matrix, written out,
  // in the natural order the rows are generated in.
  const cg::Problem p = cg::generate_problem(cg::make_geometry(0, {1, 1, 1}, 3, 4, 2), 1);
  const SparseMatrix& a = p.fine->matrix;
  const int n = a.rows;
  std::vector<double> dense(static_cast<std::size_t>(n) * n, 0.0);
  for (int i = 0; i < n; ++i)
    for (std::int64_t k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k)
      dense[i * n + a.column_indices[k]] = a.values[k];
  const auto r = random_vector(n, 6);
  auto expected = random_vector(n, 7);
  auto actual = expected;
  auto row_update = [&](int i) {
    double sum = r[i];
    for (int j = 0; j < n; ++j)
      if (j != i) sum -= dense[i * n + j] * expected[j];
    expected[i] = sum / dense[i * n + i];
  };
  for (int i = 0; i < n; ++i) row_update(i);
  for (int i = n - 1; i >= 0; --i) row_update(i);
  reference_kernels().symgs(a, r.data(), actual.data(), nullptr, {});
  EXPECT_LT(max_relative_difference(actual, expected, n), 1e-14);
}

TEST(SparseKernels, RenumberingKeepsTheReferenceSymgsInNaturalOrder) {
  // The same problem before and after the optimised layout renumbers its rows:
  // the reference SymGS must give the same numbers, row for row.
  const cg::Problem natural = cg::generate_problem(cg::make_geometry(0, {1, 1, 1}, 16, 8, 8), 2);
  const cg::Problem renumbered = problem_of(16, 8, 8, 2);
  const SparseMatrix& a = natural.fine->matrix;
  const SparseMatrix& b = renumbered.fine->matrix;
  ASSERT_EQ(b.natural_order.size(), static_cast<std::size_t>(a.rows));
  const auto r = random_vector(static_cast<std::size_t>(a.rows), 12);
  const auto x0 = random_vector(static_cast<std::size_t>(a.rows), 13);
  std::vector<double> r_renumbered(a.rows), x_natural = x0, x_renumbered(a.rows);
  for (std::int32_t t = 0; t < a.rows; ++t) {
    r_renumbered[b.natural_row_position(t)] = r[t];
    x_renumbered[b.natural_row_position(t)] = x0[t];
  }
  reference_kernels().symgs(a, r.data(), x_natural.data(), nullptr, {});
  reference_kernels().symgs(b, r_renumbered.data(), x_renumbered.data(), nullptr, {});
  for (std::int32_t t = 0; t < a.rows; ++t) ASSERT_EQ(x_renumbered[b.natural_row_position(t)], x_natural[t]) << t;
  // b follows the rows: still A·1 row by row.
  std::vector<double> ones(b.columns, 1.0), product(b.rows);
  reference_kernels().spmv(b, ones.data(), product.data());
  for (std::int32_t i = 0; i < b.rows; ++i) ASSERT_EQ(product[i], renumbered.b[i]) << i;
}

TEST(SparseKernels, RestrictionAndProlongationMatchTheReference) {
  cg::Problem p = problem_of(16, 8, 24, 2);
  cg::Level& fine = *p.fine;
  const std::int32_t coarse_rows = fine.coarse->rows();
  const auto rf = random_vector(static_cast<std::size_t>(fine.rows()), 8);
  const auto xf = random_vector(static_cast<std::size_t>(fine.columns()), 9);
  std::vector<double> axf(fine.columns()), expected(coarse_rows), actual(coarse_rows, -7.0);
  reference_kernels().residual_restriction(fine.matrix, fine.fine_of_coarse.data(), coarse_rows, rf.data(),
                                           xf.data(), axf.data(), expected.data());
  optimised_kernels().residual_restriction(fine.matrix, fine.fine_of_coarse.data(), coarse_rows, rf.data(),
                                           xf.data(), axf.data(), actual.data());
  EXPECT_LT(max_relative_difference(actual, expected, expected.size()), 1e-14);

  const auto xc = random_vector(static_cast<std::size_t>(coarse_rows), 10);
  auto x_reference = xf, x_optimised = xf;
  reference_kernels().prolongation(fine.fine_of_coarse.data(), coarse_rows, xc.data(), x_reference.data());
  optimised_kernels().prolongation(fine.fine_of_coarse.data(), coarse_rows, xc.data(), x_optimised.data());
  EXPECT_EQ(x_reference, x_optimised);
}

SellPartView part_view(const SparseMatrix::SellPart& p) {
  return {p.chunk_slices.data(), p.base.data(), p.offsets.data(), p.values.data()};
}

TEST(SparseKernels, ChunkKernelVariantsAgree) {
  if (!__builtin_cpu_supports("avx512f")) GTEST_SKIP() << "this CPU has no AVX-512F";
  const cg::Problem p = problem_of(24, 8, 17, 1);  // boundary rows and a colour ending mid-chunk
  const SparseMatrix& a = p.fine->matrix;
  const SellView view{a.chunk_row.data(), a.chunk_diagonal.data(), part_view(a.lower),
                      part_view(a.upper),  part_view(a.last),        part_view(a.halo)};
  const auto x = random_vector(static_cast<std::size_t>(a.columns), 14);
  const auto r = random_vector(static_cast<std::size_t>(a.rows), 15);
  std::vector<double> y_portable(a.rows, -7.0), y_avx512(a.rows, -7.0);
  portable_chunk_kernels().multiply(view, 0, a.chunks(), x.data(), y_portable.data());
  avx512_chunk_kernels().multiply(view, 0, a.chunks(), x.data(), y_avx512.data());
  EXPECT_LT(max_relative_difference(y_avx512, y_portable, y_portable.size()), 1e-13);
  const ChunkKernels* variants[] = {&portable_chunk_kernels(), &avx512_chunk_kernels()};
  for (int c = 0; c < a.colours(); ++c) {  // one colour at a time, as SymGS does
    const std::int32_t begin = a.colour_chunks[c], end = a.colour_chunks[c + 1];
    std::vector<double> xs[2] = {x, x}, ts[2] = {std::vector<double>(a.rows), std::vector<double>(a.rows)};
    std::vector<double> us[2] = {std::vector<double>(a.rows), std::vector<double>(a.rows)};
    for (int v = 0; v < 2; ++v) {
      variants[v]->relax_forward(view, begin, end, r.data(), xs[v].data(), ts[v].data());
      variants[v]->relax_backward(view, begin, end, ts[v].data(), xs[v].data(), us[v].data());
    }
    EXPECT_LT(max_relative_difference(xs[1], xs[0], a.rows), 1e-13) << "colour " << c;
    EXPECT_LT(max_relative_difference(ts[1], ts[0], a.rows), 1e-13) << "colour " << c;
    EXPECT_LT(max_relative_difference(us[1], us[0], a.rows), 1e-13) << "colour " << c;
    for (int v = 0; v < 2; ++v) variants[v]->relax_forward_from_zero(view, begin, end, r.data(), xs[v].data(), ts[v].data());
    EXPECT_LT(max_relative_difference(xs[1], xs[0], a.rows), 1e-13) << "colour " << c;
    for (int v = 0; v < 2; ++v)
      variants[v]->relax_forward_known_upper(view, begin, end, r.data(), us[v].data(), xs[v].data(), ts[v].data());
    EXPECT_LT(max_relative_difference(xs[1], xs[0], a.rows), 1e-13) << "colour " << c;
  }
}

TEST(SparseLayout, PartsHoldEveryOffDiagonalEntryOnce) {
  // Every row's entries, read back from the four parts, are its CSR entries
  // without the diagonal; lower columns lie in earlier colours, upper ones in
  // later colours but the last, last ones in the last colour, halo ones past the
  // local rows.
  const cg::Problem p = problem_of(16, 8, 8, 1);
  const SparseMatrix& a = p.fine->matrix;
  const int lanes = SparseMatrix::chunk_lanes;
  std::vector<std::multiset<std::pair<std::int32_t, double>>> found(a.rows);
  for (int c = 0; c < a.colours(); ++c) {
    const std::int32_t first_row = a.chunk_row[a.colour_chunks[c] * lanes];
    const std::int32_t end_row = c + 1 < a.colours() ? a.chunk_row[a.colour_chunks[c + 1] * lanes] : a.rows;
    const std::int32_t last_row = a.chunk_row[a.colour_chunks[a.colours() - 1] * lanes];
    for (std::int32_t q = a.colour_chunks[c]; q < a.colour_chunks[c + 1]; ++q) {
      auto collect = [&](const SparseMatrix::SellPart& part, std::int32_t lo, std::int32_t hi) {
        for (std::int64_t s = part.chunk_slices[q]; s < part.chunk_slices[q + 1]; ++s)
          for (int lane = 0; lane < lanes; ++lane) {
            const std::int32_t row = a.chunk_row[q * lanes + lane];
            const double value = part.values[s * lanes + lane];
            if (row < 0 || value == 0.0) continue;  // padding
            const std::int32_t column = part.base[s] + part.offsets[s * lanes + lane];
            EXPECT_GE(column, lo);
            EXPECT_LT(column, hi);
            found[row].insert({column, value});
          }
      };
      collect(a.lower, 0, first_row);
      collect(a.upper, end_row, std::max(end_row, last_row));
      collect(a.last, std::max(end_row, last_row), a.rows);
      collect(a.halo, a.rows, a.columns);
    }
  }
  for (std::int32_t i = 0; i < a.rows; ++i) {
    std::multiset<std::pair<std::int32_t, double>> expected;
    for (std::int64_t k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k)
      if (k != a.diagonal_offsets[i]) expected.insert({a.column_indices[k], a.values[k]});
    ASSERT_EQ(found[i], expected) << "row " << i;
  }
}

TEST(SparseLayout, ColoursAreIndependentAndCoverEveryRowOnce) {
  const cg::Problem p = problem_of(16, 16, 8, 2);
  const SparseMatrix& a = p.fine->matrix;
  EXPECT_EQ(a.colours(), 8);  // the 27-point stencil's parity colouring
  std::vector<int> colour_of(a.rows, -1);
  const int lanes = SparseMatrix::chunk_lanes;
  for (int c = 0; c < a.colours(); ++c)
    for (std::int32_t q = a.colour_chunks[c]; q < a.colour_chunks[c + 1]; ++q)
      for (int lane = 0; lane < lanes; ++lane)
        if (const std::int32_t row = a.chunk_row[q * lanes + lane]; row >= 0) {
          EXPECT_EQ(colour_of[row], -1) << "row " << row << " twice";
          colour_of[row] = c;
        }
  for (std::int32_t i = 0; i < a.rows; ++i) {
    ASSERT_GE(colour_of[i], 0) << "row " << i << " missing";
    for (std::int64_t k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
      const std::int32_t j = a.column_indices[k];
      if (j != i && j < a.rows) {
        EXPECT_NE(colour_of[i], colour_of[j]) << i << " and " << j;
      }
    }
  }
  // The restriction's rows are all in the last colour, and only its chunks are computed.
  for (std::int32_t f : p.fine->fine_of_coarse) EXPECT_EQ(colour_of[f], a.colours() - 1);
  EXPECT_EQ(static_cast<std::size_t>(a.colour_chunks[a.colours()] - a.colour_chunks[a.colours() - 1]),
            a.injected_chunks.size());
}

TEST(SparseLayout, ReplaceDiagonalReachesBothLayouts) {
  cg::Problem p = problem_of(8, 8, 8, 1);
  SparseMatrix& a = p.fine->matrix;
  std::vector<double> diagonal(a.rows);
  for (std::int32_t i = 0; i < a.rows; ++i) diagonal[i] = 100.0 + i;
  replace_diagonal(a, diagonal);
  const auto x = random_vector(static_cast<std::size_t>(a.columns), 11);
  std::vector<double> expected(a.rows), actual(a.rows);
  reference_kernels().spmv(a, x.data(), expected.data());
  optimised_kernels().spmv(a, x.data(), actual.data());
  EXPECT_LT(max_relative_difference(actual, expected, expected.size()), 1e-14);
  for (std::int32_t i = 0; i < a.rows; ++i) EXPECT_EQ(a.values[a.diagonal_offsets[i]], 100.0 + i);
}

}  // namespace
}  // namespace suanli::kernels::sparse
