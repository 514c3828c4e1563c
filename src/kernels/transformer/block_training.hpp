// Training a transformer block: the forward pass that keeps what the backward
// pass needs, and the backward pass through the same GEMMs, in FP32.
//
// Backward, from d_out = ∂L/∂out (block.hpp names the forward's pieces):
//   FFN       dW₂ = GELU(a)ᵀ·d_out, dA = (d_out·W₂ᵀ) ⊙ GELU′(a), dW₁ = h₂ᵀ·dA, dh₂ = dA·W₁ᵀ
//   LN₂       dy = d_out + LayerNorm′(dh₂)
//   proj.     dW_o = attendedᵀ·dy, d_attended = dy·W_oᵀ
//   attention blockwise, recomputing the scores from the saved log-sum-exp (attention_backward.hpp)
//   QKV       dW_qkv = h₁ᵀ·d_qkv, dh₁ = d_qkv·W_qkvᵀ
//   LN₁       dx = dy + LayerNorm′(dh₁)
// Every linear layer costs two GEMMs of its forward size (dX and dW), so the
// model FLOPs of a training step are 3× the forward's (block_training_flops), as
// MFU is customarily counted; the attention backward also recomputes Q·Kᵀ, work
// done but not counted.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "kernels/transformer/block.hpp"

namespace suanli::kernels::transformer {

// The parameters of one block: 4d² + 2·d·f + 9d + f.
std::size_t block_parameter_count(const BlockShape& shape);

// ∂L/∂(each parameter), laid out as BlockWeights but in one contiguous buffer, so
// a data-parallel step all-reduces a layer's gradients in one call. Movable, not
// copyable (the views point into the buffer).
struct BlockGradients {
  explicit BlockGradients(const BlockShape& shape);
  BlockGradients(BlockGradients&&) noexcept = default;
  BlockGradients& operator=(BlockGradients&&) noexcept = default;
  BlockGradients(const BlockGradients&) = delete;
  BlockGradients& operator=(const BlockGradients&) = delete;

  std::vector<float> all;  // block_parameter_count floats
  float *ln1_gain, *ln1_bias, *ln2_gain, *ln2_bias;
  float *w_qkv, *b_qkv, *w_o, *b_o, *w_1, *b_1, *w_2, *b_2;
};

// What the forward keeps for the backward: the inputs of every GEMM, the
// LayerNorm statistics, the softmax log-sum-exp per query row (not the s×s
// probabilities) and the pre-GELU activations.
struct BlockActivations {
  explicit BlockActivations(const BlockShape& shape);
  std::vector<float> ln1_mean, ln1_inverse, h1, qkv, attended, log_sum_exp;
  std::vector<float> y, ln2_mean, ln2_inverse, h2, pre_gelu, post_gelu;
  std::size_t bytes() const;
};

// Buffers of the backward pass, reusable from block to block of a model.
struct BackwardScratch {
  explicit BackwardScratch(const BlockShape& shape);
  std::vector<float> d_hidden, d_h, d_y, d_attended, d_qkv, ones;
};

// out = block(x) as block_forward computes it in FP32, keeping `saved`.
void block_forward_training(const BlockShape& shape, const BlockWeights& w, const float* x, float* out,
                            BlockActivations& saved);

// d_x = ∂L/∂x and grads = ∂L/∂(weights) from d_out = ∂L/∂out. between_steps, when
// given, is called between the GEMMs (on the calling thread, outside parallel
// regions): a data-parallel step uses it to progress its all-reduces of the
// layers already done.
void block_backward(const BlockShape& shape, const BlockWeights& w, const float* x, const BlockActivations& saved,
                    const float* d_out, float* d_x, BlockGradients& grads, BackwardScratch& scratch,
                    const std::function<void()>& between_steps = {});

// Model FLOPs of forward + backward: 3 × block_forward_flops.
double block_training_flops(const BlockShape& shape);

}  // namespace suanli::kernels::transformer
