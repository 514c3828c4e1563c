#include <vector>

#include "kernels/stencil/stencil_variants.hpp"

namespace suanli::kernels::stencil {

std::span<const StencilLoops* const> available_stencil_loops() {
  // __builtin_cpu_supports also checks that the OS saves the wide registers.
  static const std::vector<const StencilLoops*> list = [] {
    std::vector<const StencilLoops*> v = {&baseline::loops()};
    if (__builtin_cpu_supports("avx2")) v.push_back(&avx2::loops());
    if (__builtin_cpu_supports("avx512f")) v.push_back(&avx512::loops());
    return v;
  }();
  return list;
}

const StencilLoops& best_stencil_loops() { return *available_stencil_loops().back(); }

void rbgs_half_sweep(Field& phi, const Field& f, const Field& inverse_diagonal, double h, int colour, int parity) {
  best_stencil_loops().rbgs_half_sweep(phi, f, inverse_diagonal, h, colour, parity);
}

double residual(const Field& phi, const Field& f, double h, Field& r) { return best_stencil_loops().residual(phi, f, h, r); }

void restrict_average(const Field& fine, Field& coarse) { best_stencil_loops().restrict_average(fine, coarse); }

void prolong_bilinear_add(const Field& coarse, Field& fine) { best_stencil_loops().prolong_bilinear_add(coarse, fine); }

void momentum_step(const Field& u, const Field& v, double h, double nu, double dt, FaceRange range, Field& out_u,
                   Field& out_v) {
  best_stencil_loops().momentum_step(u, v, h, nu, dt, range, out_u, out_v);
}

double divergence(const Field& u, const Field& v, double h, double scale, Field& div) {
  return best_stencil_loops().divergence(u, v, h, scale, div);
}

void subtract_gradient(const Field& phi, double h, double dt, FaceRange range, Field& u, Field& v) {
  best_stencil_loops().subtract_gradient(phi, h, dt, range, u, v);
}

}  // namespace suanli::kernels::stencil
