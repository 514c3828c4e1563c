// The multigrid stencils, every instruction-set variant this CPU runs, against their
// one-cell-at-a-time reference twins, at odd and tiny sizes, both colour parities, on fields of
// random values (ghosts included).
#include "kernels/stencil/poisson.hpp"
#include "kernels/stencil/stencil_variants.hpp"
#include "stencil_test_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace suanli::kernels::stencil {
namespace {

using test_support::random_field;
void expect_same(const Field& a, const Field& b) { test_support::expect_same(a, b, 1e-13); }

TEST(StencilPoisson, RedBlackHalfSweepMatchesReference) {
  for (const StencilLoops* k : available_stencil_loops())
    for (auto [nx, ny] : {std::pair{1, 1}, {7, 5}, {16, 9}, {33, 20}})
      for (int parity : {0, 1})
        for (int colour : {0, 1}) {
          Field a = random_field(nx, ny, 1), b = a;
          const Field f = random_field(nx, ny, 2);
          Field d = random_field(nx, ny, 3);
          for (double& x : d.data) x = 0.25 + 0.1 * x;
          k->rbgs_half_sweep(a, f, d, 0.3, colour, parity);
          rbgs_half_sweep_reference(b, f, d, 0.3, colour, parity);
          expect_same(a, b);
        }
}

TEST(StencilPoisson, ResidualMatchesReference) {
  for (const StencilLoops* k : available_stencil_loops())
    for (auto [nx, ny] : {std::pair{1, 3}, {7, 5}, {40, 17}}) {
      const Field phi = random_field(nx, ny, 3), f = random_field(nx, ny, 4);
      Field r1(nx, ny), r2(nx, ny);
      EXPECT_NEAR(k->residual(phi, f, 0.1, r1), residual_reference(phi, f, 0.1, r2), 1e-12);
      expect_same(r1, r2);
    }
}

TEST(StencilPoisson, RestrictionAndProlongationMatchReference) {
  for (const StencilLoops* k : available_stencil_loops())
    for (auto [nx, ny] : {std::pair{1, 1}, {3, 2}, {8, 5}, {20, 21}}) {
      const Field fine = random_field(2 * nx, 2 * ny, 5);
      Field c1(nx, ny), c2(nx, ny);
      k->restrict_average(fine, c1);
      restrict_average_reference(fine, c2);
      expect_same(c1, c2);
      const Field coarse = random_field(nx, ny, 6);
      Field f1 = random_field(2 * nx, 2 * ny, 7), f2 = f1;
      k->prolong_bilinear_add(coarse, f1);
      prolong_bilinear_add_reference(coarse, f2);
      expect_same(f1, f2);
    }
}

TEST(StencilPoisson, ProlongationReproducesALinearFunction) {
  // Bilinear interpolation is exact for a + b·x + c·y, ghosts included in the coarse field.
  const int nx = 6, ny = 4;
  Field coarse(nx, ny), fine(2 * nx, 2 * ny);
  auto linear = [](double x, double y) { return 0.5 + 2 * x - 3 * y; };
  for (int j = 0; j <= ny + 1; ++j)
    for (int i = 0; i <= nx + 1; ++i) coarse(i, j) = linear((i - 0.5) * 2, (j - 0.5) * 2);
  prolong_bilinear_add(coarse, fine);
  for (int j = 1; j <= 2 * ny; ++j)
    for (int i = 1; i <= 2 * nx; ++i) EXPECT_NEAR(fine(i, j), linear(i - 0.5, j - 0.5), 1e-12);
}

TEST(StencilPoisson, TheBestVariantIsTheWidestTheCpuRuns) {
  const auto variants = available_stencil_loops();
  ASSERT_FALSE(variants.empty());
  EXPECT_STREQ(variants.front()->name, "baseline");
  EXPECT_EQ(&best_stencil_loops(), variants.back());
}

}  // namespace
}  // namespace suanli::kernels::stencil
