// The pieces of a transformer block between its GEMMs, shared by the inference
// forward (block.cpp) and the training forward and backward (block_training.cpp).
// Internal to kernels/transformer. Row-major [rows × width] activations.
#pragma once

#include <cmath>
#include <cstddef>

#include "kernels/transformer/block.hpp"

namespace suanli::kernels::transformer::parts {

constexpr float layer_norm_epsilon = 1e-5f;
constexpr double gelu_c = 0.7978845608028654;  // √(2/π)
constexpr double gelu_a = 0.044715;

// GELU, the tanh form GPT-2 uses: ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
template <typename T>
T gelu(T x) {
  const T c = static_cast<T>(gelu_c), a = static_cast<T>(gelu_a);
  return static_cast<T>(0.5) * x * (static_cast<T>(1) + std::tanh(c * (x + a * x * x * x)));
}

// y = (x − mean)/√(var + ε) · gain + bias per row. mean and inverse_deviation,
// when given, receive each row's statistics for the backward pass.
void layer_norm(int rows, int width, const float* x, const float* gain, const float* bias, float* y,
                float* mean = nullptr, float* inverse_deviation = nullptr);

// Sets every row of c [rows × n] to bias: a GEMM with beta = 1 then adds the product.
void broadcast_rows(int rows, int n, const float* bias, float* c);

// y[i] += x[i], OpenMP-parallel.
void add_into(std::size_t n, const float* x, float* y);

// Attention of every head of every sequence: qkv [T × 3d] holds Q, K, V side by
// side, head j in columns [j·dh, (j+1)·dh) of each; attended [T × d]. Heads run in
// parallel over the OpenMP team. log_sum_exp, when given, receives each query
// row's softmax statistic, [batch · heads · sequence], for the backward pass.
void attention_all_heads(const BlockShape& shape, const float* qkv, float* attended, float* log_sum_exp = nullptr);

}  // namespace suanli::kernels::transformer::parts
