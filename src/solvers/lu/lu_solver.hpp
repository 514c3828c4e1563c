// Distributed dense LU with partial row pivoting, the algorithm of HPL (docs/hpl.md), written once
// for any precision T (FP64 for `suanli hpl`, FP32 for the mixed-precision solver).
//
// Ax = b for the generated system of MatrixGenerator, on a P×Q grid, 2D block-cyclic by nb. The
// matrix is stored augmented, [A | b] (n × (n+1)), so the trailing updates carry L⁻¹ to b on the
// way and only the back substitution with U remains at the end. Per panel k of nb columns:
//   panel      the process column owning it factors it: recursive halving down to a base of
//              panel_base_columns, per column a fused pivot search + row swap (one Allreduce of
//              2·nb+2 words over the column), scale, rank-1 update;
//   broadcast  L and the pivots go along the process row (PanelBroadcast variants);
//   swap       the pivots are applied to the trailing columns and U's block row is formed and
//              shared in the column (one Allreduce of ≤ 2·nb rows of local width);
//   update     U12 = L11⁻¹·A12 (TRSM) and A22 −= L21·U12 (GEMM), through OpenBLAS.
// Look-ahead depth 1: the owner of panel k+1 updates those columns first, factors and sends them,
// then updates the rest, so the next panel's broadcast overlaps this update.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "par/process_grid.hpp"
#include "solvers/lu/matrix_generator.hpp"
#include "solvers/lu/panel_broadcast.hpp"

namespace suanli::solvers::lu {

// The precision of the trailing update's operands (L21 and U12). bf16: rounded to BF16 and
// multiplied with FP32 accumulation (oneDNN), for HPL-MxP; only for T = float. Panels and
// triangular solves stay in T.
enum class UpdatePrecision { same, bf16 };

// How the panel's base blocks (≤ panel_base_columns wide) are factored. right_looking: per column a
// pivot search, swap, scale and rank-1 update of the block's remaining columns, on any grid.
// left_looking: per column the update by the block's earlier columns, then search, swap, scale;
// half the memory traffic on tall panels, only where the panel lies on one process (P = 1).
// automatic: left_looking when P = 1, else right_looking.
enum class PanelBase { automatic, right_looking, left_looking };

struct LuOptions {
  long n = 1000;
  int nb = 128;
  int p = 1;
  int q = 1;
  PanelBroadcast broadcast = PanelBroadcast::increasing_ring;
  int lookahead = 1;            // 0 or 1
  int panel_base_columns = 16;  // recursion stops at this panel width
  PanelBase panel_base = PanelBase::automatic;
  std::uint64_t seed = 42;
  MatrixKind matrix = MatrixKind::random;
  // false: no pivot search and no row swaps (each column's diagonal entry is its pivot), for the
  // diagonally dominant matrix of HPL-MxP; the diagonal row still travels in the column's Allreduce.
  bool pivoting = true;
  UpdatePrecision update_precision = UpdatePrecision::same;
  // Called on every rank after each panel's update, with panels done and panels in all (a progress line).
  std::function<void(long, long)> on_panel{};
};

// The share of the factorization's work done after `panels_done` of `panels`: the
// trailing matrix shrinks, so the work left goes as (1 − done/panels)³.
inline double work_done(long panels_done, long panels) {
  const double left = 1 - static_cast<double>(panels_done) / static_cast<double>(panels);
  return 1 - left * left * left;
}

// Seconds per phase, on this rank (max over ranks is what a report shows). They add up to the
// rank's wall time but for the little between phases (bookkeeping, the final barrier).
struct LuTimes {
  double panel = 0;      // factoring panels, with their pivot Allreduces and L11's broadcast (P > 1)
  double broadcast = 0;  // moving panels along the process row: posting, receiving, polling, completing
  double wait = 0;       // blocked until the next panel began to arrive (its owner still busy)
  double swap = 0;       // row interchanges on the trailing columns, forming U's block row
  double trsm = 0;       // U12 = L11⁻¹·A12
  double update = 0;     // A22 −= L21·U12 (the GEMM, the work that should dominate)
  double solve = 0;      // back substitution
  double sum() const { return panel + broadcast + wait + swap + trsm + update + solve; }
};

struct LuResult {
  std::vector<double> x;  // the solution, on every rank
  LuTimes times;
  double seconds = 0;          // factorization and solve, wall time (max over ranks)
  double scaled_residual = 0;  // HPL's ‖Ax−b‖∞ / (ε (‖A‖∞‖x‖∞ + ‖b‖∞) n)
  bool passed = false;         // scaled_residual < residual_threshold
};

// For tests only: spoil the factorization on purpose, to prove the check catches it.
struct LuTestHooks {
  bool corrupt_l = false;  // add 1 to one entry of L (row n−1, column 0) before it is used
};

constexpr double residual_threshold = 16.0;

// Throws UsageError (one line naming the option) if `options` do not fit `grid`.
void validate(const par::ProcessGrid& grid, const LuOptions& options);

// HPL's operation count, the numerator of its rate: 2/3·n³ + 3/2·n².
double lu_flops(long n);

// Generates, factors, solves and checks; collective over the grid. Throws UsageError on bad options.
template <typename T>
LuResult solve_lu(const par::ProcessGrid& grid, const LuOptions& options, const LuTestHooks& hooks = {});

extern template LuResult solve_lu<double>(const par::ProcessGrid&, const LuOptions&, const LuTestHooks&);
extern template LuResult solve_lu<float>(const par::ProcessGrid&, const LuOptions&, const LuTestHooks&);

}  // namespace suanli::solvers::lu
