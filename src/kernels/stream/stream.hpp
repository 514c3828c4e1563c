// The four STREAM kernels (McCalpin), over arrays of n doubles:
//   copy:  c = a            16 B per element (STREAM's count)
//   scale: b = q·c          16 B
//   add:   c = a + b        24 B
//   triad: a = b + q·c      24 B
// Each variant runs on the calling OpenMP team: threads split [0, n) into the
// contiguous, 64-byte-aligned ranges of thread_range(), the same ranges the
// first-touch initialisation uses, so each thread streams its own NUMA-local memory.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace suanli::kernels::stream {

struct Range {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Thread t of `threads` owns [begin, end); boundaries are multiples of 8
// elements so that vector stores stay aligned when the arrays are.
Range thread_range(std::size_t n, int thread, int threads);

struct Kernels {
  std::string_view name;  // "avx512-nt", "avx-nt", "sse2-nt", "reference"
  void (*copy)(const double* a, double* c, std::size_t n);
  void (*scale)(double* b, const double* c, double q, std::size_t n);
  void (*add)(const double* a, const double* b, double* c, std::size_t n);
  void (*triad)(double* a, const double* b, const double* c, double q, std::size_t n);
};

// Plain loops, the test oracle and the fallback.
const Kernels& reference_kernels();
// The fastest variant this CPU runs: vector loads and non-temporal stores, so
// written lines go to memory without first being read (no read-for-ownership).
const Kernels& best_kernels();
// Every variant this CPU can run, reference first.
std::span<const Kernels* const> available_kernels();

// The whole-array operations: each opens a parallel region and runs the
// kernel on the thread's range. Arrays must be 64-byte aligned.
void run_copy(const Kernels& k, const double* a, double* c, std::size_t n);
void run_scale(const Kernels& k, double* b, const double* c, double q, std::size_t n);
void run_add(const Kernels& k, const double* a, const double* b, double* c, std::size_t n);
void run_triad(const Kernels& k, double* a, const double* b, const double* c, double q, std::size_t n);
// First touch: each thread writes the range it will later stream.
void first_touch_fill(double* x, double value, std::size_t n);

}  // namespace suanli::kernels::stream
