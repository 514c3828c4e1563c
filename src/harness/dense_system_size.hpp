// Sizing of a dense n×n system on a P×Q process grid, shared by the LU
// benchmarks (hpl, mxp): no input file, everything derived, all overridable
// with --n, --nb, --p, --q and --mem-fraction.
#pragma once

#include <utility>

#include "harness/benchmark.hpp"

namespace suanli::harness {

struct DenseSystemSize {
  long n = 0;
  int nb = 0;
  int p = 1;
  int q = 1;
};

// NB per vector ISA: wide enough for GEMM to run near its peak, small enough
// that the panel (on one process column) does not dominate. Measured on Zen 5.
int default_block_size(const CpuFeatures& features);

// P ≤ Q, as square as possible: P is the largest divisor of the rank count ≤ √ranks.
std::pair<int, int> default_grid(int ranks);

// The grid from --p/--q (one given: the other follows from the rank count),
// NB from --nb, and n from --n or else from memory: quick_n in the quick
// profile, otherwise the largest n whose matrix fits --mem-fraction (default
// 0.8) of every host's available memory, rounded down to whole blocks.
// bytes_per_entry is what a rank holds per matrix entry (8 for FP64; the
// factors plus any copy). Throws UsageError for a grid that does not match the
// ranks, a fraction ≥ 1, or a given n that does not fit (naming the largest that
// does) — before anything is allocated. Collective: every rank must call it.
DenseSystemSize dense_system_size(const RunContext& ctx, double bytes_per_entry, long quick_n);

}  // namespace suanli::harness
