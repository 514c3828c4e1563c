// The BF16 trailing update of HPL-MxP (docs/mxp.md): C −= A·B with A and B rounded to BF16 (round to
// nearest even) and the products accumulated in FP32, through oneDNN's matmul primitive. Behind this
// adapter so that solvers never include dnnl headers. Column-major, as lu_blas.
#pragma once

#include <cstdint>
#include <string>

namespace suanli::kernels::dense::lu_bf16 {

// FP32 → BF16 bits, round to nearest even (NaN stays NaN).
std::uint16_t to_bf16(float x);
float from_bf16(std::uint16_t bits);

// dst[i] = to_bf16(src[i]) for i < count (AVX512_BF16 where the CPU has it).
void convert(const float* src, long count, std::uint16_t* dst);

// C(m×n) −= A(m×k)·B(k×n): A and B are rounded to BF16, C stays FP32 (the products of BF16 values
// are exact in FP32; the sums are FP32). 2·m·n·k flops.
// C is updated tile by tile (kernels/dense/lu_bf16_update.cpp says why), each tile on one thread.
void gemm_minus(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c, int ldc);

// The oneDNN implementation that multiplies a full tile with inner dimension k, e.g.
// "brg:avx512_core_bf16" (recorded in results: a fallback such as "gemm:jit" runs at a fraction).
std::string implementation(int k);

}  // namespace suanli::kernels::dense::lu_bf16
