#include <omp.h>

#include <array>
#include <vector>

#include "kernels/stream/stream_variants.hpp"

namespace suanli::kernels::stream {

Range thread_range(std::size_t n, int thread, int threads) {
  constexpr std::size_t align = 8;  // elements: 64 bytes
  const std::size_t blocks = (n + align - 1) / align;
  const auto t = static_cast<std::size_t>(thread), T = static_cast<std::size_t>(threads);
  const std::size_t begin = std::min(n, blocks * t / T * align);
  const std::size_t end = std::min(n, blocks * (t + 1) / T * align);
  return {begin, end};
}

std::span<const Kernels* const> available_kernels() {
  // __builtin_cpu_supports also checks that the OS saves the wide registers.
  static const std::vector<const Kernels*> list = [] {
    std::vector<const Kernels*> v = {&reference_kernels(), &sse2_kernels()};
    if (__builtin_cpu_supports("avx")) v.push_back(&avx_kernels());
    if (__builtin_cpu_supports("avx512f")) v.push_back(&avx512_kernels());
    return v;
  }();
  return list;
}

const Kernels& best_kernels() { return *available_kernels().back(); }

namespace {

// Runs body(begin, end) on each thread's own range.
template <class Body>
void for_each_thread_range(std::size_t n, Body body) {
#pragma omp parallel
  {
    Range r = thread_range(n, omp_get_thread_num(), omp_get_num_threads());
    if (r.end > r.begin) body(r.begin, r.end - r.begin);
  }
}

}  // namespace

void run_copy(const Kernels& k, const double* a, double* c, std::size_t n) {
  for_each_thread_range(n, [&](std::size_t i, std::size_t len) { k.copy(a + i, c + i, len); });
}

void run_scale(const Kernels& k, double* b, const double* c, double q, std::size_t n) {
  for_each_thread_range(n, [&](std::size_t i, std::size_t len) { k.scale(b + i, c + i, q, len); });
}

void run_add(const Kernels& k, const double* a, const double* b, double* c, std::size_t n) {
  for_each_thread_range(n, [&](std::size_t i, std::size_t len) { k.add(a + i, b + i, c + i, len); });
}

void run_triad(const Kernels& k, double* a, const double* b, const double* c, double q, std::size_t n) {
  for_each_thread_range(n, [&](std::size_t i, std::size_t len) { k.triad(a + i, b + i, c + i, q, len); });
}

void first_touch_fill(double* x, double value, std::size_t n) {
  for_each_thread_range(n, [&](std::size_t i, std::size_t len) {
    for (std::size_t j = 0; j < len; ++j) x[i + j] = value;
  });
}

}  // namespace suanli::kernels::stream
