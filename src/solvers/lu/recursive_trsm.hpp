// U12 = L11⁻¹·A12, the triangular solve of every trailing update, recast as mostly GEMM.
// Measured at n = 20000, NB = 192 on 1×2 (OpenBLAS, one thread per rank, docs/hpl.md): the library's
// DTRSM on these shapes (m = NB rows, thousands of columns) ran at about a fifth of its DGEMM rate
// and took 3% of the run. Recursive halving keeps the flops
// (m²·n) but moves all except the base blocks' share (base/m of them) into GEMMs:
//   [L1  0 ] [X1]   [B1]     X1 = L1⁻¹·B1                (recursively)
//   [L21 L2] [X2] = [B2]  →  B2 −= L21·X1                 (GEMM, (m/2)²·n·2 flops at the top)
//                            X2 = L2⁻¹·B2                (recursively)
// Rounding differs from a plain DTRSM only in the order of the sums.
#pragma once

#include "kernels/dense/lu_blas.hpp"

namespace suanli::solvers::lu {

// Rows per base block, solved by the library's TRSM: GEMMs with a smaller inner dimension run far
// below peak, so splitting further would not pay.
constexpr int trsm_base_rows = 32;

// B(m×n) = L⁻¹·B with L(m×m) unit lower triangular, column-major.
template <typename T>
void solve_unit_lower(int m, int n, const T* l, int ldl, T* b, int ldb) {
  namespace blas = kernels::dense::lu_blas;
  if (m <= trsm_base_rows || n <= 0) {
    if (m > 0 && n > 0) blas::trsm_unit_lower(m, n, l, ldl, b, ldb);
    return;
  }
  const int top = m / 2;
  solve_unit_lower(top, n, l, ldl, b, ldb);
  // Rows [top, m) of B minus L21·X1: they and rows [0, top) are disjoint, so B is not aliased.
  blas::gemm_minus(m - top, n, top, l + top, ldl, b, ldb, b + top, ldb);
  solve_unit_lower(m - top, n, l + top + static_cast<long>(top) * ldl, ldl, b + top, ldb);
}

}  // namespace suanli::solvers::lu
