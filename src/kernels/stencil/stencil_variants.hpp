// The stencil loops of poisson.hpp and momentum.hpp as a table, one per instruction set, chosen at
// run time from cpuid: AVX-512 and AVX2 run the same loops 8 and 4 doubles wide (a V(1,1) cycle on
// 128² took 117 µs baseline, 85 µs AVX2, 75 µs AVX-512 here). The public functions call the best.
#pragma once

#include <span>

#include "kernels/stencil/momentum.hpp"
#include "kernels/stencil/poisson.hpp"

namespace suanli::kernels::stencil {

struct StencilLoops {
  const char* name;  // "baseline", "avx2", "avx512"
  void (*rbgs_half_sweep)(Field&, const Field&, const Field&, double, int, int);
  double (*residual)(const Field&, const Field&, double, Field&);
  void (*restrict_average)(const Field&, Field&);
  void (*prolong_bilinear_add)(const Field&, Field&);
  void (*momentum_step)(const Field&, const Field&, double, double, double, FaceRange, Field&, Field&);
  double (*divergence)(const Field&, const Field&, double, double, Field&);
  void (*subtract_gradient)(const Field&, double, double, FaceRange, Field&, Field&);
};

namespace baseline { const StencilLoops& loops(); }
namespace avx2 { const StencilLoops& loops(); }
namespace avx512 { const StencilLoops& loops(); }

// The variants this CPU can run, baseline first; the best is the last.
std::span<const StencilLoops* const> available_stencil_loops();
const StencilLoops& best_stencil_loops();

}  // namespace suanli::kernels::stencil
