// The inner loops of the optimised sparse kernels over SELL-8 chunks, in a
// portable and an AVX-512F variant chosen at run time from cpuid. The callers
// own the threads: each call covers a range of chunks.
#pragma once

#include <cstdint>

namespace suanli::kernels::sparse {

// One part of the SELL-8 layout (SparseMatrix::SellPart) as raw pointers.
struct SellPartView {
  const std::int64_t* chunk_slices;  // chunks + 1
  const std::int32_t* base;          // slices
  const std::uint8_t* offsets;       // slices × 8
  const double* values;              // slices × 8
};

// The SELL-8 arrays as raw pointers (SparseMatrix's optimised layout). A chunk's
// lanes are consecutive rows: lane l of chunk q is row chunk_row[8q] + l, or none
// where chunk_row[8q + l] is −1 (the end of a colour).
struct SellView {
  const std::int32_t* chunk_row;  // chunks × 8
  const double* chunk_diagonal;   // chunks × 8
  SellPartView lower, upper, last, halo;
};

// L, U, V and H below are the lower, upper, last and halo parts of the rows'
// entries (SparseMatrix), D the diagonal; the chunks of a relax call are of one
// colour, and each call writes only its own rows of x, t and u.
struct ChunkKernels {
  // y = (D + L + U + V + H)·x for the rows of chunks [begin, end).
  void (*multiply)(const SellView& a, std::int32_t begin, std::int32_t end, const double* x, double* y);
  // Forward Gauss-Seidel: t = r − L·x (kept for the backward sweep), x = (t − (U + V + H)·x) / D.
  void (*relax_forward)(const SellView& a, std::int32_t begin, std::int32_t end, const double* r, double* x,
                        double* t);
  // The same where x is still zero on every later colour of this rank: (U + V)·x = 0, U and V not read.
  void (*relax_forward_from_zero)(const SellView& a, std::int32_t begin, std::int32_t end, const double* r,
                                  double* x, double* t);
  // The same where U·x is known: u (the backward sweep's, below) stands for it, U is not read.
  void (*relax_forward_known_upper)(const SellView& a, std::int32_t begin, std::int32_t end, const double* r,
                                    const double* u, double* x, double* t);
  // Backward Gauss-Seidel with t from the forward sweep: x = (t − (U + V + H)·x) / D; where u is not
  // null, U·x is kept there.
  void (*relax_backward)(const SellView& a, std::int32_t begin, std::int32_t end, const double* t, double* x,
                         double* u);
};

const ChunkKernels& portable_chunk_kernels();  // plain C++, any x86-64
const ChunkKernels& avx512_chunk_kernels();    // AVX-512F
const ChunkKernels& best_chunk_kernels();      // the fastest this CPU runs

}  // namespace suanli::kernels::sparse
