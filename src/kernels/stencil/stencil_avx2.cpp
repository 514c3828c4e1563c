// The AVX2 build of the stencil loops; called only when the CPU has AVX2 (stencil_loops.inc).
#include "kernels/stencil/stencil_variants.hpp"

#pragma GCC target("avx2")
#define SUANLI_STENCIL_VARIANT avx2
#define SUANLI_STENCIL_VARIANT_NAME "avx2"
#include "kernels/stencil/stencil_loops.inc"
