// The momentum and projection stencils of incompressible flow on a staggered (MAC) grid of
// spacing h. Storage: u(i, j) is the x-velocity on the east face of cell (i, j), v(i, j) the
// y-velocity on its north face, pressure-like scalars sit at cell centres; all three share the
// Field layout, so one halo exchange serves them all.
//
// Second order in space: advection in divergence form, ∂(uu)/∂x + ∂(uv)/∂y, with face values
// averaged from the two neighbours (central), diffusion by the 5-point Laplacian.
// Cost per updated face: 17 FLOP for advection, 6 for diffusion, 3 for the update.
#pragma once

#include "kernels/stencil/field.hpp"

namespace suanli::kernels::stencil {

// Which faces a rank updates: u(i, j) for i in [1, u_last_i], j in [1, ny]; v(i, j) for i in
// [1, nx], j in [1, v_last_j]. A wall's face (u at an east wall, v at a north wall) is excluded.
struct FaceRange {
  int u_last_i = 0;
  int v_last_j = 0;
};

// out = in + dt·(−∇·(u⊗u) + nu·∇²u) on the faces of range; other entries of out are not written.
void momentum_step(const Field& u, const Field& v, double h, double nu, double dt, FaceRange range, Field& out_u,
                   Field& out_v);
void momentum_step_reference(const Field& u, const Field& v, double h, double nu, double dt, FaceRange range,
                             Field& out_u, Field& out_v);

// div(i, j) = scale·((u(i,j) − u(i−1,j)) + (v(i,j) − v(i,j−1)))/h on the owned cells; returns
// the sum over the owned cells (for the mean of a singular Poisson problem's right-hand side).
double divergence(const Field& u, const Field& v, double h, double scale, Field& div);
double divergence_reference(const Field& u, const Field& v, double h, double scale, Field& div);

// u −= dt·∂φ/∂x and v −= dt·∂φ/∂y on the faces of range (φ's ghosts filled).
void subtract_gradient(const Field& phi, double h, double dt, FaceRange range, Field& u, Field& v);
void subtract_gradient_reference(const Field& phi, double h, double dt, FaceRange range, Field& u, Field& v);

}  // namespace suanli::kernels::stencil
