// Data-parallel training of a stack of transformer blocks, as DDP does it: every
// rank holds all the weights (the same on every rank, from one seed), runs the
// forward and backward passes on its own batch, and all-reduces (sums) each
// layer's gradients as soon as that layer's backward is done — while the
// backward of the layers below it goes on, polling MPI between its GEMMs so the
// reduction progresses. The loss is synthetic, L = Σ G ⊙ output with a fixed
// random G per rank: the step's work is a real step's, the answer is checked by
// the gradient checksums (check_reduction) and by the unit tests' finite
// differences of the backward.
#pragma once

#include <mpi.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/transformer/block_training.hpp"

namespace suanli::solvers::training {

namespace kt = kernels::transformer;

struct StepTiming {
  double step = 0;      // forward + backward + waiting for the last all-reduce
  double forward = 0;
  double backward = 0;  // including the MPI polls between its GEMMs
  double exposed_communication = 0;  // the wait for all-reduces after the backward ended
  double compute() const { return forward + backward; }
};

// Whether the all-reduce summed right: for every layer, Σ of the reduced
// gradients against the sum over ranks of each rank's own Σ, within the
// rounding of n-term float sums.
struct ReductionCheck {
  double worst_relative_error = 0;  // |difference| / Σ|g| over ranks, worst layer
  double bound = 0;
  bool passed() const { return worst_relative_error <= bound; }
};

// The check itself, collective over comm: per layer, this rank's Σ g and Σ|g|
// before the reduction and Σ g of what it holds after.
ReductionCheck check_reduction(MPI_Comm comm, const std::vector<double>& local_sums,
                               const std::vector<double>& local_absolute, const std::vector<double>& reduced_sums);

class DataParallelModel {
 public:
  // Weights from `seed` (the same on every rank); input and G from seed and `rank`.
  DataParallelModel(const kt::BlockShape& shape, int layers, std::uint64_t seed, int rank);

  // One training step over `comm` (collective over it). overlap: each layer's
  // all-reduce starts when its backward ends; otherwise all start after the
  // whole backward. check: when given, the reduction is verified (outside the timing).
  StepTiming step(MPI_Comm comm, bool overlap, ReductionCheck* check = nullptr);

  // Seconds to all-reduce every layer's gradients with nothing else running:
  // the communication a step would expose without overlap. Collective over comm.
  double all_reduce_alone(MPI_Comm comm);

  // Layer l's gradients as the last step left them (reduced, after a step over several ranks).
  const std::vector<float>& gradients(int layer) const { return gradients_[static_cast<std::size_t>(layer)].all; }
  int layers() const { return static_cast<int>(weights_.size()); }
  std::size_t parameters() const { return kt::block_parameter_count(shape_) * weights_.size(); }
  // Model FLOPs of one step on one rank: 3 × forward.
  double step_flops() const { return kt::block_training_flops(shape_) * static_cast<double>(weights_.size()); }

  // Bytes a model of this shape holds on each rank: weights, gradients, activations, scratch.
  static double memory_bytes(const kt::BlockShape& shape, int layers);

 private:
  kt::BlockShape shape_;
  std::vector<kt::BlockWeights> weights_;
  std::vector<kt::BlockGradients> gradients_;
  std::vector<kt::BlockActivations> saved_;
  std::vector<std::vector<float>> layer_inputs_;  // [layers + 1]: the input of each layer, then the output
  std::vector<float> loss_weights_;               // G = ∂L/∂output
  std::vector<float> d_current_, d_next_;
  kt::BackwardScratch scratch_;
};

}  // namespace suanli::solvers::training
