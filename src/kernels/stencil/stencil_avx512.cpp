// The AVX-512 build of the stencil loops; called only when the CPU has AVX512F (stencil_loops.inc).
#include "kernels/stencil/stencil_variants.hpp"

#pragma GCC target("avx512f")
#define SUANLI_STENCIL_VARIANT avx512
#define SUANLI_STENCIL_VARIANT_NAME "avx512"
#include "kernels/stencil/stencil_loops.inc"
