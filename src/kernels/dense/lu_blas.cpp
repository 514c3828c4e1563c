#include "kernels/dense/lu_blas.hpp"

#include <cblas.h>

#include "kernels/dense/blas_engine.hpp"
#include "kernels/dense/blis_calls.hpp"

namespace suanli::kernels::dense::lu_blas {
namespace {

// Column-major: element (i, j) at p[i + j·ld].
Strided columns(int ld) { return {1, ld}; }

bool on_blis() { return active_blas_engine() == BlasEngine::blis; }

}  // namespace

// The level-3 calls (GEMM, TRSM) go to the active engine; the level-1 and 2 calls of the panel
// (iamax, swap, scal, ger) stay on OpenBLAS: they are bound by memory, not by the kernels.

void gemm_minus(int m, int n, int k, const double* a, int lda, const double* b, int ldb, double* c, int ldc) {
  if (m <= 0 || n <= 0 || k <= 0) return;
  if (on_blis())
    blis_gemm(false, false, m, n, k, -1.0, a, columns(lda), b, columns(ldb), 1.0, c, columns(ldc));
  else
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, m, n, k, -1.0, a, lda, b, ldb, 1.0, c, ldc);
}
void gemm_minus(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c, int ldc) {
  if (m <= 0 || n <= 0 || k <= 0) return;
  if (on_blis())
    blis_gemm(false, false, m, n, k, -1.0f, a, columns(lda), b, columns(ldb), 1.0f, c, columns(ldc));
  else
    cblas_sgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, m, n, k, -1.0f, a, lda, b, ldb, 1.0f, c, ldc);
}

void trsm_unit_lower(int m, int n, const double* l, int ldl, double* b, int ldb) {
  if (m <= 0 || n <= 0) return;
  if (on_blis())
    blis_trsm_left(true, true, m, n, 1.0, l, columns(ldl), b, columns(ldb));
  else
    cblas_dtrsm(CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasUnit, m, n, 1.0, l, ldl, b, ldb);
}
void trsm_unit_lower(int m, int n, const float* l, int ldl, float* b, int ldb) {
  if (m <= 0 || n <= 0) return;
  if (on_blis())
    blis_trsm_left(true, true, m, n, 1.0f, l, columns(ldl), b, columns(ldb));
  else
    cblas_strsm(CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasUnit, m, n, 1.0f, l, ldl, b, ldb);
}

void trsm_upper(int m, int n, const double* u, int ldu, double* b, int ldb) {
  if (m <= 0 || n <= 0) return;
  if (on_blis())
    blis_trsm_left(false, false, m, n, 1.0, u, columns(ldu), b, columns(ldb));
  else
    cblas_dtrsm(CblasColMajor, CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, m, n, 1.0, u, ldu, b, ldb);
}
void trsm_upper(int m, int n, const float* u, int ldu, float* b, int ldb) {
  if (m <= 0 || n <= 0) return;
  if (on_blis())
    blis_trsm_left(false, false, m, n, 1.0f, u, columns(ldu), b, columns(ldb));
  else
    cblas_strsm(CblasColMajor, CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, m, n, 1.0f, u, ldu, b, ldb);
}

int iamax(int n, const double* x, int inc) { return static_cast<int>(cblas_idamax(n, x, inc)); }
int iamax(int n, const float* x, int inc) { return static_cast<int>(cblas_isamax(n, x, inc)); }

void swap(int n, double* x, int incx, double* y, int incy) { cblas_dswap(n, x, incx, y, incy); }
void swap(int n, float* x, int incx, float* y, int incy) { cblas_sswap(n, x, incx, y, incy); }

void scal(int n, double alpha, double* x, int inc) { cblas_dscal(n, alpha, x, inc); }
void scal(int n, float alpha, float* x, int inc) { cblas_sscal(n, alpha, x, inc); }

void ger(int m, int n, double alpha, const double* x, int incx, const double* y, int incy, double* a, int lda) {
  if (m <= 0 || n <= 0) return;
  cblas_dger(CblasColMajor, m, n, alpha, x, incx, y, incy, a, lda);
}
void ger(int m, int n, float alpha, const float* x, int incx, const float* y, int incy, float* a, int lda) {
  if (m <= 0 || n <= 0) return;
  cblas_sger(CblasColMajor, m, n, alpha, x, incx, y, incy, a, lda);
}

}  // namespace suanli::kernels::dense::lu_blas
