// One transformer block as GPT-style models stack them (pre-LayerNorm):
//   h = LN₁(x);  y = x + Attention(h·W_qkv + b_qkv)·W_o + b_o
//   out = y + GELU(LN₂(y)·W₁ + b₁)·W₂ + b₂
// over T = batch·sequence tokens of width d, with `heads` heads of d/heads and
// an FFN of width f. Activations are row-major [T × width]; weights [in × out].
//
// Forward FLOPs (block_forward_flops), with f = 4d: 24·b·s·d² + 4·b·s²·d —
// QKV 6·T·d², output projection 2·T·d², FFN 4·T·d·f, attention 4·b·s²·d
// (half with the causal mask); LayerNorm, GELU, biases and residuals are O(T·d)
// and not counted, as is customary.
#pragma once

#include <cstdint>
#include <vector>

namespace suanli::kernels::transformer {

struct BlockShape {
  int batch = 1, sequence = 1, d_model = 1, heads = 1, ffn = 4;
  bool causal = true;
  int tokens() const { return batch * sequence; }
  int head_dim() const { return d_model / heads; }
};

struct BlockWeights {
  std::vector<float> ln1_gain, ln1_bias, ln2_gain, ln2_bias;  // d
  std::vector<float> w_qkv, b_qkv;                           // d × 3d, 3d
  std::vector<float> w_o, b_o;                               // d × d, d
  std::vector<float> w_1, b_1;                               // d × f, f
  std::vector<float> w_2, b_2;                               // f × d, d
};

// Weights drawn from a seeded generator, scaled like a trained model's
// initialisation (±1/√fan-in), LayerNorm gains near 1.
BlockWeights random_block_weights(const BlockShape& shape, std::uint64_t seed);

// Activations [tokens × d] uniform in [-1, 1] from a seeded generator: a block's input.
std::vector<float> random_activations(const BlockShape& shape, std::uint64_t seed);

double block_forward_flops(const BlockShape& shape);

// out = block(x), FP32 with BLIS or OpenBLAS GEMMs and blockwise attention; heads of all
// sequences run in parallel over the OpenMP team. The FP32 InferenceBlock, made for one call.
void block_forward(const BlockShape& shape, const BlockWeights& w, const float* x, float* out);

// The reference twin: plain loops in double, the full softmax. The test oracle.
void block_forward_reference(const BlockShape& shape, const BlockWeights& w, const float* x, float* out);
// The same with input and output in double: finite differences of it check the backward pass.
void block_forward_reference(const BlockShape& shape, const BlockWeights& w, const double* x, double* out);

}  // namespace suanli::kernels::transformer
