#include "kernels/sparse/sparse_matrix.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <utility>

namespace suanli::kernels::sparse {

double SparseMatrix::reference_bytes() const {
  return static_cast<double>(row_offsets.size() * sizeof(std::int64_t) +
                             column_indices.size() * sizeof(std::int32_t) + values.size() * sizeof(double) +
                             diagonal_offsets.size() * sizeof(std::int64_t) + diagonal.size() * sizeof(double) +
                             natural_order.size() * sizeof(std::int32_t));
}

double SparseMatrix::SellPart::bytes(std::int32_t begin, std::int32_t end) const {
  if (chunk_slices.empty() || begin >= end) return 0.0;
  constexpr double slice_bytes = chunk_lanes * (sizeof(double) + sizeof(std::uint8_t)) + sizeof(std::int32_t);
  return static_cast<double>(chunk_slices[end] - chunk_slices[begin]) * slice_bytes +
         static_cast<double>(end - begin) * sizeof(std::int64_t);
}

double SparseMatrix::optimised_bytes() const {
  const std::int32_t all = chunks();
  return lower.bytes(0, all) + upper.bytes(0, all) + last.bytes(0, all) + halo.bytes(0, all) +
         static_cast<double>(chunk_row.size() * sizeof(std::int32_t) + chunk_diagonal.size() * sizeof(double) +
                             colour_chunks.size() * sizeof(std::int32_t) +
                             injected_chunks.size() * sizeof(std::int32_t));
}

namespace {

// Greedy first-fit: each row takes the lowest colour none of its already
// coloured local neighbours has. Halo columns are not coloured: Gauss-Seidel
// reads them as fixed values during a sweep.
std::vector<std::int32_t> greedy_colours(const SparseMatrix& m, int& colour_count) {
  std::vector<std::int32_t> colour(static_cast<std::size_t>(m.rows), -1);
  colour_count = 0;
  std::vector<char> taken;
  for (std::int32_t i = 0; i < m.rows; ++i) {
    taken.assign(static_cast<std::size_t>(colour_count) + 1, 0);
    for (std::int64_t k = m.row_offsets[i]; k < m.row_offsets[i + 1]; ++k) {
      const std::int32_t j = m.column_indices[k];
      if (j < m.rows && j != i && colour[j] >= 0) taken[colour[j]] = 1;
    }
    int c = 0;
    while (taken[c]) ++c;
    colour[i] = c;
    colour_count = std::max(colour_count, c + 1);
  }
  return colour;
}

// The colour numbers reordered so that `last` becomes the highest: swept last forward, first backward.
void renumber_last(std::vector<std::int32_t>& colour, int colour_count, int last) {
  for (std::int32_t& c : colour) {
    if (c == last)
      c = colour_count - 1;
    else if (c > last)
      --c;
  }
}

int colour_of_most(const std::vector<std::int32_t>& colour, int colour_count, const std::vector<std::int32_t>& rows) {
  std::vector<std::int64_t> count(static_cast<std::size_t>(colour_count), 0);
  for (std::int32_t i : rows) ++count[colour[i]];
  int most = 0;
  for (int c = 1; c < colour_count; ++c)
    if (count[c] > count[most]) most = c;
  return most;
}

constexpr int part_count = 4;  // lower, upper, last, halo
using ColumnRange = std::pair<std::int32_t, std::int32_t>;

// Forms chunk q's slices of every part (see the header): each lane's entries,
// the diagonal left out, sorted by column once; part p takes those whose column
// lies in ranges[p], a stretch of the sorted entries. A slice takes, from every
// lane, its next entry if it lies within 255 columns of the smallest next entry,
// else padding. Stores each part's slice count in counts; when `out` is given,
// writes part p's slices from first_slice[p] on.
void align_chunk(const SparseMatrix& m, std::int32_t q, const ColumnRange* ranges, std::int64_t* counts,
                 SparseMatrix::SellPart* const* out, const std::int64_t* first_slice) {
  constexpr int lanes = SparseMatrix::chunk_lanes;
  constexpr std::int64_t reach = 255;
  struct Entry {
    std::int32_t column;
    double value;
  };
  // Reused by each thread from chunk to chunk: a million chunks would otherwise
  // mean sixteen million allocations.
  thread_local std::vector<Entry> entries[lanes];
  for (int lane = 0; lane < lanes; ++lane) {
    entries[lane].clear();
    const std::int32_t row = m.chunk_row[q * lanes + lane];
    if (row < 0) continue;
    for (std::int64_t e = m.row_offsets[row]; e < m.row_offsets[row + 1]; ++e)
      if (e != m.diagonal_offsets[row]) entries[lane].push_back({m.column_indices[e], m.values[e]});
    std::sort(entries[lane].begin(), entries[lane].end(),
              [](const Entry& a, const Entry& b) { return a.column < b.column; });
  }
  std::size_t next[lanes] = {};
  for (int p = 0; p < part_count; ++p) {
    std::size_t end[lanes];
    for (int lane = 0; lane < lanes; ++lane) {
      while (next[lane] < entries[lane].size() && entries[lane][next[lane]].column < ranges[p].first) ++next[lane];
      end[lane] = next[lane];
      while (end[lane] < entries[lane].size() && entries[lane][end[lane]].column < ranges[p].second) ++end[lane];
    }
    std::int64_t slice = 0;
    for (;;) {
      std::int64_t base = -1;
      for (int lane = 0; lane < lanes; ++lane)
        if (next[lane] < end[lane] && (base < 0 || entries[lane][next[lane]].column < base))
          base = entries[lane][next[lane]].column;
      if (base < 0) break;
      const std::int64_t at = out ? first_slice[p] + slice : 0;
      if (out) out[p]->base[at] = static_cast<std::int32_t>(base);
      for (int lane = 0; lane < lanes; ++lane) {
        if (next[lane] >= end[lane] || entries[lane][next[lane]].column - base > reach) continue;
        const Entry& entry = entries[lane][next[lane]++];
        if (!out) continue;
        out[p]->offsets[at * lanes + lane] = static_cast<std::uint8_t>(entry.column - base);
        out[p]->values[at * lanes + lane] = entry.value;
      }
      ++slice;
    }
    counts[p] = slice;
  }
}

// Builds the four parts of every chunk: part p of chunk q holds the columns in
// ranges_of(q)[p]. Slices per chunk first (the alignment decides them), then
// the slices themselves.
template <typename RangesOf>
void build_parts(const SparseMatrix& m, RangesOf ranges_of, SparseMatrix::SellPart* const* parts) {
  constexpr int lanes = SparseMatrix::chunk_lanes;
  const std::int32_t chunks = m.chunks();
  std::vector<std::int64_t> slice_count(static_cast<std::size_t>(chunks) * part_count);
#pragma omp parallel for schedule(dynamic, 64)
  for (std::int32_t q = 0; q < chunks; ++q) {
    const std::array<ColumnRange, part_count> ranges = ranges_of(q);
    align_chunk(m, q, ranges.data(), &slice_count[static_cast<std::size_t>(q) * part_count], nullptr, nullptr);
  }
  for (int p = 0; p < part_count; ++p) {
    SparseMatrix::SellPart& part = *parts[p];
    part.chunk_slices.assign(static_cast<std::size_t>(chunks) + 1, 0);
    for (std::int32_t q = 0; q < chunks; ++q)
      part.chunk_slices[q + 1] = part.chunk_slices[q] + slice_count[static_cast<std::size_t>(q) * part_count + p];
    const std::size_t slices = static_cast<std::size_t>(part.chunk_slices[chunks]);
    part.base.assign(slices, 0);
    part.offsets.assign(slices * lanes, 0);
    part.values.assign(slices * lanes, 0.0);
  }
#pragma omp parallel for schedule(dynamic, 64)
  for (std::int32_t q = 0; q < chunks; ++q) {
    const std::array<ColumnRange, part_count> ranges = ranges_of(q);
    std::int64_t first_slice[part_count], counts[part_count];
    for (int p = 0; p < part_count; ++p) first_slice[p] = parts[p]->chunk_slices[q];
    align_chunk(m, q, ranges.data(), counts, parts, first_slice);
  }
}

// Row i becomes row position[i]; local columns follow, halo columns stay.
void renumber_rows(SparseMatrix& m, const std::vector<std::int32_t>& position) {
  const std::size_t rows = static_cast<std::size_t>(m.rows);
  std::vector<std::int32_t> old_of(rows);
  for (std::int32_t i = 0; i < m.rows; ++i) old_of[position[i]] = i;
  HugePageVector<std::int64_t> offsets(rows + 1, 0);
  for (std::int32_t p = 0; p < m.rows; ++p)
    offsets[p + 1] = offsets[p] + (m.row_offsets[old_of[p] + 1] - m.row_offsets[old_of[p]]);
  HugePageVector<std::int32_t> columns(m.column_indices.size());
  HugePageVector<double> values(m.values.size());
  HugePageVector<std::int64_t> diagonal_offsets(rows);
  HugePageVector<double> diagonal(rows);
#pragma omp parallel for schedule(static)
  for (std::int32_t p = 0; p < m.rows; ++p) {
    const std::int32_t i = old_of[p];
    std::int64_t to = offsets[p];
    for (std::int64_t e = m.row_offsets[i]; e < m.row_offsets[i + 1]; ++e, ++to) {
      const std::int32_t j = m.column_indices[e];
      columns[to] = j < m.rows ? position[j] : j;
      values[to] = m.values[e];
    }
    diagonal_offsets[p] = offsets[p] + (m.diagonal_offsets[i] - m.row_offsets[i]);
    diagonal[p] = m.diagonal[i];
  }
  m.row_offsets = std::move(offsets);
  m.column_indices = std::move(columns);
  m.values = std::move(values);
  m.diagonal_offsets = std::move(diagonal_offsets);
  m.diagonal = std::move(diagonal);
  m.natural_order.assign(position.begin(), position.end());
}

}  // namespace

std::vector<std::int32_t> build_optimised_layout(SparseMatrix& m, const std::vector<std::int32_t>& injected_rows) {
  if (!m.natural_order.empty()) throw std::logic_error("build_optimised_layout: the rows are already renumbered");
  constexpr int lanes = SparseMatrix::chunk_lanes;
  int colour_count = 0;
  std::vector<std::int32_t> colour = greedy_colours(m, colour_count);
  for (std::int32_t& c : colour) c = colour_count - 1 - c;  // greedy order reversed (see the header)
  if (!injected_rows.empty()) renumber_last(colour, colour_count, colour_of_most(colour, colour_count, injected_rows));

  // New numbers: colour by colour, natural order within a colour.
  std::vector<std::int32_t> first_of_colour(static_cast<std::size_t>(colour_count) + 1, 0);
  for (std::int32_t c : colour) ++first_of_colour[c + 1];
  for (int c = 0; c < colour_count; ++c) first_of_colour[c + 1] += first_of_colour[c];
  std::vector<std::int32_t> position(static_cast<std::size_t>(m.rows));
  std::vector<std::int32_t> next(first_of_colour.begin(), first_of_colour.end() - 1);
  for (std::int32_t i = 0; i < m.rows; ++i) position[i] = next[colour[i]]++;
  renumber_rows(m, position);

  // Chunks of 8 consecutive rows, never across a colour's end.
  m.colour_chunks.assign(1, 0);
  m.chunk_row.clear();
  for (int c = 0; c < colour_count; ++c) {
    for (std::int32_t start = first_of_colour[c]; start < first_of_colour[c + 1]; start += lanes)
      for (int lane = 0; lane < lanes; ++lane) m.chunk_row.push_back(start + lane < first_of_colour[c + 1] ? start + lane : -1);
    m.colour_chunks.push_back(static_cast<std::int32_t>(m.chunk_row.size() / lanes));
  }
  const std::int32_t chunks = m.colour_chunks.back();
  m.chunk_diagonal.assign(static_cast<std::size_t>(chunks) * lanes, 1.0);
  std::vector<std::int32_t> colour_of_chunk(static_cast<std::size_t>(chunks));
  for (int c = 0; c < colour_count; ++c)
    for (std::int32_t q = m.colour_chunks[c]; q < m.colour_chunks[c + 1]; ++q) {
      colour_of_chunk[q] = c;
      for (int lane = 0; lane < lanes; ++lane)
        if (const std::int32_t row = m.chunk_row[q * lanes + lane]; row >= 0)
          m.chunk_diagonal[q * lanes + lane] = m.diagonal[row];
    }
  // Lower: the colours before; upper: those after, but not the last; last: the
  // last colour; halo: other ranks' rows. The chunk's own colour holds only its
  // diagonal, which the parts leave out.
  const std::int32_t last_colour_start = colour_count > 0 ? first_of_colour[colour_count - 1] : 0;
  SparseMatrix::SellPart* const parts[part_count] = {&m.lower, &m.upper, &m.last, &m.halo};
  build_parts(
      m,
      [&](std::int32_t q) {
        const std::int32_t c = colour_of_chunk[q];
        const std::int32_t after = std::max(first_of_colour[c + 1], last_colour_start);
        return std::array<ColumnRange, part_count>{ColumnRange{0, first_of_colour[c]},
                                                   ColumnRange{first_of_colour[c + 1], after},
                                                   ColumnRange{after, m.rows}, ColumnRange{m.rows, m.columns}};
      },
      parts);

  std::vector<char> injected(static_cast<std::size_t>(m.rows), 0);
  for (std::int32_t i : injected_rows) injected[position[i]] = 1;
  m.injected_in_last_colour = true;
  for (std::int32_t i : injected_rows) m.injected_in_last_colour &= position[i] >= last_colour_start;
  m.injected_chunks.clear();
  for (std::int32_t q = 0; q < chunks; ++q)
    for (int lane = 0; lane < lanes; ++lane) {
      const std::int32_t row = m.chunk_row[q * lanes + lane];
      if (row >= 0 && injected[row]) {
        m.injected_chunks.push_back(q);
        break;
      }
    }
  return position;
}

void replace_diagonal(SparseMatrix& m, const std::vector<double>& diagonal) {
  if (diagonal.size() < static_cast<std::size_t>(m.rows)) throw std::invalid_argument("replace_diagonal: too short");
  for (std::int32_t i = 0; i < m.rows; ++i) {
    m.diagonal[i] = diagonal[i];
    m.values[m.diagonal_offsets[i]] = diagonal[i];
  }
  if (!m.has_optimised_layout()) return;
  const int lanes = SparseMatrix::chunk_lanes;
  for (std::int32_t q = 0; q < m.chunks(); ++q)
    for (int lane = 0; lane < lanes; ++lane)
      if (const std::int32_t row = m.chunk_row[q * lanes + lane]; row >= 0)
        m.chunk_diagonal[q * lanes + lane] = diagonal[row];
}

}  // namespace suanli::kernels::sparse
