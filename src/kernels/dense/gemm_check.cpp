#include "kernels/dense/gemm_check.hpp"

#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "kernels/dense/gemm_matrices.hpp"

namespace suanli::kernels::dense {
namespace {

// The sum the library computed, recomputed from the stored A and B: in long double for FP64 (64-bit
// significand against 53), in double for the narrower floats (a product of two 24-bit significands
// is exact in double's 53 bits), exactly in 64-bit integers for INT8.
template <class Acc>
struct ReferenceEntry {
  Acc value = 0;
  Acc abs_product_sum = 0;
};

template <class Acc, class A, class B>
ReferenceEntry<Acc> reference_entry(const A* a, const B* b, std::size_t n, std::size_t k, GemmEntry e) {
  ReferenceEntry<Acc> r;
  for (std::size_t l = 0; l < k; ++l) {
    const Acc product = static_cast<Acc>(value_of(a[e.i * k + l])) * static_cast<Acc>(value_of(b[l * n + e.j]));
    r.value += product;
    r.abs_product_sum += product < 0 ? -product : product;
  }
  return r;
}

template <class A, class B>
using accumulator_t = std::conditional_t<std::is_integral_v<A>, std::int64_t,
                                         std::conditional_t<std::is_same_v<A, double>, long double, double>>;

}  // namespace

GemmErrorBound gemm_error_bound(Precision precision, std::size_t k) {
  const auto kd = static_cast<double>(k);
  switch (precision) {
    case Precision::fp64: return {kd * 0x1.0p-53, kd * std::numeric_limits<double>::min()};
    case Precision::fp32:
    case Precision::bf16:
    case Precision::fp16: return {kd * 0x1.0p-24, kd * static_cast<double>(std::numeric_limits<float>::min())};
    case Precision::int8: return {0.0, 0.5};
    default: break;
  }
  throw std::invalid_argument("no GEMM error bound for this precision");
}

double gemm_error_ratio(long double computed, long double reference, long double abs_product_sum,
                        const GemmErrorBound& bound) {
  const long double ratio = std::fabs(computed - reference) / (bound.gamma * abs_product_sum + bound.floor);
  return std::isnan(ratio) ? std::numeric_limits<double>::infinity() : static_cast<double>(ratio);
}

std::vector<GemmEntry> gemm_sample_entries(std::size_t m, std::size_t n, std::size_t samples, std::uint64_t seed) {
  std::vector<GemmEntry> entries;
  if (m == 0 || n == 0 || samples == 0) return entries;
  if (samples / n >= m) {  // samples ≥ m·n without overflow
    entries.reserve(m * n);
    for (std::size_t i = 0; i < m; ++i)
      for (std::size_t j = 0; j < n; ++j) entries.push_back({i, j});
    return entries;
  }
  entries.reserve(samples);
  // Corners and centre: where an edge or a blocking remainder goes wrong first. A set drops repeats
  // (a one-row or one-column C has fewer than five).
  const std::set<std::pair<std::size_t, std::size_t>> fixed{
      {0, 0}, {0, n - 1}, {m - 1, 0}, {m - 1, n - 1}, {m / 2, n / 2}};
  for (const auto& [i, j] : fixed)
    if (entries.size() < samples) entries.push_back({i, j});
  std::uint64_t state = seed;
  while (entries.size() < samples) {
    // splitmix64
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    const auto cell = static_cast<std::size_t>(z % (m * n));  // m·n < 2^62: the dimensions are below 2^31
    entries.push_back({cell / n, cell % n});
  }
  return entries;
}

GemmCheck check_gemm_entries(const GemmMatrices& x, std::span<const GemmEntry> entries) {
  const GemmErrorBound bound = gemm_error_bound(x.precision(), x.k());
  std::vector<double> ratios(entries.size());
  with_element_types(x.precision(), [&]<class A, class B, class C>(ElementTypes<A, B, C>) {
    using Acc = accumulator_t<A, B>;
    const A* a = x.a<A>();
    const B* b = x.b<B>();
    const C* c = x.c<C>();
    const auto count = static_cast<std::ptrdiff_t>(entries.size());
#pragma omp parallel for schedule(dynamic, 16)
    for (std::ptrdiff_t s = 0; s < count; ++s) {
      const GemmEntry e = entries[static_cast<std::size_t>(s)];
      const ReferenceEntry<Acc> ref = reference_entry<Acc>(a, b, x.n(), x.k(), e);
      ratios[static_cast<std::size_t>(s)] =
          gemm_error_ratio(static_cast<long double>(value_of(c[e.i * x.n() + e.j])),
                           static_cast<long double>(ref.value), static_cast<long double>(ref.abs_product_sum), bound);
    }
  });
  GemmCheck check;
  check.samples = entries.size();
  for (std::size_t s = 0; s < entries.size(); ++s)
    if (s == 0 || ratios[s] > check.max_error_ratio) {
      check.max_error_ratio = ratios[s];
      check.worst_i = entries[s].i;
      check.worst_j = entries[s].j;
    }
  check.passed = !entries.empty() && check.max_error_ratio <= 1.0;
  return check;
}

}  // namespace suanli::kernels::dense
