// A run-time check of the backward pass, as a benchmark verifies its answer: the
// loss L = Σ G ⊙ block(x) is moved along one random direction Δ of all weights
// and of the input at once, and the change the FP32 backward predicts, ∇L·Δ, is
// compared with the change of the double-precision reference forward (central
// difference). Cheap enough for a run: two reference forwards of a few tokens.
// The unit tests do the same per parameter group.
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/transformer/block.hpp"

namespace suanli::kernels::transformer {

struct GradientCheck {
  double predicted = 0;  // ∇L·Δ from block_backward
  double measured = 0;   // (L(w + Δ) − L(w − Δ)) / 2 from the reference
  double relative_error() const;
  // Central differences err by O(|Δ|³) and the FP32 backward by ~1e-6; a wrong
  // gradient term is off by O(1).
  static constexpr double tolerance = 1e-3;
  bool passed() const { return relative_error() <= tolerance; }
};

// L = Σ g ⊙ block(x) through the double-precision reference forward.
double reference_loss(const BlockShape& shape, const BlockWeights& w, const std::vector<double>& x,
                      const std::vector<float>& g);

// On `shape` (a few tokens: the reference is plain loops in double).
GradientCheck check_gradients(const BlockShape& shape, std::uint64_t seed);

}  // namespace suanli::kernels::transformer
