// The transcendental loops of a transformer block, vectorised: GELU's tanh and
// the softmax's exp go to glibc's vector math library (libmvec) in AVX-512, AVX2
// or SSE width, chosen at run time from cpuid. Scalar std::tanh made GELU a third
// of a BF16 block's time, scalar std::exp half of its attention's. This file
// alone is compiled with -ffast-math (CMakeLists.txt), which is what lets GCC
// call libmvec; finite inputs and −∞ (exp → 0) are all it sees. Agrees with the
// scalar forms the references use to a few float ulps.
#pragma once

#include <cstddef>

namespace suanli::kernels::transformer {

// x[i] = GELU(x[i]), OpenMP-parallel.
void gelu_in_place(std::size_t n, float* x);

// y[i] = GELU(x[i]), OpenMP-parallel.
void gelu(std::size_t n, const float* x, float* y);

// d[i] *= GELU′(x[i]): the backward through GELU, OpenMP-parallel.
void multiply_by_gelu_derivative(std::size_t n, const float* x, float* d);

// row[j] = exp(row[j] − shift) for j < n; returns Σ_j row[j]. One thread (the
// attention kernels run one per head).
float exp_shifted(int n, float* row, float shift);

}  // namespace suanli::kernels::transformer
