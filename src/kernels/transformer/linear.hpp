// A transformer linear layer, y = x·W + bias, with FP32 activations in and out and the multiply
// done in FP32, BF16 or INT8 — the three ways CPU inference engines run it.
//
//   precision  x (rows×in)             W (in×out)                  accumulate  library call
//   FP32       f32                     f32                         f32         SGEMM, BLIS or OpenBLAS (dense_blas.hpp)
//   BF16       f32 → bf16 per call     bf16, packed once           f32         oneDNN matmul, f32 bias and dst
//   INT8       f32 → s8 per call,      s8, per output column,      s32         oneDNN matmul, f32 dst:
//              per tensor: s_x =       s_j = max_l |W[l][j]|/127,              y = acc·s_x·s_j + bias
//              max|x|/127              packed once
//
// Rounding is to nearest (even) in both conversions; quantisation is symmetric (no zero point), so
// a value v becomes round(v/s) in [-127, 127]. Weights are converted and reordered into oneDNN's
// packed layout once, in the constructor, as an inference engine does; forward() converts x into a
// buffer the layer owns and makes one library call.
//
// Cost model: flops() = 2·rows·in·out (rows·out dot products of length `in`, a multiply and an add
// per term; OP for INT8). The conversion of x (rows·in elements) and the bias are not counted.
#pragma once

#include <memory>
#include <string>

#include "core/precision.hpp"

namespace suanli::kernels::transformer {

// Why this build and CPU cannot run the layer in precision p, in one sentence; empty when it can.
// Other than FP32, BF16 and INT8 it cannot; for those it is dense::gemm_unsupported_reason(p), and
// INT8 also needs VNNI (AVX512-VNNI or AVX-VNNI) as oneDNN sees the CPU (DNNL_MAX_CPU_ISA may hide
// it): without it oneDNN 2.6's INT8 kernels add u8·s8 products in pairs with 16-bit saturation, and
// s8 activations, which it shifts by 128 into u8, overflow there.
std::string linear_unsupported_reason(Precision p);

class Linear {
 public:
  // weights: in×out, row-major (W[l][j] at weights[l·out + j]); bias: out values, or nullptr for
  // none. Both are copied (converted, quantised, packed): the caller may free them afterwards.
  // Throws std::invalid_argument with linear_unsupported_reason(precision) for a precision the layer
  // cannot run here (among them any for which dense::gemm_supported() is false), and for a
  // dimension < 1 or null weights.
  Linear(Precision precision, int rows, int in, int out, const float* weights, const float* bias);
  ~Linear();
  Linear(Linear&&) noexcept;
  Linear& operator=(Linear&&) noexcept;

  // y[rows×out] = x[rows×in]·W + bias, both row-major and dense. x must be finite (INT8 scales by
  // max|x|). Allocates nothing; uses omp_get_max_threads() threads. Not reentrant: the converted
  // activations live in the layer.
  void forward(const float* x, float* y);

  // 2·rows·in·out.
  double flops() const;
  // "BLIS 0.9.0 sgemm skx (OpenMP)", "oneDNN 2.6.3 matmul brg:avx512_core_bf16".
  std::string library() const;
  Precision precision() const;
  int rows() const;
  int in() const;
  int out() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace suanli::kernels::transformer
