#include "solvers/lu/lu_factorization.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <type_traits>
#include <utility>

#include "core/error.hpp"
#include "kernels/dense/lu_bf16_update.hpp"
#include "kernels/dense/lu_blas.hpp"
#include "solvers/lu/mpi_types.hpp"

namespace suanli::solvers::lu {
namespace blas = kernels::dense::lu_blas;
namespace {

// MPI_User_function for PivotReduction. Commutative: ties go to the lower global row.
void combine_pivot_offers(void* in, void* inout, int* len, MPI_Datatype* type) {
  int bytes = 0;
  MPI_Type_size(*type, &bytes);
  const int words = bytes / static_cast<int>(sizeof(double));
  const int nb = (words - 2) / 2;
  for (int e = 0; e < *len; ++e) {
    const double* offer = static_cast<const double*>(in) + static_cast<long>(e) * words;
    double* best = static_cast<double*>(inout) + static_cast<long>(e) * words;
    // The diagonal row comes from one process only; the others offer zeros.
    for (int c = 0; c < nb; ++c) best[2 + nb + c] += offer[2 + nb + c];
    if (offer[0] > best[0] || (offer[0] == best[0] && offer[1] < best[1])) std::copy(offer, offer + 2 + nb, best);
  }
}

double wtime() { return MPI_Wtime(); }

// The trailing update A22 −= L21·U12, in T or (float only) with BF16 operands.
void trailing_gemm(UpdatePrecision precision, int m, int n, int k, const double* a, int lda, const double* b, int ldb,
                   double* c, int ldc) {
  (void)precision;  // bf16 is rejected for double in the constructor
  blas::gemm_minus(m, n, k, a, lda, b, ldb, c, ldc);
}
void trailing_gemm(UpdatePrecision precision, int m, int n, int k, const float* a, int lda, const float* b, int ldb,
                   float* c, int ldc) {
  if (precision == UpdatePrecision::bf16)
    kernels::dense::lu_bf16::gemm_minus(m, n, k, a, lda, b, ldb, c, ldc);
  else
    blas::gemm_minus(m, n, k, a, lda, b, ldb, c, ldc);
}

}  // namespace

PivotReduction::PivotReduction(int nb) : words_(2 + 2 * nb) {
  MPI_Type_contiguous(words_, MPI_DOUBLE, &type_);
  MPI_Type_commit(&type_);
  MPI_Op_create(&combine_pivot_offers, 1, &op_);
}

PivotReduction::~PivotReduction() {
  MPI_Op_free(&op_);
  MPI_Type_free(&type_);
}

template <typename T>
LuFactorization<T>::LuFactorization(const par::ProcessGrid& grid, const LuOptions& options, const LuTestHooks& hooks,
                                    DistributedMatrix<T>& matrix)
    : grid_(grid),
      options_(options),
      hooks_(hooks),
      a_(matrix),
      pivot_reduction_(options.nb),
      pivots_(static_cast<std::size_t>(options.nb)),
      offer_(static_cast<std::size_t>(pivot_reduction_.words())) {
  // The left-looking base needs the whole panel column on one process; else right-looking.
  left_looking_base_ =
      options.panel_base == PanelBase::left_looking || (options.panel_base == PanelBase::automatic && grid.rows() == 1);
  if (!std::is_same_v<T, float> && options.update_precision == UpdatePrecision::bf16)
    throw UsageError("--precision: a BF16 trailing update needs the FP32 factorization, not FP64");
}

template <typename T>
long LuFactorization<T>::panel_width(long k) const {
  return std::min<long>(options_.nb, options_.n - k * options_.nb);
}

template <typename T>
std::size_t LuFactorization<T>::message_bytes(long k) const {
  const long jb = panel_width(k);
  const long l21_rows = a_.local_rows() - a_.row_axis().count_below(k * options_.nb + jb, grid_.my_row());
  return sizeof(std::int64_t) * jb + sizeof(T) * static_cast<std::size_t>(jb * jb + l21_rows * jb);
}

template <typename T>
typename LuFactorization<T>::PanelView LuFactorization<T>::view(long k, std::byte* message) const {
  const long jb = panel_width(k);
  const long l21_rows = a_.local_rows() - a_.row_axis().count_below(k * options_.nb + jb, grid_.my_row());
  const auto* pivots = reinterpret_cast<const std::int64_t*>(message);
  const auto* l11 = reinterpret_cast<const T*>(message + sizeof(std::int64_t) * jb);
  return PanelView{pivots, l11, l11 + jb * jb, l21_rows};
}

// Pivot search and row swap fused: one Allreduce of 2·nb + 2 words per column over the P processes
// of the column (log2 P latency terms), instead of a search, then a swap, then a broadcast.
template <typename T>
void LuFactorization<T>::pivot_column(T* panel, long k, long mp, long c, long c_end) {
  const auto& rows = a_.row_axis();
  const long lda = a_.lda();
  const int nb = options_.nb;
  const long jb = panel_width(k);
  const long j0 = k * nb;
  const long j = j0 + c;
  const int diagonal_row = rows.owner(j0);
  const long first = rows.count_below(j, grid_.my_row()) - (a_.local_rows() - mp);
  std::fill(offer_.begin(), offer_.end(), 0.0);
  offer_[0] = -1.0;
  offer_[1] = -1.0;
  // Without pivoting only the owner of the diagonal row offers, its row j: it wins the reduction.
  if (first < mp && (options_.pivoting || grid_.my_row() == diagonal_row)) {
    const long i =
        options_.pivoting ? first + blas::iamax(static_cast<int>(mp - first), panel + first + c * lda, 1) : first;
    offer_[0] = std::abs(static_cast<double>(panel[i + c * lda]));
    offer_[1] = static_cast<double>(rows.to_global(a_.local_rows() - mp + i, grid_.my_row()));
    for (long col = 0; col < jb; ++col) offer_[2 + col] = static_cast<double>(panel[i + col * lda]);
  }
  if (grid_.my_row() == diagonal_row) {
    for (long col = 0; col < jb; ++col) offer_[2 + nb + col] = static_cast<double>(panel[c + col * lda]);
  }
  if (grid_.rows() > 1) {
    MPI_Allreduce(MPI_IN_PLACE, offer_.data(), 1, pivot_reduction_.type(), pivot_reduction_.op(), grid_.col_comm());
  }
  const long pivot_row = static_cast<long>(offer_[1]);
  pivots_[static_cast<std::size_t>(c)] = pivot_row;
  const long row_offset = a_.local_rows() - mp;  // local index of panel row 0
  if (grid_.my_row() == diagonal_row) {
    for (long col = 0; col < jb; ++col) panel[c + col * lda] = static_cast<T>(offer_[2 + col]);
  }
  if (pivot_row != j && grid_.my_row() == rows.owner(pivot_row)) {
    const long i = rows.to_local(pivot_row) - row_offset;
    for (long col = 0; col < jb; ++col) panel[i + col * lda] = static_cast<T>(offer_[2 + nb + col]);
  }
  const T pivot = static_cast<T>(offer_[2 + c]);
  const long below = rows.count_below(j + 1, grid_.my_row()) - row_offset;
  if (pivot != T(0)) blas::scal(static_cast<int>(mp - below), T(1) / pivot, panel + below + c * lda, 1);
  // Rank-1 update of this base block's remaining columns with the pivot row.
  const int width = static_cast<int>(c_end - c - 1);
  if (width > 0 && mp - below > 0) {
    std::vector<T> pivot_right(static_cast<std::size_t>(width));
    for (int col = 0; col < width; ++col)
      pivot_right[static_cast<std::size_t>(col)] = static_cast<T>(offer_[2 + c + 1 + col]);
    blas::ger(static_cast<int>(mp - below), width, T(-1), panel + below + c * lda, 1, pivot_right.data(), 1,
              panel + below + (c + 1) * lda, static_cast<int>(lda));
  }
}

// The base block, left-looking (HPL's PFACT "left"), for a panel held whole by this process (P = 1,
// so panel row r is global row j0 + r and no pivot travels): column c is brought up to date by the
// block's columns before it (c − c0 AXPYs into one column, which stays in L2), then searched,
// swapped across the panel and scaled. Each column is written once, where the rank-1 (right-looking)
// base rewrites the rest of the block after every column: about half the traffic to L3 or memory
// on a panel taller than the caches, the same flops, the same result up to rounding.
template <typename T>
void LuFactorization<T>::factor_base_left_looking(T* panel, long k, long mp, long c0, long w) {
  const long lda = a_.lda();
  const long jb = panel_width(k);
  const long j0 = k * options_.nb;
  for (long c = c0; c < c0 + w && c < mp; ++c) {
    T* column = panel + c * lda;
    // U(c0:c, c) = L(c0:c, c0:c)⁻¹ · A(c0:c, c): forward substitution, at most w²/2 flops.
    for (long j = c0; j < c; ++j)
      for (long i = j + 1; i < c; ++i) column[i] -= panel[i + j * lda] * column[j];
    // A(c:mp, c) −= L(c:mp, c0:c) · U(c0:c, c), one AXPY per column before c.
    for (long j = c0; j < c; ++j) {
      const T u = column[j];
      blas::ger(static_cast<int>(mp - c), 1, T(-1), panel + c + j * lda, 1, &u, 1, column + c, static_cast<int>(lda));
    }
    const long p = options_.pivoting ? c + blas::iamax(static_cast<int>(mp - c), column + c, 1) : c;
    pivots_[static_cast<std::size_t>(c)] = j0 + p;
    if (p != c) blas::swap(static_cast<int>(jb), panel + c, static_cast<int>(lda), panel + p, static_cast<int>(lda));
    if (column[c] != T(0) && mp - c > 1) blas::scal(static_cast<int>(mp - c - 1), T(1) / column[c], column + c + 1, 1);
  }
}

// Recursive halving (HPL's RFACT): factor the left half, update the right half with one TRSM and
// one GEMM (BLAS-3 instead of w/2 rank-1 updates), factor the right half.
template <typename T>
void LuFactorization<T>::factor_columns(T* panel, long k, long mp, long c0, long w) {
  if (w <= options_.panel_base_columns) {
    if (left_looking_base_) {
      factor_base_left_looking(panel, k, mp, c0, w);
    } else {
      for (long c = c0; c < c0 + w; ++c) pivot_column(panel, k, mp, c, c0 + w);
    }
    return;
  }
  const long w1 = w / 2;
  const long w2 = w - w1;
  factor_columns(panel, k, mp, c0, w1);
  const long lda = a_.lda();
  const long j0 = k * options_.nb;
  const int diagonal_row = a_.row_axis().owner(j0);
  const bool mine = grid_.my_row() == diagonal_row;
  // U of the right half: w1 rows of the diagonal block, on one process row; the others get a copy
  // (w1·w2 words broadcast over the column).
  T* u_in_place = panel + c0 + (c0 + w1) * lda;
  if (mine)
    blas::trsm_unit_lower(static_cast<int>(w1), static_cast<int>(w2), panel + c0 + c0 * lda, static_cast<int>(lda),
                          u_in_place, static_cast<int>(lda));
  const T* u = u_in_place;
  long ldu = lda;
  std::vector<T> u_copy;
  if (grid_.rows() > 1) {
    u_copy.resize(static_cast<std::size_t>(w1 * w2));
    if (mine) {
      for (long col = 0; col < w2; ++col) std::copy_n(u_in_place + col * lda, w1, u_copy.data() + col * w1);
    }
    MPI_Bcast(u_copy.data(), static_cast<int>(w1 * w2), mpi_type<T>(), diagonal_row, grid_.col_comm());
    u = u_copy.data();
    ldu = w1;
  }
  const long row_offset = a_.local_rows() - mp;
  const long below = a_.row_axis().count_below(j0 + c0 + w1, grid_.my_row()) - row_offset;
  blas::gemm_minus(static_cast<int>(mp - below), static_cast<int>(w2), static_cast<int>(w1), panel + below + c0 * lda,
                   static_cast<int>(lda), u, static_cast<int>(ldu), panel + below + (c0 + w1) * lda,
                   static_cast<int>(lda));
  factor_columns(panel, k, mp, c0 + w1, w2);
}

template <typename T>
void LuFactorization<T>::factor_panel(long k) {
  const long j0 = k * options_.nb;
  const long first_row = a_.row_axis().count_below(j0, grid_.my_row());
  const long mp = a_.local_rows() - first_row;
  T* panel = a_.data() + first_row + a_.col_axis().to_local(j0) * a_.lda();
  factor_columns(panel, k, mp, 0, panel_width(k));
  const long last = options_.n - 1;
  if (hooks_.corrupt_l && k == 0 && last >= panel_width(0) && grid_.my_row() == a_.row_axis().owner(last)) {
    a_.local(a_.row_axis().to_local(last), a_.col_axis().to_local(0)) += T(1);
  }
}

template <typename T>
void LuFactorization<T>::pack_panel(long k, std::byte* message) {
  const long jb = panel_width(k);
  const long j0 = k * options_.nb;
  const long lda = a_.lda();
  const long local_col = a_.col_axis().to_local(j0);
  std::memcpy(message, pivots_.data(), sizeof(std::int64_t) * jb);
  auto* l11 = reinterpret_cast<T*>(message + sizeof(std::int64_t) * jb);
  const int diagonal_row = a_.row_axis().owner(j0);
  if (grid_.my_row() == diagonal_row) {
    const long first = a_.row_axis().to_local(j0);
    for (long col = 0; col < jb; ++col) std::copy_n(&a_.local(first, local_col + col), jb, l11 + col * jb);
  }
  // L11 lives on one process row; every process of the row needs it for U12 = L11⁻¹·A12.
  if (grid_.rows() > 1) MPI_Bcast(l11, static_cast<int>(jb * jb), mpi_type<T>(), diagonal_row, grid_.col_comm());
  const PanelView v = view(k, message);
  T* l21 = l11 + jb * jb;
  const long first_below = a_.local_rows() - v.l21_rows;
  for (long col = 0; col < jb; ++col) {
    std::copy_n(a_.data() + first_below + (local_col + col) * lda, v.l21_rows, l21 + col * v.l21_rows);
  }
}

// Row swaps, U12 and the trailing update for local columns [local_begin, local_end) (all right of
// panel k). With P > 1 the rows the pivots touch (≤ 2·jb) are shared by one Allgatherv over the
// column, each row sent by its owner; every process then holds U's block row (the "U broadcast")
// and solves U12 = L11⁻¹·A12 itself, which costs jb²·width flops but no second message.
template <typename T>
void LuFactorization<T>::update(long k, std::byte* message, long local_begin, long local_end, LuTimes& times) {
  const long width = local_end - local_begin;
  if (width <= 0) return;
  const long jb = panel_width(k);
  const long j0 = k * options_.nb;
  const long lda = a_.lda();
  const auto& rows = a_.row_axis();
  const int my_row = grid_.my_row();
  const PanelView v = view(k, message);
  double t0 = wtime();
  T* u = nullptr;
  long ldu = 0;
  std::vector<T> u_rows;
  if (grid_.rows() == 1) {
    // One process row: local row = global row; swap in place and U is the block row itself. Column
    // by column (as DLASWP blocks it): all jb swaps of a column touch one contiguous column, where
    // row by row would stride through width columns jb times.
    T* base = &a_.local(0, local_begin);
#pragma omp parallel for schedule(static)
    for (long c = 0; c < width; ++c) {
      T* column = base + c * lda;
      for (long i = 0; i < jb; ++i) std::swap(column[j0 + i], column[v.pivots[i]]);
    }
    u = &a_.local(j0, local_begin);
    ldu = lda;
    times.swap += wtime() - t0;
    t0 = wtime();
    blas::trsm_unit_lower(static_cast<int>(jb), static_cast<int>(width), v.l11, static_cast<int>(jb), u,
                          static_cast<int>(ldu));
    times.trsm += wtime() - t0;
  } else {
    // Where each row's contents end up: apply the swaps to a map of the touched rows.
    std::map<long, long> source_of;
    for (long i = 0; i < jb; ++i) {
      source_of.emplace(j0 + i, j0 + i);
      source_of.emplace(v.pivots[i], v.pivots[i]);
    }
    for (long i = 0; i < jb; ++i) std::swap(source_of[j0 + i], source_of[v.pivots[i]]);
    // Every process of the column gets the touched rows (≤ 2·jb) of the others, each sent by its
    // owner alone: one Allgatherv of (touched − mine)·width words received per process.
    const int procs = grid_.rows();
    std::vector<std::vector<long>> owned(static_cast<std::size_t>(procs));
    for (const auto& entry : source_of) owned[static_cast<std::size_t>(rows.owner(entry.first))].push_back(entry.first);
    std::vector<int> counts(static_cast<std::size_t>(procs));
    std::vector<int> displs(static_cast<std::size_t>(procs));
    int total = 0;
    for (int proc = 0; proc < procs; ++proc) {
      counts[static_cast<std::size_t>(proc)] = static_cast<int>(owned[static_cast<std::size_t>(proc)].size() * width);
      displs[static_cast<std::size_t>(proc)] = total;
      total += counts[static_cast<std::size_t>(proc)];
    }
    // Each process's block is its rows × width, column-major (ld = its row count).
    const std::vector<long>& mine = owned[static_cast<std::size_t>(my_row)];
    const long my_count = static_cast<long>(mine.size());
    std::vector<T> packed(static_cast<std::size_t>(std::max(1L, my_count * width)));
    for (long idx = 0; idx < my_count; ++idx) {
      const long li = rows.to_local(mine[static_cast<std::size_t>(idx)]);
      for (long c = 0; c < width; ++c)
        packed[static_cast<std::size_t>(idx + c * my_count)] = a_.local(li, local_begin + c);
    }
    std::vector<T> gathered(static_cast<std::size_t>(std::max(1, total)));
    MPI_Allgatherv(packed.data(), static_cast<int>(my_count * width), mpi_type<T>(), gathered.data(), counts.data(),
                   displs.data(), mpi_type<T>(), grid_.col_comm());
    // Row r's entries in `gathered`: its first entry and the distance between its columns.
    auto row_in_gathered = [&](long row) {
      const auto proc = static_cast<std::size_t>(rows.owner(row));
      const auto& list = owned[proc];
      const long idx = std::lower_bound(list.begin(), list.end(), row) - list.begin();
      return std::pair<const T*, long>{gathered.data() + displs[proc] + idx, static_cast<long>(list.size())};
    };
    u_rows.resize(static_cast<std::size_t>(jb * width));
    for (long i = 0; i < jb; ++i) {
      const auto [first, stride] = row_in_gathered(source_of[j0 + i]);
      for (long c = 0; c < width; ++c) u_rows[static_cast<std::size_t>(i + c * jb)] = first[c * stride];
    }
    for (const auto& [row, source] : source_of) {
      if (row < j0 + jb || row == source || rows.owner(row) != my_row) continue;
      const long li = rows.to_local(row);
      const auto [first, stride] = row_in_gathered(source);
      for (long c = 0; c < width; ++c) a_.local(li, local_begin + c) = first[c * stride];
    }
    u = u_rows.data();
    ldu = jb;
    times.swap += wtime() - t0;
    t0 = wtime();
    blas::trsm_unit_lower(static_cast<int>(jb), static_cast<int>(width), v.l11, static_cast<int>(jb), u,
                          static_cast<int>(ldu));
    times.trsm += wtime() - t0;
    t0 = wtime();
    if (my_row == rows.owner(j0)) {
      const long first = rows.to_local(j0);
      for (long c = 0; c < width; ++c) std::copy_n(u + c * ldu, jb, &a_.local(first, local_begin + c));
    }
    times.swap += wtime() - t0;
  }
  t0 = wtime();
  const long first_below = a_.local_rows() - v.l21_rows;
  trailing_gemm(options_.update_precision, static_cast<int>(v.l21_rows), static_cast<int>(width), static_cast<int>(jb),
                v.l21, static_cast<int>(std::max(1L, v.l21_rows)), u, static_cast<int>(ldu),
                a_.data() + first_below + local_begin * lda, static_cast<int>(lda));
  times.update += wtime() - t0;
}

template <typename T>
void LuFactorization<T>::run(LuTimes& times) {
  const long n = options_.n;
  const int nb = options_.nb;
  const long panels = (n + nb - 1) / nb;
  const auto& cols = a_.col_axis();
  const int my_col = grid_.my_col();
  auto owner_col = [&](long k) { return cols.owner(k * nb); };
  // Factor panel k where it lives and start sending it along the row (everyone calls this).
  auto factor_and_send = [&](long k) {
    const std::size_t slot = static_cast<std::size_t>(k % 2);
    const double t_release = wtime();
    broadcasts_[slot].release();
    times.broadcast += wtime() - t_release;
    messages_[slot].resize(message_bytes(k));
    if (my_col == owner_col(k)) {
      const double t0 = wtime();
      factor_panel(k);
      pack_panel(k, messages_[slot].data());
      times.panel += wtime() - t0;
    }
    const double t0 = wtime();
    broadcasts_[slot].start(options_.broadcast, messages_[slot].data(), messages_[slot].size(), owner_col(k),
                            grid_.row_comm());
    times.broadcast += wtime() - t0;
  };
  factor_and_send(0);
  for (long k = 0; k < panels; ++k) {
    const std::size_t slot = static_cast<std::size_t>(k % 2);
    const double t0 = wtime();
    const double waited = broadcasts_[slot].finish();
    times.wait += waited;
    times.broadcast += wtime() - t0 - waited;
    const long j0 = k * nb;
    const long trailing_begin = cols.count_below(j0 + panel_width(k), my_col);
    const long trailing_end = a_.local_cols();
    const bool has_next = k + 1 < panels;
    if (has_next && options_.lookahead > 0 && my_col == owner_col(k + 1)) {
      // Look-ahead: the next panel's columns first, so it can be factored and on its way while
      // the rest of this trailing matrix is updated.
      const long next_end = trailing_begin + panel_width(k + 1);
      update(k, messages_[slot].data(), trailing_begin, next_end, times);
      factor_and_send(k + 1);
      // The rest in chunks of columns, polling the panel k+1 sends in between so that they move
      // during the update; wide chunks keep the GEMMs efficient (and, with P > 1, the extra swap
      // Allreduces few).
      const std::size_t next_slot = static_cast<std::size_t>((k + 1) % 2);
      const long chunk = std::max<long>(4L * nb, 512);
      for (long begin = next_end; begin < trailing_end; begin += chunk) {
        update(k, messages_[slot].data(), begin, std::min(begin + chunk, trailing_end), times);
        const double t_poll = wtime();
        broadcasts_[next_slot].progress();
        times.broadcast += wtime() - t_poll;
      }
    } else {
      update(k, messages_[slot].data(), trailing_begin, trailing_end, times);
      if (has_next) factor_and_send(k + 1);
    }
    if (options_.on_panel) options_.on_panel(k + 1, panels);
  }
  const double t_release = wtime();
  broadcasts_[0].release();
  broadcasts_[1].release();
  times.broadcast += wtime() - t_release;
}

template class LuFactorization<double>;
template class LuFactorization<float>;

}  // namespace suanli::solvers::lu
