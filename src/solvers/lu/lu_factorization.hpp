// The factorization loop of the distributed LU (see lu_solver.hpp for the algorithm and its cost).
// Internal to src/solvers/lu: solve_lu drives it.
#pragma once

#include <mpi.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "solvers/lu/distributed_matrix.hpp"
#include "solvers/lu/lu_solver.hpp"
#include "solvers/lu/panel_broadcast.hpp"

namespace suanli::solvers::lu {

// The MPI reduction that finds a column's pivot and exchanges rows in one Allreduce: each process
// offers (|value|, global row, its candidate row, and, from the owner of the diagonal row, that
// row); the result holds the winner (largest |value|, lowest row on ties) and the diagonal row.
class PivotReduction {
 public:
  explicit PivotReduction(int nb);
  ~PivotReduction();
  PivotReduction(const PivotReduction&) = delete;
  PivotReduction& operator=(const PivotReduction&) = delete;
  MPI_Datatype type() const { return type_; }
  MPI_Op op() const { return op_; }
  // Words in one offer: 2 + 2·nb doubles.
  int words() const { return words_; }

 private:
  int words_;
  MPI_Datatype type_ = MPI_DATATYPE_NULL;
  MPI_Op op_ = MPI_OP_NULL;
};

template <typename T>
class LuFactorization {
 public:
  LuFactorization(const par::ProcessGrid& grid, const LuOptions& options, const LuTestHooks& hooks,
                  DistributedMatrix<T>& matrix);
  // Overwrites [A | b] with L\U and L⁻¹·P·b. Adds its phases to `times`.
  void run(LuTimes& times);

 private:
  // A packed panel as it travels: pivots, L11 (jb×jb, ld jb), my rows of L21 (ld = their count).
  struct PanelView {
    const std::int64_t* pivots;
    const T* l11;
    const T* l21;
    long l21_rows;
  };

  long panel_width(long k) const;
  std::size_t message_bytes(long k) const;
  PanelView view(long k, std::byte* message) const;
  void factor_panel(long k);
  void factor_columns(T* panel, long k, long mp, long c0, long w);
  void pivot_column(T* panel, long k, long mp, long c, long c_end);
  void factor_base_left_looking(T* panel, long k, long mp, long c0, long w);
  void pack_panel(long k, std::byte* message);
  void update(long k, std::byte* message, long local_begin, long local_end, LuTimes& times);

  const par::ProcessGrid& grid_;
  LuOptions options_;
  LuTestHooks hooks_;
  DistributedMatrix<T>& a_;
  bool left_looking_base_ = false;
  PivotReduction pivot_reduction_;
  std::vector<std::int64_t> pivots_;  // of the panel being factored
  std::vector<double> offer_;         // pivot-search buffer
  std::array<std::vector<std::byte>, 2> messages_;
  std::array<PanelBroadcastRequest, 2> broadcasts_;
};

}  // namespace suanli::solvers::lu
