// HPL's verification: the scaled residual ‖Ax−b‖∞ / (ε·(‖A‖∞·‖x‖∞ + ‖b‖∞)·n), which is O(1)
// for a backward-stable solve; HPL passes it below 16. Computed in FP64 from a regenerated [A | b].
#pragma once

#include <vector>

#include "par/process_grid.hpp"
#include "solvers/lu/distributed_matrix.hpp"

namespace suanli::solvers::lu {

// `system` holds [A | b] (freshly generated), x is the solution on every rank, epsilon the unit
// roundoff of the precision solved in. Collective over the grid.
template <typename T>
double scaled_residual(const par::ProcessGrid& grid, const DistributedMatrix<T>& system, const std::vector<double>& x,
                       double epsilon);

}  // namespace suanli::solvers::lu
