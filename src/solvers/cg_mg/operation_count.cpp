#include "solvers/cg_mg/operation_count.hpp"

#include <mpi.h>

namespace suanli::solvers::cg_mg {

std::vector<LevelTotals> global_level_totals(const Problem& problem) {
  std::vector<double> local;
  for (const Level* level = problem.fine.get(); level; level = level->coarse.get()) {
    local.push_back(static_cast<double>(level->rows()));
    local.push_back(static_cast<double>(level->matrix.nonzeros));
  }
  std::vector<double> global(local.size(), 0.0);
  MPI_Allreduce(local.data(), global.data(), static_cast<int>(local.size()), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  std::vector<LevelTotals> totals;
  for (std::size_t i = 0; i < global.size(); i += 2) totals.push_back({global[i], global[i + 1]});
  return totals;
}

OperationCounts hpcg_operation_counts(const std::vector<LevelTotals>& levels, double sets, double iterations) {
  constexpr double value_bytes = 8.0;
  constexpr double entry_bytes = 8.0 + 4.0;  // value and int32 column index
  constexpr double pre_steps = 1.0, post_steps = 1.0;
  const double total_iterations = sets * iterations;
  const LevelTotals& fine = levels.front();

  OperationCounts c;
  const double vector_ops = 3.0 * total_iterations + sets;
  c.dot_flops = vector_ops * 2.0 * fine.rows;
  c.waxpby_flops = vector_ops * 2.0 * fine.rows;
  c.spmv_flops = (total_iterations + sets) * 2.0 * fine.nonzeros;
  c.bytes_read += vector_ops * 2.0 * fine.rows * value_bytes;   // DDOT
  c.bytes_written += vector_ops * value_bytes;                  // DDOT's scalar
  c.bytes_read += vector_ops * 2.0 * fine.rows * value_bytes;   // WAXPBY
  c.bytes_written += vector_ops * fine.rows * value_bytes;
  c.bytes_read += (total_iterations + sets) * (fine.nonzeros * entry_bytes + fine.rows * value_bytes);  // SpMV
  c.bytes_written += (total_iterations + sets) * fine.rows * value_bytes;

  auto symgs = [&](const LevelTotals& l, double steps) {
    c.mg_flops += steps * total_iterations * 4.0 * l.nonzeros;
    c.bytes_read += steps * total_iterations * (2.0 * l.nonzeros * entry_bytes + l.rows * value_bytes);
    c.bytes_written += steps * total_iterations * l.rows * value_bytes;
  };
  for (std::size_t i = 0; i + 1 < levels.size(); ++i) {
    const LevelTotals& l = levels[i];
    symgs(l, pre_steps);
    c.mg_flops += total_iterations * 2.0 * l.nonzeros;  // the residual for the restriction
    c.bytes_read += total_iterations * (l.nonzeros * entry_bytes + l.rows * value_bytes);
    c.bytes_written += total_iterations * l.rows * value_bytes;
    symgs(l, post_steps);
  }
  symgs(levels.back(), pre_steps);
  return c;
}

}  // namespace suanli::solvers::cg_mg
