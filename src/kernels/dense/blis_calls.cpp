#include "kernels/dense/blis_calls.hpp"

#include <blis.h>
#include <omp.h>

namespace suanli::kernels::dense {
namespace {

rntm_t runtime_for_call() {
  rntm_t rntm;
  bli_rntm_init(&rntm);
  // The total only: BLIS splits it over its loops (jc, ic, jr) by the shape of the product.
  bli_rntm_set_num_threads(blis_threads(), &rntm);
  return rntm;
}

trans_t transpose(bool t) { return t ? BLIS_TRANSPOSE : BLIS_NO_TRANSPOSE; }

// BLIS's typed API takes non-const pointers for inputs it only reads.
template <typename T>
T* in(const T* p) {
  return const_cast<T*>(p);
}

}  // namespace

int blis_threads() { return omp_in_parallel() ? 1 : omp_get_max_threads(); }

void blis_gemm(bool ta, bool tb, long m, long n, long k, double alpha, const double* a, Strided sa, const double* b,
               Strided sb, double beta, double* c, Strided sc) {
  rntm_t rntm = runtime_for_call();
  bli_dgemm_ex(transpose(ta), transpose(tb), m, n, k, &alpha, in(a), sa.rs, sa.cs, in(b), sb.rs, sb.cs, &beta, c, sc.rs,
               sc.cs, nullptr, &rntm);
}

void blis_gemm(bool ta, bool tb, long m, long n, long k, float alpha, const float* a, Strided sa, const float* b,
               Strided sb, float beta, float* c, Strided sc) {
  rntm_t rntm = runtime_for_call();
  bli_sgemm_ex(transpose(ta), transpose(tb), m, n, k, &alpha, in(a), sa.rs, sa.cs, in(b), sb.rs, sb.cs, &beta, c, sc.rs,
               sc.cs, nullptr, &rntm);
}

void blis_trsm_left(bool lower, bool unit, long m, long n, double alpha, const double* a, Strided sa, double* b,
                    Strided sb) {
  rntm_t rntm = runtime_for_call();
  bli_dtrsm_ex(BLIS_LEFT, lower ? BLIS_LOWER : BLIS_UPPER, BLIS_NO_TRANSPOSE, unit ? BLIS_UNIT_DIAG : BLIS_NONUNIT_DIAG,
               m, n, &alpha, in(a), sa.rs, sa.cs, b, sb.rs, sb.cs, nullptr, &rntm);
}

void blis_trsm_left(bool lower, bool unit, long m, long n, float alpha, const float* a, Strided sa, float* b,
                    Strided sb) {
  rntm_t rntm = runtime_for_call();
  bli_strsm_ex(BLIS_LEFT, lower ? BLIS_LOWER : BLIS_UPPER, BLIS_NO_TRANSPOSE, unit ? BLIS_UNIT_DIAG : BLIS_NONUNIT_DIAG,
               m, n, &alpha, in(a), sa.rs, sa.cs, b, sb.rs, sb.cs, nullptr, &rntm);
}

}  // namespace suanli::kernels::dense
