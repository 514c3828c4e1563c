// The bytes the timed kernels really move in one CG iteration, read off the
// stored structures (HPCG's traffic model in operation_count.hpp counts a
// textbook CSR implementation instead): each stored array a kernel streams,
// at its stored width, once per pass; each vector it reads or writes once per
// pass. Cache reuse of x within a pass is assumed (every kernel reads x once a
// pass), so this is the traffic a kernel cannot avoid: with STREAM Triad it
// bounds the rate from above. docs/hpcg.md derives every line.
#pragma once

#include <string>
#include <vector>

#include "kernels/sparse/sparse_kernels.hpp"
#include "solvers/cg_mg/problem.hpp"

namespace suanli::solvers::cg_mg {

// One kernel's bytes on one level in a CG iteration, summed over ranks.
struct TrafficLine {
  std::string kernel;  // "spmv", "symgs_from_zero", "symgs_after_prolongation", "residual_restriction", "prolongation", "dot", "waxpby", "halo"
  int level = 0;       // 0 is the fine level
  double calls = 0;    // per CG iteration on a rank (halo exchanges: 0 on one rank)
  double bytes = 0;    // all calls of the iteration, all ranks
  // The same if x's values were not reused from one colour's pass to the next
  // (a cache holding a few planes of each vector, not whole vectors): each
  // colour's pass then reads every x value its rows' entries name.
  double bytes_without_x_reuse = 0;
};

struct KernelTraffic {
  std::vector<TrafficLine> lines;  // per CG iteration
  double set_start_bytes = 0;      // once per CG call: x copied to p, A·x, r = b − A·x, ||r||
  double per_iteration() const;
  double per_iteration_without_x_reuse() const;
  // Bytes of `sets` CG calls of `iterations` iterations.
  double total(double sets, double iterations) const { return sets * (iterations * per_iteration() + set_start_bytes); }
};

// Collective: every rank calls it. `optimised` picks the layout the bytes are read
// from (the optimised SELL-8 parts, or the reference's CSR).
KernelTraffic kernel_traffic(const Problem& problem, bool optimised);

}  // namespace suanli::solvers::cg_mg
