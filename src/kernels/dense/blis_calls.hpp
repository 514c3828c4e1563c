// The BLIS calls suanli makes, through BLIS's typed API (bli_?gemm_ex, bli_?trsm_ex), never its
// CBLAS: both BLIS and OpenBLAS export cblas_*, and those symbols belong to OpenBLAS here.
//
// Matrices are given by strides, as BLIS takes them: element (i, j) of a stored matrix is at
// p[i·rs + j·cs] (column-major: rs = 1, cs = ld; row-major: rs = ld, cs = 1). Dimensions are those of
// op(A), op(B) and C, as in BLAS.
//
// Threads: BLIS's OpenMP build reads BLIS_NUM_THREADS / OMP_NUM_THREADS once, at its start, not the
// OpenMP team of the moment. Each call here passes BLIS its thread count explicitly (a rntm_t):
// blis_threads(), the team OpenBLAS would use for the same call.
#pragma once

namespace suanli::kernels::dense {

// omp_get_max_threads() of the calling thread, or 1 inside a parallel region (as OpenBLAS's
// OpenMP build does: a call from a parallel loop runs on its caller's thread alone).
int blis_threads();

struct Strided {
  long rs = 1, cs = 1;
};

// C = alpha·op(A)·op(B) + beta·C, C m×n, op(A) m×k. BLIS must be started (blis_runtime.hpp).
void blis_gemm(bool transpose_a, bool transpose_b, long m, long n, long k, double alpha, const double* a, Strided sa,
               const double* b, Strided sb, double beta, double* c, Strided sc);
void blis_gemm(bool transpose_a, bool transpose_b, long m, long n, long k, float alpha, const float* a, Strided sa,
               const float* b, Strided sb, float beta, float* c, Strided sc);

// B = alpha·op(A)⁻¹·B with A m×m triangular (lower or upper, unit diagonal or not), B m×n.
void blis_trsm_left(bool lower, bool unit_diagonal, long m, long n, double alpha, const double* a, Strided sa,
                    double* b, Strided sb);
void blis_trsm_left(bool lower, bool unit_diagonal, long m, long n, float alpha, const float* a, Strided sa, float* b,
                    Strided sb);

}  // namespace suanli::kernels::dense
