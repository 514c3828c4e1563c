// The optimised HPCG kernels on the SELL-8 layout. Where the reference loses
// time: each CSR row's sum is one chain of dependent adds, and natural-order
// Gauss-Seidel chains every row to the one before, so neither the vector unit
// nor a second thread can help. Here eight rows of one colour are summed at
// once (independent, so they share a vector), a colour's chunks are split over
// the threads, and the restriction computes the residual only where it injects.
#include <omp.h>

#include <cassert>

#include "kernels/sparse/chunk_kernels.hpp"
#include "kernels/sparse/sparse_kernels.hpp"

namespace suanli::kernels::sparse {
namespace {

// The chunk loops of the variant this CPU runs best (chunk_kernels.hpp).
const ChunkKernels& chunk_kernels() {
  static const ChunkKernels& best = best_chunk_kernels();
  return best;
}

SellPartView part_view(const SparseMatrix::SellPart& p) {
  return {p.chunk_slices.data(), p.base.data(), p.offsets.data(), p.values.data()};
}

SellView sell_view(const SparseMatrix& a) {
  return {a.chunk_row.data(),  a.chunk_diagonal.data(), part_view(a.lower),
          part_view(a.upper), part_view(a.last),        part_view(a.halo)};
}

// y[row] = Σ a_row,j·x_j for every row of chunks [begin, end).
void multiply_chunks(const SparseMatrix& a, std::int32_t begin, std::int32_t end, const double* x, double* y) {
  chunk_kernels().multiply(sell_view(a), begin, end, x, y);
}

// Below this many chunks (8 rows each) a parallel region costs more than it saves.
constexpr std::int32_t parallel_chunks = 512;
constexpr std::int32_t parallel_rows = 8 * parallel_chunks;

// Thread `thread` of `threads`'s contiguous share of [first, last).
template <typename Work>
void on_thread_share(std::int32_t first, std::int32_t last, int thread, int threads, Work&& work) {
  const std::int64_t n = last - first;
  work(static_cast<std::int32_t>(first + n * thread / threads), static_cast<std::int32_t>(first + n * (thread + 1) / threads));
}

// Runs work(begin, end) over [first, last), split into one contiguous range per thread.
template <typename Work>
void for_chunk_ranges(std::int32_t first, std::int32_t last, Work&& work) {
  if (last - first < parallel_chunks) {
    work(first, last);
    return;
  }
#pragma omp parallel
  on_thread_share(first, last, omp_get_thread_num(), omp_get_num_threads(), work);
}

void spmv_optimised(const SparseMatrix& a, const double* x, double* y) {
  assert(a.has_optimised_layout());
  for_chunk_ranges(0, a.chunks(), [&](std::int32_t begin, std::int32_t end) { multiply_chunks(a, begin, end, x, y); });
}

// Forward through the colours, then backward: the backward sweep is the forward
// one's transpose, so the step stays symmetric (HPCG checks it). The backward
// sweep starts with the colour the forward one ended with; nothing it reads has
// changed since, so that colour's second update would add nothing and is skipped.
// The forward sweep leaves r − L·x in t (scratch) for the backward one, which
// reads only the upper, last and halo parts; where u is given, the backward sweep
// keeps U·x there. forward(kernels, view, colour, begin, end) relaxes a colour's chunks.
template <typename Forward>
void symgs_sweeps(const SparseMatrix& a, double* x, double* t, double* u, const HaloRefresh& refresh,
                  Forward forward) {
  assert(a.has_optimised_layout());
  const int colours = a.colours();
  const SellView view = sell_view(a);
  const ChunkKernels& kernels = chunk_kernels();
  auto relax_backward = [&](std::int32_t begin, std::int32_t end) { kernels.relax_backward(view, begin, end, t, x, u); };
  if (refresh.call || a.chunks() < parallel_chunks) {
    // The halo must be refreshed between colours, by one thread: a parallel region a colour.
    for (int c = 0; c < colours; ++c) {
      refresh(x);
      for_chunk_ranges(a.colour_chunks[c], a.colour_chunks[c + 1],
                       [&](std::int32_t begin, std::int32_t end) { forward(kernels, view, c, begin, end); });
    }
    for (int c = colours - 2; c >= 0; --c) {
      refresh(x);
      for_chunk_ranges(a.colour_chunks[c], a.colour_chunks[c + 1], relax_backward);
    }
    return;
  }
  // One rank: one parallel region, the colours separated by barriers.
#pragma omp parallel
  {
    const int thread = omp_get_thread_num(), threads = omp_get_num_threads();
    for (int c = 0; c < colours; ++c) {
      on_thread_share(a.colour_chunks[c], a.colour_chunks[c + 1], thread, threads,
                      [&](std::int32_t begin, std::int32_t end) { forward(kernels, view, c, begin, end); });
#pragma omp barrier
    }
    for (int c = colours - 2; c >= 0; --c) {
      on_thread_share(a.colour_chunks[c], a.colour_chunks[c + 1], thread, threads, relax_backward);
#pragma omp barrier
    }
  }
}

void symgs_optimised(const SparseMatrix& a, const double* r, double* x, double* scratch, const HaloRefresh& refresh) {
  symgs_sweeps(a, x, scratch, nullptr, refresh,
               [&](const ChunkKernels& k, const SellView& v, int, std::int32_t begin, std::int32_t end) {
                 k.relax_forward(v, begin, end, r, x, scratch);
               });
}

// From zero: no upper or last part in the forward sweep; the backward sweep keeps
// U·x in the scratch's second half for the second smoothing.
void symgs_from_zero_optimised(const SparseMatrix& a, const double* r, double* x, double* scratch,
                               const HaloRefresh& refresh) {
  const std::int32_t columns = a.columns;
#pragma omp parallel for schedule(static) if (columns >= parallel_rows)
  for (std::int32_t i = 0; i < columns; ++i) x[i] = 0.0;
  symgs_sweeps(a, x, scratch, scratch + a.rows, refresh,
               [&](const ChunkKernels& k, const SellView& v, int, std::int32_t begin, std::int32_t end) {
                 k.relax_forward_from_zero(v, begin, end, r, x, scratch);
               });
}

// Since the first smoothing's backward sweep kept U·x, only the last colour (the
// prolongation's rows) and the colours before each one in this forward sweep
// changed; U names neither, so U·x is still what was kept. The last colour has no
// upper part and is relaxed as usual.
void symgs_after_prolongation_optimised(const SparseMatrix& a, const double* r, double* x, double* scratch,
                                        const HaloRefresh& refresh) {
  if (!a.injected_in_last_colour) {
    symgs_optimised(a, r, x, scratch, refresh);
    return;
  }
  const int last = a.colours() - 1;
  const double* u = scratch + a.rows;
  symgs_sweeps(a, x, scratch, nullptr, refresh,
               [&](const ChunkKernels& k, const SellView& v, int colour, std::int32_t begin, std::int32_t end) {
                 if (colour == last)
                   k.relax_forward(v, begin, end, r, x, scratch);
                 else
                   k.relax_forward_known_upper(v, begin, end, r, u, x, scratch);
               });
}

// Only the injected rows' residuals are read, so only the chunks holding them are computed.
void residual_restriction_optimised(const SparseMatrix& af, const std::int32_t* fine_of_coarse,
                                    std::int32_t coarse_rows, const double* rf, const double* xf, double* axf,
                                    double* rc) {
  assert(af.has_optimised_layout());
  const std::int32_t* chunks = af.injected_chunks.data();
  const std::int32_t count = static_cast<std::int32_t>(af.injected_chunks.size());
  for_chunk_ranges(0, count, [&](std::int32_t begin, std::int32_t end) {
    for (std::int32_t i = begin; i < end; ++i) multiply_chunks(af, chunks[i], chunks[i] + 1, xf, axf);
  });
#pragma omp parallel for schedule(static) if (coarse_rows >= parallel_rows)
  for (std::int32_t i = 0; i < coarse_rows; ++i) rc[i] = rf[fine_of_coarse[i]] - axf[fine_of_coarse[i]];
}

void prolongation_optimised(const std::int32_t* fine_of_coarse, std::int32_t coarse_rows, const double* xc,
                            double* xf) {
#pragma omp parallel for schedule(static) if (coarse_rows >= parallel_rows)
  for (std::int32_t i = 0; i < coarse_rows; ++i) xf[fine_of_coarse[i]] += xc[i];
}

double dot_optimised(std::int32_t n, const double* x, const double* y) {
  double sum = 0.0;
#pragma omp parallel for schedule(static) reduction(+ : sum) if (n >= parallel_rows)
  for (std::int32_t i = 0; i < n; ++i) sum += x[i] * y[i];
  return sum;
}

void waxpby_optimised(std::int32_t n, double alpha, const double* x, double beta, const double* y, double* w) {
#pragma omp parallel for schedule(static) if (n >= parallel_rows)
  for (std::int32_t i = 0; i < n; ++i) w[i] = alpha * x[i] + beta * y[i];
}

}  // namespace

const SparseKernels& optimised_kernels() {
  static const SparseKernels kernels{
      .name = "optimised",
      .spmv = spmv_optimised,
      .symgs = symgs_optimised,
      .symgs_from_zero = symgs_from_zero_optimised,
      .symgs_after_prolongation = symgs_after_prolongation_optimised,
      .residual_restriction = residual_restriction_optimised,
      .prolongation = prolongation_optimised,
      .dot = dot_optimised,
      .waxpby = waxpby_optimised,
  };
  return kernels;
}

}  // namespace suanli::kernels::sparse
