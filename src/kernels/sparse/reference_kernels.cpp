// HPCG 3.1's reference kernels (ComputeSPMV_ref, ComputeSYMGS_ref,
// ComputeRestriction_ref, ComputeProlongation_ref, ComputeDotProduct_ref,
// ComputeWAXPBY_ref) on the CSR layout: deliberately plain, the oracle the
// optimised set is checked against and the `--reference` baseline.
#include "kernels/sparse/sparse_kernels.hpp"

#include <algorithm>

namespace suanli::kernels::sparse {
namespace {

void spmv_reference(const SparseMatrix& a, const double* x, double* y) {
#pragma omp parallel for
  for (std::int32_t i = 0; i < a.rows; ++i) {
    double sum = 0.0;
    for (std::int64_t k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) sum += a.values[k] * x[a.column_indices[k]];
    y[i] = sum;
  }
}

// Row i's update: subtract every entry (the diagonal too), add the diagonal
// term back, divide, as HPCG's reference does.
inline void gauss_seidel_row(const SparseMatrix& a, std::int32_t i, const double* r, double* x) {
  double sum = r[i];
  for (std::int64_t k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) sum -= a.values[k] * x[a.column_indices[k]];
  const double diagonal = a.diagonal[i];
  sum += x[i] * diagonal;
  x[i] = sum / diagonal;
}

void symgs_reference(const SparseMatrix& a, const double* r, double* x, double*, const HaloRefresh& refresh) {
  refresh(x);
  // The row of natural position t: t itself unless the optimised layout renumbered
  // the rows. Chosen once, outside the loops, so the timed reference pays nothing for it.
  auto sweeps = [&](auto row_of) {
    for (std::int32_t t = 0; t < a.rows; ++t) gauss_seidel_row(a, row_of(t), r, x);
    for (std::int32_t t = a.rows - 1; t >= 0; --t) gauss_seidel_row(a, row_of(t), r, x);
  };
  if (a.natural_order.empty())
    sweeps([](std::int32_t t) { return t; });
  else
    sweeps([order = a.natural_order.data()](std::int32_t t) { return order[t]; });
}

// HPCG's ComputeMG_ref zeroes x, then smooths.
void symgs_from_zero_reference(const SparseMatrix& a, const double* r, double* x, double* scratch,
                               const HaloRefresh& refresh) {
  std::fill(x, x + a.columns, 0.0);
  symgs_reference(a, r, x, scratch, refresh);
}

void residual_restriction_reference(const SparseMatrix& af, const std::int32_t* fine_of_coarse,
                                    std::int32_t coarse_rows, const double* rf, const double* xf, double* axf,
                                    double* rc) {
  spmv_reference(af, xf, axf);
#pragma omp parallel for
  for (std::int32_t i = 0; i < coarse_rows; ++i) rc[i] = rf[fine_of_coarse[i]] - axf[fine_of_coarse[i]];
}

void prolongation_reference(const std::int32_t* fine_of_coarse, std::int32_t coarse_rows, const double* xc,
                            double* xf) {
#pragma omp parallel for
  for (std::int32_t i = 0; i < coarse_rows; ++i) xf[fine_of_coarse[i]] += xc[i];
}

double dot_reference(std::int32_t n, const double* x, const double* y) {
  double sum = 0.0;
#pragma omp parallel for reduction(+ : sum)
  for (std::int32_t i = 0; i < n; ++i) sum += x[i] * y[i];
  return sum;
}

void waxpby_reference(std::int32_t n, double alpha, const double* x, double beta, const double* y, double* w) {
  if (alpha == 1.0) {
#pragma omp parallel for
    for (std::int32_t i = 0; i < n; ++i) w[i] = x[i] + beta * y[i];
  } else if (beta == 1.0) {
#pragma omp parallel for
    for (std::int32_t i = 0; i < n; ++i) w[i] = alpha * x[i] + y[i];
  } else {
#pragma omp parallel for
    for (std::int32_t i = 0; i < n; ++i) w[i] = alpha * x[i] + beta * y[i];
  }
}

}  // namespace

void symgs_colour_order_reference(const SparseMatrix& a, const double* r, double* x, const HaloRefresh& refresh) {
  const int lanes = SparseMatrix::chunk_lanes;
  auto sweep = [&](int colour) {
    refresh(x);
    for (std::int32_t q = a.colour_chunks[colour]; q < a.colour_chunks[colour + 1]; ++q)
      for (int lane = 0; lane < lanes; ++lane)
        if (const std::int32_t row = a.chunk_row[q * lanes + lane]; row >= 0) gauss_seidel_row(a, row, r, x);
  };
  for (int c = 0; c < a.colours(); ++c) sweep(c);
  for (int c = a.colours() - 1; c >= 0; --c) sweep(c);
}

const SparseKernels& reference_kernels() {
  static const SparseKernels kernels{
      .name = "reference",
      .spmv = spmv_reference,
      .symgs = symgs_reference,
      .symgs_from_zero = symgs_from_zero_reference,
      .symgs_after_prolongation = symgs_reference,
      .residual_restriction = residual_restriction_reference,
      .prolongation = prolongation_reference,
      .dot = dot_reference,
      .waxpby = waxpby_reference,
  };
  return kernels;
}

}  // namespace suanli::kernels::sparse
