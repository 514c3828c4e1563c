// HPCG's operation and memory-traffic counts (HPCG 3.1, ReportResults): the
// algorithm's FLOPs and bytes, whatever the implementation does, so the
// reference and optimised kernels are rated on the same work.
#pragma once

#include <vector>

#include "solvers/cg_mg/problem.hpp"

namespace suanli::solvers::cg_mg {

// One multigrid level, summed over all ranks.
struct LevelTotals {
  double rows = 0;
  double nonzeros = 0;
};
// Collective: every rank calls it.
std::vector<LevelTotals> global_level_totals(const Problem& problem);

struct OperationCounts {
  double dot_flops = 0, waxpby_flops = 0, spmv_flops = 0, mg_flops = 0;
  double bytes_read = 0, bytes_written = 0;
  double flops() const { return dot_flops + waxpby_flops + spmv_flops + mg_flops; }
  double bytes() const { return bytes_read + bytes_written; }
};

// The work of `sets` CG calls of `iterations` iterations each, one pre- and one
// post-smoothing step a level:
//   DDOT   (3·iters + sets)·2·rows        three dot products an iteration, one at the start
//   WAXPBY (3·iters + sets)·2·rows        three vector updates an iteration, one at the start
//   SpMV   (iters + sets)·2·nnz           one an iteration, one for the first residual
//   MG     iters·Σ_levels (4·nnz pre-smoothing + 2·nnz residual + 4·nnz post-smoothing),
//          the coarsest level 4·nnz (one SymGS)
// Bytes: a matrix entry is an 8-byte value and a 4-byte column index; SymGS reads
// the matrix twice (both sweeps), every kernel reads its vectors once and writes
// its output once.
OperationCounts hpcg_operation_counts(const std::vector<LevelTotals>& levels, double sets, double iterations);

}  // namespace suanli::solvers::cg_mg
