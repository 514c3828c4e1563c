#include "solvers/cg_mg/kernel_traffic.hpp"

#include <mpi.h>

#include <initializer_list>

namespace suanli::solvers::cg_mg {
namespace {

using kernels::sparse::SparseMatrix;

constexpr double bytes_of_double = sizeof(double);
constexpr double bytes_of_index = sizeof(std::int32_t);
// A chunk's lane rows and diagonal, read by every chunk kernel: 8 × (4 + 8).
constexpr double bytes_of_chunk_data = SparseMatrix::chunk_lanes * (bytes_of_index + bytes_of_double);

// The four parts over chunks [begin, end).
double all_parts_bytes(const SparseMatrix& m, std::int32_t begin, std::int32_t end) {
  return m.lower.bytes(begin, end) + m.upper.bytes(begin, end) + m.last.bytes(begin, end) + m.halo.bytes(begin, end);
}

// A halo exchange: gather the sent values through their row list into the
// buffer, then the received values land in x.
double halo_exchange_bytes(const Level& l) {
  const double sent = static_cast<double>(l.halo.values_sent());
  const double received = static_cast<double>(l.columns() - l.rows());
  return sent * (bytes_of_index + 2 * bytes_of_double) + received * bytes_of_double;
}

// The x values passes over chunks [begin, end) of each colour in [first, end_colour)
// read through `parts`, summed over the colours: the distinct columns each colour's
// pass names (padding names its slice's base column, already named).
double colour_pass_x_values(const SparseMatrix& m, std::initializer_list<const SparseMatrix::SellPart*> parts,
                            int first_colour, int end_colour) {
  constexpr int lanes = SparseMatrix::chunk_lanes;
  std::vector<int> seen(static_cast<std::size_t>(m.columns), -1);
  double values = 0;
  for (int c = first_colour; c < end_colour; ++c)
    for (const SparseMatrix::SellPart* part : parts)
      for (std::int64_t s = part->chunk_slices[m.colour_chunks[c]]; s < part->chunk_slices[m.colour_chunks[c + 1]]; ++s)
        for (int lane = 0; lane < lanes; ++lane) {
          const std::int32_t column = part->base[s] + part->offsets[s * lanes + lane];
          if (seen[column] != c) {
            seen[column] = c;
            ++values;
          }
        }
  return values;
}

// The optimised kernels (optimised_kernels.cpp) on one level.
void optimised_level_traffic(const Level& l, int depth, std::vector<TrafficLine>& out) {
  const SparseMatrix& m = l.matrix;
  const double n = m.rows, columns = m.columns;
  const std::int32_t chunks = m.chunks();
  const std::int32_t backward_end = m.colour_chunks[m.colours() - 1];  // the last colour is not swept back
  const double chunk_meta = chunks * bytes_of_chunk_data;
  const double backward_rows = m.chunk_row.empty() ? 0.0 : backward_end * SparseMatrix::chunk_lanes;
  const double refreshes = l.halo.empty() ? 0.0 : 2.0 * m.colours() - 1.0;
  // Forward from zero: lower and halo parts, chunk data, r and x read, t and x
  // written. Backward, all colours but the last: upper, last and halo parts,
  // chunk data, t read and x written, x read; the first smoothing's backward
  // sweep also writes U·x (u). The second smoothing's forward sweep reads lower,
  // last and halo parts and u in place of the upper part (where the layout
  // allows: injected_in_last_colour), then as the first forward sweep.
  const double after_upper = m.last.bytes(0, backward_end) + m.halo.bytes(0, backward_end) +
                             backward_end * bytes_of_chunk_data + backward_rows * bytes_of_double * 2 + n * bytes_of_double;
  const double backward = m.upper.bytes(0, backward_end) + after_upper;
  const double keep_upper = backward_rows * bytes_of_double;
  const double zero_x = columns * bytes_of_double;
  const double forward_from_zero = m.lower.bytes(0, chunks) + m.halo.bytes(0, chunks) + chunk_meta + 4 * n * bytes_of_double;
  const bool known_upper = m.injected_in_last_colour;
  const double forward = all_parts_bytes(m, 0, chunks) + chunk_meta + 4 * n * bytes_of_double +
                         (known_upper ? keep_upper - m.upper.bytes(0, chunks) : 0.0);
  // Without x reuse between colour passes: each pass's distinct x values in place
  // of the one read of x a sweep counted above.
  const int colours = m.colours();
  const double x_once = n * bytes_of_double;
  const SparseMatrix::SellPart *lower = &m.lower, *upper = &m.upper, *last = &m.last, *halo = &m.halo;
  const double x_backward = colour_pass_x_values(m, {upper, last, halo}, 0, colours - 1) * bytes_of_double - x_once;
  const double x_forward =
      (known_upper ? colour_pass_x_values(m, {lower, last, halo}, 0, colours)
                   : colour_pass_x_values(m, {lower, upper, last, halo}, 0, colours)) *
          bytes_of_double -
      x_once;
  const double x_from_zero = colour_pass_x_values(m, {lower, halo}, 0, colours) * bytes_of_double - x_once;
  const double from_zero = zero_x + forward_from_zero + backward + keep_upper;
  out.push_back({"symgs_from_zero", depth, 1, from_zero, from_zero + x_from_zero + x_backward});
  out.push_back({"halo", depth, refreshes, refreshes * halo_exchange_bytes(l)});
  if (!l.coarse) return;
  // The restriction: the injected chunks' parts and chunk data, x read once,
  // A·x written there; then rf and A·x read at the injected rows, their index
  // read and the coarse residual written. A halo exchange before it.
  double injected_parts = 0;
  for (std::int32_t q : m.injected_chunks) injected_parts += all_parts_bytes(m, q, q + 1);
  const double injected = static_cast<double>(m.injected_chunks.size());
  const double coarse = l.coarse->rows();
  out.push_back({"halo", depth, l.halo.empty() ? 0.0 : 1.0, halo_exchange_bytes(l)});  // 0 bytes without a halo
  const double restriction = injected_parts +
                             injected * (bytes_of_chunk_data + SparseMatrix::chunk_lanes * bytes_of_double) +
                             n * bytes_of_double + coarse * (bytes_of_index + 3 * bytes_of_double);
  // The injected chunks are the last colour's (the layout sweeps that colour last).
  const double x_restriction =
      (colour_pass_x_values(m, {lower, upper, last, halo}, colours - 1, colours) + injected * SparseMatrix::chunk_lanes) *
          bytes_of_double -
      x_once;
  out.push_back({"residual_restriction", depth, 1, restriction, restriction + x_restriction});
  // Prolongation: index, coarse x, fine x read and written at the injected rows.
  out.push_back({"prolongation", depth, 1, coarse * (bytes_of_index + 3 * bytes_of_double)});
  out.push_back({"symgs_after_prolongation", depth, 1, forward + backward,
                 forward + backward + x_forward + x_backward});
  out.push_back({"halo", depth, refreshes, refreshes * halo_exchange_bytes(l)});
}

// HPCG 3.1's reference kernels (reference_kernels.cpp) on the CSR layout: row
// offsets (8 bytes a row), then 4-byte column indices and 8-byte values.
void reference_level_traffic(const Level& l, int depth, std::vector<TrafficLine>& out) {
  const SparseMatrix& m = l.matrix;
  const double n = m.rows, columns = m.columns;
  const double matrix = n * 8.0 + static_cast<double>(m.nonzeros) * (bytes_of_index + bytes_of_double);
  // A sweep: the matrix, the diagonal, r, x read and written.
  const double sweep = matrix + 4 * n * bytes_of_double;
  const double spmv = matrix + 2 * n * bytes_of_double;
  out.push_back({"symgs_from_zero", depth, 1, columns * bytes_of_double + 2 * sweep});
  // Once a SymGS step, and once before the restriction.
  const double exchanges = l.halo.empty() ? 0.0 : (l.coarse ? 3.0 : 1.0);
  out.push_back({"halo", depth, exchanges, exchanges * halo_exchange_bytes(l)});
  if (!l.coarse) return;
  const double coarse = l.coarse->rows();
  out.push_back({"residual_restriction", depth, 1, spmv + coarse * (bytes_of_index + 3 * bytes_of_double)});
  out.push_back({"prolongation", depth, 1, coarse * (bytes_of_index + 3 * bytes_of_double)});
  out.push_back({"symgs_after_prolongation", depth, 1, 2 * sweep});
}

}  // namespace

double KernelTraffic::per_iteration() const {
  double bytes = 0;
  for (const TrafficLine& line : lines) bytes += line.bytes;
  return bytes;
}

double KernelTraffic::per_iteration_without_x_reuse() const {
  double bytes = 0;
  for (const TrafficLine& line : lines) bytes += line.bytes_without_x_reuse;
  return bytes;
}

KernelTraffic kernel_traffic(const Problem& problem, bool optimised) {
  KernelTraffic t;
  int depth = 0;
  for (const Level* l = problem.fine.get(); l; l = l->coarse.get(), ++depth) {
    if (optimised)
      optimised_level_traffic(*l, depth, t.lines);
    else
      reference_level_traffic(*l, depth, t.lines);
  }
  // CG's own work on the fine level (conjugate_gradient.cpp): the SpMV A·p with
  // its halo exchange, dots r·z, p·Ap, r·r (one vector), waxpbys p, x, r.
  const Level& fine = *problem.fine;
  const SparseMatrix& m = fine.matrix;
  const double n = m.rows;
  const double spmv = optimised ? all_parts_bytes(m, 0, m.chunks()) + m.chunks() * bytes_of_chunk_data + (m.columns + n) * bytes_of_double
                                : n * 8.0 + static_cast<double>(m.nonzeros) * (bytes_of_index + bytes_of_double) +
                                      (m.columns + n) * bytes_of_double;
  // Without x reuse: each colour's pass reads its entries' x values and its own rows' (the diagonal).
  const double x_spmv =
      optimised ? (colour_pass_x_values(m, {&m.lower, &m.upper, &m.last, &m.halo}, 0, m.colours()) + n - m.columns) *
                      bytes_of_double
                : 0.0;
  t.lines.push_back({"spmv", 0, 1, spmv, spmv + x_spmv});
  t.lines.push_back({"halo", 0, fine.halo.empty() ? 0.0 : 1.0, halo_exchange_bytes(fine)});
  t.lines.push_back({"dot", 0, 3, 5 * n * bytes_of_double});  // r·z and p·Ap read two vectors, r·r one
  t.lines.push_back({"waxpby", 0, 3, 3 * 3 * n * bytes_of_double});
  t.set_start_bytes = 2 * n * bytes_of_double + spmv + (fine.halo.empty() ? 0.0 : halo_exchange_bytes(fine)) +
                      3 * n * bytes_of_double + n * bytes_of_double;

  // Lines with no x to reuse (and the reference's, whose rows run in natural
  // order, x's neighbourhood in cache) move the same either way.
  for (TrafficLine& line : t.lines)
    if (line.bytes_without_x_reuse == 0) line.bytes_without_x_reuse = line.bytes;
  // Summed over ranks, line by line (every rank has the same lines in the same order).
  std::vector<double> local;
  for (const TrafficLine& line : t.lines) {
    local.push_back(line.bytes);
    local.push_back(line.bytes_without_x_reuse);
  }
  local.push_back(t.set_start_bytes);
  std::vector<double> global(local.size());
  MPI_Allreduce(local.data(), global.data(), static_cast<int>(local.size()), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  for (std::size_t i = 0; i < t.lines.size(); ++i) {
    t.lines[i].bytes = global[2 * i];
    t.lines[i].bytes_without_x_reuse = global[2 * i + 1];
  }
  t.set_start_bytes = global.back();
  return t;
}

}  // namespace suanli::solvers::cg_mg
