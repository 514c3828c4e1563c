// What the elementwise loops of kernels/transformer (GELU, activation conversion)
// share: the widest vector ISA this CPU has, and each OpenMP thread's share of
// an array. The loops themselves are compiled once per width with target
// attributes and picked from best_vector_width() at run time.
#pragma once

#include <omp.h>

#include <cstddef>

namespace suanli::kernels::transformer {

enum class VectorWidth { avx512, avx2, sse };

// From cpuid; __builtin_cpu_supports also checks that the OS saves the wide registers.
inline VectorWidth best_vector_width() {
  static const VectorWidth width =
      __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") ? VectorWidth::avx512
      : __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")   ? VectorWidth::avx2
                                                                          : VectorWidth::sse;
  return width;
}

// Calls body(begin, end) with this thread's share of [0, n), in an OpenMP team.
template <typename Body>
void for_each_share(std::size_t n, Body body) {
#pragma omp parallel
  {
    const std::size_t threads = static_cast<std::size_t>(omp_get_num_threads());
    const std::size_t t = static_cast<std::size_t>(omp_get_thread_num());
    body(n * t / threads, n * (t + 1) / threads);
  }
}

}  // namespace suanli::kernels::transformer
