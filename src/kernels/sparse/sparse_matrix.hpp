// One rank's rows of a distributed sparse matrix, in the two layouts the
// sparse kernels read. Columns [0, rows) are this rank's rows; columns
// [rows, columns) are halo entries received from neighbouring ranks, so every
// vector a kernel multiplies holds `columns` values, the halo at the end.
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/sparse/huge_page_vector.hpp"

namespace suanli::kernels::sparse {

struct SparseMatrix {
  std::int32_t rows = 0;
  std::int32_t columns = 0;  // rows + halo entries
  std::int64_t nonzeros = 0;

  // HPCG's reference layout: compressed sparse rows, generated in natural
  // (lexicographic) order, each row's entries in increasing global column.
  HugePageVector<std::int64_t> row_offsets;  // rows + 1
  HugePageVector<std::int32_t> column_indices;
  HugePageVector<double> values;
  HugePageVector<std::int64_t> diagonal_offsets;  // where row i's diagonal entry sits in values
  HugePageVector<double> diagonal;                // a_ii, read by Gauss-Seidel in both layouts
  // Where the natural order's t-th row is stored once build_optimised_layout has
  // renumbered the rows (empty: not renumbered, row t is row t). The reference
  // SymGS visits rows in this order, so it stays natural-order Gauss-Seidel.
  HugePageVector<std::int32_t> natural_order;
  std::int32_t natural_row_position(std::int32_t t) const { return natural_order.empty() ? t : natural_order[t]; }

  // The optimised layout (build_optimised_layout): sliced ELLPACK with chunks of
  // 8 rows (SELL-8). The rows are coloured so that rows of one colour share no
  // entry, and renumbered colour by colour (natural order within a colour), so a
  // colour is one stretch of rows and of every vector; a chunk is 8 consecutive
  // rows of one colour. The diagonal is kept apart (chunk_diagonal); a chunk's
  // other entries are split in four parts by where their column lies, each part
  // its own SELL-8 array, so a Gauss-Seidel sweep streams only the parts it needs:
  //   lower: columns of colours swept before the chunk's colour (forward order),
  //   upper: columns of colours swept after it, but not the last colour,
  //   last:  columns of the last colour (the one the prolongation corrects),
  //   halo:  columns of other ranks' rows (x[rows, columns)).
  // The forward sweep keeps r − lower·x for the backward one (those columns do
  // not change in between), which then reads upper, last and halo only; from
  // x = 0 the forward sweep reads no upper or last part (they multiply zeros).
  // The backward sweep of the V-cycle's first smoothing keeps upper·x: until the
  // second smoothing's forward sweep only the last colour changes (when the
  // prolongation corrects only its rows), so that sweep reads lower, last and
  // halo, not upper.
  // A part holds its entries slice by slice: a slice is one entry of each of the
  // 8 rows, 8 values side by side, so the 8 rows are summed at once. Column
  // indices are compressed: a slice stores one column (its base, 4 bytes) and
  // each lane's distance from it (1 byte), 12 bytes where 8 full indices take 32.
  // The slices are formed so that this always fits: each row's entries sorted by
  // column, a slice takes the next entry of every lane within 255 columns of the
  // smallest; a lane whose next entry lies further (a row with fewer entries) gets
  // padding in that slice, value 0.0 at the base column, harmless in every
  // kernel, as are lanes past the end of a colour (row −1).
  static constexpr int chunk_lanes = 8;
  struct SellPart {
    HugePageVector<std::int64_t> chunk_slices;  // chunks + 1: chunk q's slices are [chunk_slices[q], chunk_slices[q+1])
    HugePageVector<std::int32_t> base;          // slices: the column the lanes' distances count from
    HugePageVector<std::uint8_t> offsets;       // slices × 8: each lane's column − base
    HugePageVector<double> values;              // slices × 8
    std::int64_t slices() const { return static_cast<std::int64_t>(base.size()); }
    // Bytes a pass over chunks [begin, end) reads: its slices and their offsets.
    double bytes(std::int32_t begin, std::int32_t end) const;
  };
  HugePageVector<std::int32_t> chunk_row;      // chunks × 8: the matrix row of each lane, −1 for none
  HugePageVector<double> chunk_diagonal;       // chunks × 8: a_ii of each lane, 1.0 for none
  SellPart lower, upper, last, halo;
  // Every row the restriction injects (and the prolongation corrects) is in the
  // last colour, so the second smoothing may reuse the first one's upper·x.
  bool injected_in_last_colour = false;
  std::vector<std::int32_t> colour_chunks;  // colours + 1: colour c's chunks are [colour_chunks[c], colour_chunks[c+1])
  // The chunks holding a row the multigrid restriction injects: its residual is
  // needed there only.
  std::vector<std::int32_t> injected_chunks;

  bool has_optimised_layout() const { return !colour_chunks.empty(); }
  std::int32_t chunks() const { return has_optimised_layout() ? colour_chunks.back() : 0; }
  int colours() const { return colour_chunks.empty() ? 0 : static_cast<int>(colour_chunks.size()) - 1; }
  // Bytes the layouts hold, for the memory check and the report.
  double reference_bytes() const;
  double optimised_bytes() const;
};

// Colours the rows, renumbers them colour by colour (the CSR layout too, with
// its columns; entries keep their order, so the reference kernels compute the
// same sums) and builds the SELL-8 copy. Returns the new number of every row
// (by old number): the caller renumbers its vectors and halo lists with it.
//
// The colouring is greedy first-fit over the rows in natural order: a general
// graph colouring, not one that knows the stencil (27-point stencils get 8
// colours). The sweep order of the colours changes how well multigrid
// converges, so it is chosen: the greedy colours in reverse, and the colour
// holding most of `injected_rows` (the rows the restriction reads; may be empty)
// last going forward and first coming back, so those rows' residuals are not the
// ones just smoothed to zero when the restriction reads them. On HPCG's problem
// (48³ and 96³ boxes) that order needs 50–52 CG iterations where the reference
// needs 50; greedy order needs 60, other orders 52–61.
std::vector<std::int32_t> build_optimised_layout(SparseMatrix& matrix, const std::vector<std::int32_t>& injected_rows);

// Sets a_ii = diagonal[i] in every layout (HPCG's ReplaceMatrixDiagonal, used by
// the exaggerated-diagonal CG test).
void replace_diagonal(SparseMatrix& matrix, const std::vector<double>& diagonal);

}  // namespace suanli::kernels::sparse
