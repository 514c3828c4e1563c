// The inner loops of the optimised sparse kernels over SELL-8 chunks, in a
// portable and an AVX-512F variant chosen at run time from cpuid. The callers
// own the threads: each call covers a range of chunks.
#pragma once

#include <cstdint>

namespace suanli::kernels::sparse {

// The SELL-8 arrays as raw pointers (SparseMatrix's optimised layout). A chunk's
// lanes are consecutive rows: lane l of chunk q is row chunk_row[8q] + l, or none
// where chunk_row[8q + l] is −1 (the end of a colour).
struct SellView {
  const std::int64_t* chunk_slices;  // chunks + 1
  const std::int32_t* chunk_row;     // chunks × 8
  const double* chunk_diagonal;      // chunks × 8
  const double* values;              // slices × 8
  const std::uint8_t* offsets;       // slices × 8
  const std::int32_t* base;          // slices
};

struct ChunkKernels {
  // y[row] = Σ_j a_row,j·x_j for the rows of chunks [begin, end).
  void (*multiply)(const SellView& a, std::int32_t begin, std::int32_t end, const double* x, double* y);
  // x_i += (r_i − Σ_j a_ij·x_j) / a_ii for the rows of chunks [begin, end), all of one colour.
  void (*relax)(const SellView& a, std::int32_t begin, std::int32_t end, const double* r, double* x);
};

const ChunkKernels& portable_chunk_kernels();  // plain C++, any x86-64
const ChunkKernels& avx512_chunk_kernels();    // AVX-512F
const ChunkKernels& best_chunk_kernels();      // the fastest this CPU runs

}  // namespace suanli::kernels::sparse
