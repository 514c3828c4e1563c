#include "kernels/sparse/chunk_kernels.hpp"

namespace suanli::kernels::sparse {
namespace {

constexpr int lanes = 8;

// Adds chunk q's slices of one part to the eight lane sums: eight independent
// sums, one per lane, so the core overlaps the rows.
inline void add_part(const SellPartView& p, std::int32_t q, const double* x, double* sum) {
  for (std::int64_t s = p.chunk_slices[q]; s < p.chunk_slices[q + 1]; ++s) {
    const double* v = p.values + s * lanes;
    const std::uint8_t* d = p.offsets + s * lanes;
    const double* xs = x + p.base[s];
    for (int lane = 0; lane < lanes; ++lane) sum[lane] += v[lane] * xs[d[lane]];
  }
}

void multiply_portable(const SellView& a, std::int32_t begin, std::int32_t end, const double* x, double* y) {
  for (std::int32_t q = begin; q < end; ++q) {
    double sum[lanes] = {};
    add_part(a.lower, q, x, sum);
    add_part(a.upper, q, x, sum);
    add_part(a.last, q, x, sum);
    add_part(a.halo, q, x, sum);
    for (int lane = 0; lane < lanes; ++lane)
      if (const std::int32_t row = a.chunk_row[q * lanes + lane]; row >= 0)
        y[row] = sum[lane] + a.chunk_diagonal[q * lanes + lane] * x[row];
  }
}

// The forward sweeps: which of U·x is read, zero, or known in u.
enum class Upper { read, zero, known };

template <Upper upper>
void forward_portable(const SellView& a, std::int32_t begin, std::int32_t end, const double* r, const double* u,
                      double* x, double* t) {
  for (std::int32_t q = begin; q < end; ++q) {
    double lower[lanes] = {}, rest[lanes] = {};
    add_part(a.lower, q, x, lower);
    if (upper == Upper::read) add_part(a.upper, q, x, rest);
    if (upper != Upper::zero) add_part(a.last, q, x, rest);
    add_part(a.halo, q, x, rest);
    for (int lane = 0; lane < lanes; ++lane)
      if (const std::int32_t row = a.chunk_row[q * lanes + lane]; row >= 0) {
        t[row] = r[row] - lower[lane];
        const double known = upper == Upper::known ? u[row] : 0.0;
        x[row] = (t[row] - known - rest[lane]) / a.chunk_diagonal[q * lanes + lane];
      }
  }
}

void relax_forward_portable(const SellView& a, std::int32_t begin, std::int32_t end, const double* r, double* x,
                            double* t) {
  forward_portable<Upper::read>(a, begin, end, r, nullptr, x, t);
}

void relax_forward_from_zero_portable(const SellView& a, std::int32_t begin, std::int32_t end, const double* r,
                                      double* x, double* t) {
  forward_portable<Upper::zero>(a, begin, end, r, nullptr, x, t);
}

void relax_forward_known_upper_portable(const SellView& a, std::int32_t begin, std::int32_t end, const double* r,
                                        const double* u, double* x, double* t) {
  forward_portable<Upper::known>(a, begin, end, r, u, x, t);
}

void relax_backward_portable(const SellView& a, std::int32_t begin, std::int32_t end, const double* t, double* x,
                             double* u) {
  for (std::int32_t q = begin; q < end; ++q) {
    double upper[lanes] = {}, rest[lanes] = {};
    add_part(a.upper, q, x, upper);
    add_part(a.last, q, x, rest);
    add_part(a.halo, q, x, rest);
    for (int lane = 0; lane < lanes; ++lane)
      if (const std::int32_t row = a.chunk_row[q * lanes + lane]; row >= 0) {
        if (u) u[row] = upper[lane];
        x[row] = (t[row] - upper[lane] - rest[lane]) / a.chunk_diagonal[q * lanes + lane];
      }
  }
}

}  // namespace

const ChunkKernels& portable_chunk_kernels() {
  static const ChunkKernels kernels{multiply_portable, relax_forward_portable, relax_forward_from_zero_portable,
                                    relax_forward_known_upper_portable, relax_backward_portable};
  return kernels;
}

const ChunkKernels& best_chunk_kernels() {
  return __builtin_cpu_supports("avx512f") ? avx512_chunk_kernels() : portable_chunk_kernels();
}

}  // namespace suanli::kernels::sparse
