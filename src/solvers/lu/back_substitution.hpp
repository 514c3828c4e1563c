// Distributed back substitution U·x = y after the factorization of [A | b] (y sits in column n).
#pragma once

#include <vector>

#include "par/process_grid.hpp"
#include "solvers/lu/distributed_matrix.hpp"

namespace suanli::solvers::lu {

// Returns x on every rank. Per block row, from the last: the process row owning it sums its partial
// products over the row (Reduce of nb words), the diagonal owner solves with U_kk, x_k is broadcast
// to all ranks (nb words), and the process column owning block k subtracts U(0:j0, k)·x_k from its
// partial sums. 2·n/nb small collectives, n² flops spread over the grid.
template <typename T>
std::vector<T> back_substitute(const par::ProcessGrid& grid, const DistributedMatrix<T>& lu, long n);

}  // namespace suanli::solvers::lu
