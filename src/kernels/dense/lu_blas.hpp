// The BLAS calls of dense LU (src/solvers/lu) behind one adapter, so solvers never include cblas.h.
// Column-major throughout (leading dimension = distance between columns), overloaded for the two
// precisions LU is instantiated in (FP64 for HPL, FP32 for the later mixed-precision solver).
// GEMM and TRSM run on the active dense engine (blas_engine.hpp: BLIS or OpenBLAS), the level-1/2
// calls on OpenBLAS; all on omp_get_max_threads() OpenMP threads of the caller (1 inside a parallel region).
#pragma once

#include <cstddef>

namespace suanli::kernels::dense::lu_blas {

// C(m×n) -= A(m×k)·B(k×n): the trailing update, 2·m·n·k flops.
void gemm_minus(int m, int n, int k, const double* a, int lda, const double* b, int ldb, double* c, int ldc);
void gemm_minus(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c, int ldc);

// B(m×n) = L⁻¹·B with L(m×m) unit lower triangular: forms U12 from the pivoted block row, m²·n flops.
void trsm_unit_lower(int m, int n, const double* l, int ldl, double* b, int ldb);
void trsm_unit_lower(int m, int n, const float* l, int ldl, float* b, int ldb);

// B(m×n) = U⁻¹·B with U(m×m) upper triangular (non-unit): the diagonal blocks of back substitution.
void trsm_upper(int m, int n, const double* u, int ldu, double* b, int ldb);
void trsm_upper(int m, int n, const float* u, int ldu, float* b, int ldb);

// Index (0-based) of the entry of largest magnitude among x[0], x[inc], ... (n > 0).
int iamax(int n, const double* x, int inc);
int iamax(int n, const float* x, int inc);

void swap(int n, double* x, int incx, double* y, int incy);
void swap(int n, float* x, int incx, float* y, int incy);

void scal(int n, double alpha, double* x, int inc);
void scal(int n, float alpha, float* x, int inc);

// A(m×n) += alpha·x·yᵀ: the rank-1 update of the unblocked panel.
void ger(int m, int n, double alpha, const double* x, int incx, const double* y, int incy, double* a, int lda);
void ger(int m, int n, float alpha, const float* x, int incx, const float* y, int incy, float* a, int lda);

}  // namespace suanli::kernels::dense::lu_blas
