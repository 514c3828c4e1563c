// The any-size multigrid transfers: at even sizes they are the factor-2 kernels' reference twins;
// at odd and prime sizes restriction keeps the integral and prolongation reproduces linear fields.
#include "kernels/stencil/transfer_any.hpp"

#include <gtest/gtest.h>

#include "kernels/stencil/poisson.hpp"
#include "stencil_test_support.hpp"

namespace suanli::kernels::stencil {
namespace {

using test_support::random_field;

TEST(StencilTransferAny, EvenSizesMatchTheFactorTwoKernels) {
  for (auto [nx, ny] : {std::pair{1, 1}, {5, 3}, {16, 9}}) {
    const Field fine = random_field(2 * nx, 2 * ny, 7);
    Field a(nx, ny), b(nx, ny);
    restrict_area_weighted(fine, a);
    restrict_average_reference(fine, b);
    test_support::expect_same(a, b, 1e-14);

    const Field coarse = random_field(nx, ny, 8);
    Field c = random_field(2 * nx, 2 * ny, 9), d = c;
    prolong_linear_add(coarse, c);
    prolong_bilinear_add_reference(coarse, d);
    test_support::expect_same(c, d, 1e-14);
  }
}

TEST(StencilTransferAny, RestrictionKeepsTheIntegralOfOddAndPrimeGrids) {
  for (auto [n, m] : {std::pair{129, 65}, {127, 64}, {13, 7}, {7, 4}, {5, 3}, {97, 49}}) {
    const Field fine = random_field(n, n, 11);
    Field coarse(m, m);
    restrict_area_weighted(fine, coarse);
    double fine_sum = 0, coarse_sum = 0;
    for (int j = 1; j <= n; ++j)
      for (int i = 1; i <= n; ++i) fine_sum += fine(i, j);
    for (int j = 1; j <= m; ++j)
      for (int i = 1; i <= m; ++i) coarse_sum += coarse(i, j);
    // Coarse cells are (n/m)² fine cells in area.
    const double ratio = static_cast<double>(n) / m;
    EXPECT_NEAR(coarse_sum * ratio * ratio, fine_sum, 1e-10) << n << " -> " << m;
    // A constant stays that constant.
    Field ones(n, n), restricted(m, m);
    for (double& x : ones.data) x = 1;
    restrict_area_weighted(ones, restricted);
    for (int j = 1; j <= m; ++j)
      for (int i = 1; i <= m; ++i) ASSERT_NEAR(restricted(i, j), 1, 1e-14) << n << " -> " << m << " at " << i << "," << j;
  }
}

TEST(StencilTransferAny, ProlongationReproducesLinearFieldsOnOddAndPrimeGrids) {
  for (auto [n, m] : {std::pair{129, 65}, {127, 64}, {11, 6}, {7, 3}, {97, 49}}) {
    // Unit square: fine centres at (i − ½)/n, coarse centres (ghosts included) at (I − ½)/m.
    auto linear = [](double x, double y) { return 0.3 + 2 * x - 5 * y; };
    Field coarse(m, m), fine(n, n);
    for (int J = 0; J <= m + 1; ++J)
      for (int I = 0; I <= m + 1; ++I) coarse(I, J) = linear((I - 0.5) / m, (J - 0.5) / m);
    prolong_linear_add(coarse, fine);
    for (int j = 1; j <= n; ++j)
      for (int i = 1; i <= n; ++i)
        ASSERT_NEAR(fine(i, j), linear((i - 0.5) / n, (j - 0.5) / n), 1e-12) << n << " <- " << m << " at " << i << "," << j;
  }
}

}  // namespace
}  // namespace suanli::kernels::stencil
