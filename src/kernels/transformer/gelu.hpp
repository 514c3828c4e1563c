// GELU over a whole activation, vectorised: the tanh of every element goes to
// glibc's vector math library (libmvec) in AVX-512, AVX2 or SSE width, chosen at
// run time from cpuid. Scalar std::tanh made GELU a third of a BF16 block's time.
// This file alone is compiled with -ffast-math (CMakeLists.txt), which is what
// lets GCC call libmvec; GELU of finite inputs is all it computes. Agrees with
// parts::gelu (the scalar form the reference uses) to a few float ulps.
#pragma once

#include <cstddef>

namespace suanli::kernels::transformer {

// x[i] = GELU(x[i]), OpenMP-parallel.
void gelu_in_place(std::size_t n, float* x);

// y[i] = GELU(x[i]), OpenMP-parallel.
void gelu(std::size_t n, const float* x, float* y);

// d[i] *= GELU′(x[i]): the backward through GELU, OpenMP-parallel.
void multiply_by_gelu_derivative(std::size_t n, const float* x, float* d);

}  // namespace suanli::kernels::transformer
