// Row-major SGEMM on the active dense engine (blas_engine.hpp): the FP32 products of the transformer's
// layers and attention, so that they run on BLIS or OpenBLAS as `--blas` and the rule say.
#pragma once

namespace suanli::kernels::dense {

enum class Op { none, transpose };

// C(m×n) = alpha·op(A)·op(B) + beta·C; row-major, leading dimensions as CBLAS takes them
// (op(A) m×k, op(B) k×n). Threads as blis_calls.hpp says (1 inside a parallel region).
void sgemm_row_major(Op op_a, Op op_b, int m, int n, int k, float alpha, const float* a, int lda, const float* b,
                     int ldb, float beta, float* c, int ldc);

}  // namespace suanli::kernels::dense
