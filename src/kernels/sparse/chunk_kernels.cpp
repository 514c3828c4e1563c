#include "kernels/sparse/chunk_kernels.hpp"

namespace suanli::kernels::sparse {
namespace {

constexpr int lanes = 8;

// Eight independent sums, one per lane, so the core overlaps the rows.
inline void chunk_sums(const SellView& a, std::int32_t q, const double* x, double* sum) {
  for (int lane = 0; lane < lanes; ++lane) sum[lane] = 0.0;
  for (std::int64_t s = a.chunk_slices[q]; s < a.chunk_slices[q + 1]; ++s) {
    const double* v = a.values + s * lanes;
    const std::uint8_t* d = a.offsets + s * lanes;
    const double* xs = x + a.base[s];
    for (int lane = 0; lane < lanes; ++lane) sum[lane] += v[lane] * xs[d[lane]];
  }
}

void multiply_portable(const SellView& a, std::int32_t begin, std::int32_t end, const double* x, double* y) {
  double sum[lanes];
  for (std::int32_t q = begin; q < end; ++q) {
    chunk_sums(a, q, x, sum);
    for (int lane = 0; lane < lanes; ++lane)
      if (const std::int32_t row = a.chunk_row[q * lanes + lane]; row >= 0) y[row] = sum[lane];
  }
}

void relax_portable(const SellView& a, std::int32_t begin, std::int32_t end, const double* r, double* x) {
  double sum[lanes];
  for (std::int32_t q = begin; q < end; ++q) {
    chunk_sums(a, q, x, sum);
    for (int lane = 0; lane < lanes; ++lane)
      if (const std::int32_t row = a.chunk_row[q * lanes + lane]; row >= 0)
        x[row] += (r[row] - sum[lane]) / a.chunk_diagonal[q * lanes + lane];
  }
}

}  // namespace

const ChunkKernels& portable_chunk_kernels() {
  static const ChunkKernels kernels{multiply_portable, relax_portable};
  return kernels;
}

const ChunkKernels& best_chunk_kernels() {
  return __builtin_cpu_supports("avx512f") ? avx512_chunk_kernels() : portable_chunk_kernels();
}

}  // namespace suanli::kernels::sparse
