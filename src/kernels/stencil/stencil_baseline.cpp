// The baseline x86-64 (SSE2) build of the stencil loops, for any CPU (stencil_loops.inc).
#include "kernels/stencil/stencil_variants.hpp"


#define SUANLI_STENCIL_VARIANT baseline
#define SUANLI_STENCIL_VARIANT_NAME "baseline"
#include "kernels/stencil/stencil_loops.inc"
