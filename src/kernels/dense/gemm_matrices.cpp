#include "kernels/dense/gemm_matrices.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <new>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "core/formats.hpp"
#include "core/machine/cpuid.hpp"

namespace suanli::kernels::dense {
namespace {

// splitmix64's finaliser: element idx of a matrix is mix(key + (idx + 1)·golden), a counter-based
// stream, so each thread fills its own rows and the values do not depend on the thread count.
constexpr std::uint64_t golden = 0x9E3779B97F4A7C15ull;
std::uint64_t mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Uniform in [-1, 1): 53 random bits.
double uniform_pm1(std::uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-52 - 1.0; }

// Conversions from the random bits to one element of each type.
void from_bits(std::uint64_t r, double& x) { x = uniform_pm1(r); }
void from_bits(std::uint64_t r, float& x) { x = static_cast<float>(uniform_pm1(r)); }
void from_bits(std::uint64_t r, Bf16& x) { x = to_bf16(static_cast<float>(uniform_pm1(r))); }
void from_bits(std::uint64_t r, Fp16& x) { x = to_fp16(uniform_pm1(r)); }
void from_bits(std::uint64_t r, std::int8_t& x) { x = static_cast<std::int8_t>(r >> 56); }

constexpr std::size_t alignment = 64;  // a cache line, and the widest vector load

void* allocate(std::size_t bytes) {
  const std::size_t rounded = std::max(alignment, (bytes + alignment - 1) / alignment * alignment);
  void* p = std::aligned_alloc(alignment, rounded);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

// Writes rows × cols elements, row by row across the OpenMP threads (their first touch places the
// pages near the threads that use them), element idx from fill(idx).
template <class T, class Fill>
void fill_rows(T* x, std::size_t rows, std::size_t cols, Fill fill) {
  const auto r = static_cast<std::ptrdiff_t>(rows);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t i = 0; i < r; ++i)
    for (std::size_t j = 0; j < cols; ++j) {
      const std::size_t idx = static_cast<std::size_t>(i) * cols + j;
      x[idx] = fill(idx);
    }
}

template <class T>
void fill_random(T* x, std::size_t rows, std::size_t cols, std::uint64_t key) {
  fill_rows(x, rows, cols, [key](std::size_t idx) {
    T value;
    from_bits(mix(key + (idx + 1) * golden), value);
    return value;
  });
}

void fill_random_u8(std::uint8_t* x, std::size_t rows, std::size_t cols, std::uint64_t key, int max) {
  fill_rows(x, rows, cols, [key, max](std::size_t idx) {
    return static_cast<std::uint8_t>((mix(key + (idx + 1) * golden) >> 32) % static_cast<unsigned>(max + 1));
  });
}

}  // namespace

[[noreturn]] void throw_no_gemm_types(Precision p) {
  throw std::invalid_argument("GEMM has no " + std::string(precision_label(p)) + " element types");
}

Bf16 to_bf16(float x) {
  // BF16 is the top half of an FP32: add just under half of the dropped half, plus its lowest kept
  // bit, so that ties round to even.
  const std::uint32_t bits = std::bit_cast<std::uint32_t>(x);
  return Bf16{static_cast<std::uint16_t>((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16)};
}

Fp16 to_fp16(double x) {
  static const NumericFormat& fp16 = *find_format("fp16");
  return Fp16{static_cast<std::uint16_t>(encode(fp16, x))};
}

double value_of(Bf16 x) { return std::bit_cast<float>(static_cast<std::uint32_t>(x.bits) << 16); }

double value_of(Fp16 x) {
  static const NumericFormat& fp16 = *find_format("fp16");
  return decode(fp16, x.bits);
}

int int8_a_max_for_this_cpu() {
  const CpuFeatures f = decode_cpu_features(read_cpu_identity().leaves);
  return f.avx512_vnni || f.avx_vnni || f.amx_int8 ? 255 : 127;
}

GemmMatrices::GemmMatrices(Precision precision, std::size_t m, std::size_t n, std::size_t k, std::uint64_t seed)
    : precision_(precision), m_(m), n_(n), k_(k) {
  with_element_types(precision, [&]<class A, class B, class C>(ElementTypes<A, B, C>) {
    a_.reset(allocate(m * k * sizeof(A)));
    b_.reset(allocate(k * n * sizeof(B)));
    c_.reset(allocate(m * n * sizeof(C)));
    const std::uint64_t a_key = mix(seed ^ 0xA), b_key = mix(seed ^ 0xB);
    if constexpr (std::is_same_v<A, std::uint8_t>)
      fill_random_u8(a<A>(), m, k, a_key, int8_a_max_for_this_cpu());
    else
      fill_random(a<A>(), m, k, a_key);
    fill_random(b<B>(), k, n, b_key);
    fill_rows(c<C>(), m, n, [](std::size_t) { return C{}; });
  });
}

double GemmMatrices::a_value(std::size_t i, std::size_t l) const {
  return with_element_types(precision_, [&]<class A, class B, class C>(ElementTypes<A, B, C>) {
    return value_of(a<A>()[i * k_ + l]);
  });
}

double GemmMatrices::b_value(std::size_t l, std::size_t j) const {
  return with_element_types(precision_, [&]<class A, class B, class C>(ElementTypes<A, B, C>) {
    return value_of(b<B>()[l * n_ + j]);
  });
}

double GemmMatrices::c_value(std::size_t i, std::size_t j) const {
  return with_element_types(precision_, [&]<class A, class B, class C>(ElementTypes<A, B, C>) {
    return value_of(c<C>()[i * n_ + j]);
  });
}

void GemmMatrices::add_to_c(std::size_t i, std::size_t j, double delta) {
  with_element_types(precision_, [&]<class A, class B, class C>(ElementTypes<A, B, C>) {
    C& x = c<C>()[i * n_ + j];
    if constexpr (std::is_integral_v<C>)
      x = static_cast<C>(x + std::llround(delta));
    else
      x = static_cast<C>(x + delta);
  });
}

std::size_t gemm_matrix_bytes(Precision p, std::size_t m, std::size_t n, std::size_t k) {
  return with_element_types(p, [&]<class A, class B, class C>(ElementTypes<A, B, C>) {
    return m * k * sizeof(A) + k * n * sizeof(B) + m * n * sizeof(C);
  });
}

}  // namespace suanli::kernels::dense
