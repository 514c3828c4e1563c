// The staggered-grid momentum and projection stencils, every instruction-set variant this CPU runs,
// against their reference twins, including
// the face ranges that leave out a wall's normal faces, and two properties of the discretisation.
#include "kernels/stencil/momentum.hpp"
#include "kernels/stencil/stencil_variants.hpp"
#include "stencil_test_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace suanli::kernels::stencil {
namespace {

using test_support::random_field;
void expect_same(const Field& a, const Field& b) { test_support::expect_same(a, b, 1e-12); }

TEST(StencilMomentum, MomentumStepMatchesReference) {
  for (const StencilLoops* k : available_stencil_loops())
    for (auto [nx, ny] : {std::pair{1, 1}, {5, 7}, {32, 19}})
      for (FaceRange range : {FaceRange{nx, ny}, FaceRange{nx - 1, ny - 1}}) {
        const Field u = random_field(nx, ny, 1), v = random_field(nx, ny, 2);
        Field u1 = random_field(nx, ny, 3), v1 = random_field(nx, ny, 4), u2 = u1, v2 = v1;
        k->momentum_step(u, v, 0.2, 0.01, 0.003, range, u1, v1);
        momentum_step_reference(u, v, 0.2, 0.01, 0.003, range, u2, v2);
        expect_same(u1, u2);
        expect_same(v1, v2);
      }
}

TEST(StencilMomentum, DivergenceAndGradientMatchReference) {
  for (const StencilLoops* k : available_stencil_loops())
    for (auto [nx, ny] : {std::pair{2, 3}, {17, 8}}) {
      const Field u = random_field(nx, ny, 5), v = random_field(nx, ny, 6), phi = random_field(nx, ny, 7);
      Field d1(nx, ny), d2(nx, ny);
      EXPECT_NEAR(k->divergence(u, v, 0.25, 3.0, d1), divergence_reference(u, v, 0.25, 3.0, d2), 1e-11);
      expect_same(d1, d2);
      for (FaceRange range : {FaceRange{nx, ny}, FaceRange{nx - 1, ny - 1}}) {
        Field u1 = u, v1 = v, u2 = u, v2 = v;
        k->subtract_gradient(phi, 0.25, 0.1, range, u1, v1);
        subtract_gradient_reference(phi, 0.25, 0.1, range, u2, v2);
        expect_same(u1, u2);
        expect_same(v1, v2);
      }
    }
}

TEST(StencilMomentum, UniformFlowIsASteadySolution) {
  // Constant u, v: no advection (fluxes balance), no diffusion.
  const int nx = 9, ny = 6;
  Field u(nx, ny), v(nx, ny), out_u(nx, ny), out_v(nx, ny);
  for (double& x : u.data) x = 0.7;
  for (double& x : v.data) x = -0.4;
  momentum_step(u, v, 0.1, 0.05, 0.01, {nx, ny}, out_u, out_v);
  for (int j = 1; j <= ny; ++j)
    for (int i = 1; i <= nx; ++i) {
      EXPECT_NEAR(out_u(i, j), 0.7, 1e-14);
      EXPECT_NEAR(out_v(i, j), -0.4, 1e-14);
    }
}

TEST(StencilMomentum, TheDiscreteGradientOfALinearPotentialIsExact) {
  const int nx = 6, ny = 5;
  const double h = 0.5, dt = 0.2;
  Field phi(nx, ny), u(nx, ny), v(nx, ny);
  for (int j = 0; j <= ny + 1; ++j)
    for (int i = 0; i <= nx + 1; ++i) phi(i, j) = 2 * (i - 0.5) * h - 1 * (j - 0.5) * h;
  subtract_gradient(phi, h, dt, {nx, ny}, u, v);
  EXPECT_NEAR(u(3, 2), -dt * 2, 1e-14);
  EXPECT_NEAR(v(3, 2), dt * 1, 1e-14);
}

}  // namespace
}  // namespace suanli::kernels::stencil
