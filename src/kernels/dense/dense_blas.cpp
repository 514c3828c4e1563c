#include "kernels/dense/dense_blas.hpp"

#include <cblas.h>

#include "kernels/dense/blas_engine.hpp"
#include "kernels/dense/blis_calls.hpp"

namespace suanli::kernels::dense {

void sgemm_row_major(Op op_a, Op op_b, int m, int n, int k, float alpha, const float* a, int lda, const float* b,
                     int ldb, float beta, float* c, int ldc) {
  if (m <= 0 || n <= 0) return;
  const bool ta = op_a == Op::transpose, tb = op_b == Op::transpose;
  if (active_blas_engine() == BlasEngine::blis) {
    // Row-major storage: element (i, j) of a stored matrix at p[i·ld + j].
    blis_gemm(ta, tb, m, n, k, alpha, a, {lda, 1}, b, {ldb, 1}, beta, c, {ldc, 1});
    return;
  }
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, alpha, a, lda, b,
              ldb, beta, c, ldc);
}

}  // namespace suanli::kernels::dense
