#include "solvers/training/data_parallel.hpp"

#include <cmath>
#include <limits>

#include "par/mpi_check.hpp"

namespace suanli::solvers::training {
namespace {

struct Sums {
  double plain = 0, absolute = 0;
};

Sums sums(const std::vector<float>& v) {
  double plain = 0, absolute = 0;
#pragma omp parallel for reduction(+ : plain, absolute) schedule(static)
  for (std::size_t i = 0; i < v.size(); ++i) {
    plain += v[i];
    absolute += std::fabs(v[i]);
  }
  return {plain, absolute};
}

int as_count(std::size_t n) {
  if (n > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::length_error("a layer's gradients exceed MPI's int count");
  return static_cast<int>(n);
}

}  // namespace

ReductionCheck check_reduction(MPI_Comm comm, const std::vector<double>& local_sums,
                               const std::vector<double>& local_absolute, const std::vector<double>& reduced_sums) {
  const int layers = static_cast<int>(local_sums.size());
  std::vector<double> expected(local_sums.size()), magnitude(local_sums.size());
  par::check_mpi(MPI_Allreduce(local_sums.data(), expected.data(), layers, MPI_DOUBLE, MPI_SUM, comm), "MPI_Allreduce");
  par::check_mpi(MPI_Allreduce(local_absolute.data(), magnitude.data(), layers, MPI_DOUBLE, MPI_SUM, comm),
                 "MPI_Allreduce");
  int ranks = 1;
  par::check_mpi(MPI_Comm_size(comm, &ranks), "MPI_Comm_size");
  // Each reduced element is an n-term float sum, in error by at most (n − 1)·u·Σ|g|
  // (u = 2⁻²⁴); the sums over elements, in double, add nothing comparable.
  ReductionCheck check;
  check.bound = std::max(1, ranks - 1) * std::ldexp(1.0, -24) * 2;
  for (int l = 0; l < layers; ++l) {
    const double scale = magnitude[l] > 0 ? magnitude[l] : 1.0;
    check.worst_relative_error = std::max(check.worst_relative_error, std::fabs(reduced_sums[l] - expected[l]) / scale);
  }
  // Every rank decides the same.
  par::check_mpi(MPI_Allreduce(MPI_IN_PLACE, &check.worst_relative_error, 1, MPI_DOUBLE, MPI_MAX, comm),
                 "MPI_Allreduce");
  return check;
}

DataParallelModel::DataParallelModel(const kt::BlockShape& shape, int layers, std::uint64_t seed, int rank)
    : shape_(shape), scratch_(shape) {
  const std::size_t activation = static_cast<std::size_t>(shape.tokens()) * shape.d_model;
  for (int l = 0; l < layers; ++l) {
    weights_.push_back(kt::random_block_weights(shape, seed + static_cast<std::uint64_t>(l)));
    gradients_.emplace_back(shape);
    saved_.emplace_back(shape);
  }
  const std::uint64_t rank_seed = seed * 1000003u + static_cast<std::uint64_t>(rank) * 7919u + 1;
  layer_inputs_.assign(static_cast<std::size_t>(layers) + 1, std::vector<float>(activation));
  layer_inputs_.front() = kt::random_activations(shape, rank_seed);
  loss_weights_ = kt::random_activations(shape, rank_seed + 1);
  d_current_.resize(activation);
  d_next_.resize(activation);
}

StepTiming DataParallelModel::step(MPI_Comm comm, bool overlap, ReductionCheck* check) {
  const int layers = this->layers();
  std::vector<MPI_Request> requests(static_cast<std::size_t>(layers), MPI_REQUEST_NULL);
  std::vector<double> local_sums(static_cast<std::size_t>(layers)), local_absolute(static_cast<std::size_t>(layers));
  auto poll = [&requests] {
    int done = 0;
    par::check_mpi(MPI_Testall(static_cast<int>(requests.size()), requests.data(), &done, MPI_STATUSES_IGNORE),
                   "MPI_Testall");
  };
  auto start_reduction = [&](int l) {
    std::vector<float>& g = gradients_[static_cast<std::size_t>(l)].all;
    if (check) {
      const Sums s = sums(g);
      local_sums[static_cast<std::size_t>(l)] = s.plain;
      local_absolute[static_cast<std::size_t>(l)] = s.absolute;
    }
    par::check_mpi(MPI_Iallreduce(MPI_IN_PLACE, g.data(), as_count(g.size()), MPI_FLOAT, MPI_SUM, comm,
                                  &requests[static_cast<std::size_t>(l)]),
                   "MPI_Iallreduce");
  };

  par::check_mpi(MPI_Barrier(comm), "MPI_Barrier");
  StepTiming t;
  const double start = MPI_Wtime();
  for (int l = 0; l < layers; ++l)
    kt::block_forward_training(shape_, weights_[l], layer_inputs_[l].data(), layer_inputs_[l + 1].data(), saved_[l]);
  const double forward_end = MPI_Wtime();
  std::copy(loss_weights_.begin(), loss_weights_.end(), d_current_.begin());
  for (int l = layers - 1; l >= 0; --l) {
    kt::block_backward(shape_, weights_[l], layer_inputs_[l].data(), saved_[l], d_current_.data(), d_next_.data(),
                       gradients_[l], scratch_, overlap ? std::function<void()>(poll) : std::function<void()>());
    std::swap(d_current_, d_next_);
    if (overlap) start_reduction(l);
  }
  if (!overlap)
    for (int l = layers - 1; l >= 0; --l) start_reduction(l);
  const double backward_end = MPI_Wtime();
  par::check_mpi(MPI_Waitall(layers, requests.data(), MPI_STATUSES_IGNORE), "MPI_Waitall");
  const double end = MPI_Wtime();
  t.forward = forward_end - start;
  t.backward = backward_end - forward_end;
  t.exposed_communication = end - backward_end;
  t.step = end - start;

  if (check) {
    std::vector<double> reduced;
    for (const kt::BlockGradients& g : gradients_) reduced.push_back(sums(g.all).plain);
    *check = check_reduction(comm, local_sums, local_absolute, reduced);
  }
  return t;
}

double DataParallelModel::all_reduce_alone(MPI_Comm comm) {
  par::check_mpi(MPI_Barrier(comm), "MPI_Barrier");
  const double start = MPI_Wtime();
  for (kt::BlockGradients& g : gradients_)
    par::check_mpi(MPI_Allreduce(MPI_IN_PLACE, g.all.data(), as_count(g.all.size()), MPI_FLOAT, MPI_SUM, comm),
                   "MPI_Allreduce");
  return MPI_Wtime() - start;
}

double DataParallelModel::memory_bytes(const kt::BlockShape& s, int layers) {
  const double tokens = s.tokens(), d = s.d_model, f = s.ffn, heads = s.heads;
  const double parameters = static_cast<double>(kt::block_parameter_count(s));
  // Saved activations (block_training.hpp): h1, attended, y, h2 (d each), qkv (3d),
  // pre- and post-GELU (f each), LayerNorm statistics (4) and log-sum-exp (heads).
  const double saved = tokens * (7 * d + 2 * f + 4 + heads);
  const double scratch = tokens * (f + 6 * d + 1);
  const double per_layer = 2 * parameters + saved + tokens * d;  // weights, gradients, activations, layer input
  return 4.0 * (layers * per_layer + scratch + 3 * tokens * d);
}

}  // namespace suanli::solvers::training
