// One transformer block (block.hpp) prepared for inference in a precision: its
// four linear layers (QKV, output projection, FFN up and down) run in FP32, BF16
// or INT8 (linear.hpp), with their weights converted and packed once; attention,
// LayerNorm, GELU and the residuals stay in FP32, as inference engines keep them.
// Buffers are made once: forward() allocates nothing. Each phase's time is kept,
// so the FFN's GEMM rate can stand beside `suanli gemm`'s for the same shapes.
#pragma once

#include <string>
#include <vector>

#include "core/precision.hpp"
#include "kernels/transformer/block.hpp"
#include "kernels/transformer/linear.hpp"

namespace suanli::kernels::transformer {

struct PhaseSeconds {
  double qkv = 0;         // LayerNorm₁ + the QKV projection
  double attention = 0;   // every head's blockwise attention
  double projection = 0;  // output projection + residual
  double ffn_gemms = 0;   // the two FFN linear layers alone
  double other = 0;       // LayerNorm₂, GELU, residual
  double total() const { return qkv + attention + projection + ffn_gemms + other; }
};

class InferenceBlock {
 public:
  // Throws std::invalid_argument where Linear does (a precision this CPU lacks).
  InferenceBlock(const BlockShape& shape, const BlockWeights& weights, Precision precision);

  // out[T × d] = block(x[T × d]); adds this call's phase times to seconds().
  void forward(const float* x, float* out);

  const PhaseSeconds& seconds() const { return seconds_; }
  void reset_seconds() { seconds_ = {}; }
  // FLOPs of the FFN's two GEMMs: 4·T·d·f.
  double ffn_flops() const { return ffn_up_.flops() + ffn_down_.flops(); }
  // The library kernels of the linear layers, e.g. "oneDNN 2.6.3 matmul brg:avx512_core_bf16".
  std::string library() const;
  Precision precision() const { return qkv_.precision(); }

 private:
  BlockShape shape_;
  const BlockWeights& weights_;
  Linear qkv_, projection_, ffn_up_, ffn_down_;
  std::vector<float> h_, qkv_out_, attended_, y_, hidden_;
  PhaseSeconds seconds_;
};

}  // namespace suanli::kernels::transformer
