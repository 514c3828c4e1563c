// The storage behind a GemmProblem: A (m×k), B (k×n) and C (m×n), row-major, in the element types
// of one precision, with their seeded fill. Internal to kernels/dense.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "core/precision.hpp"

namespace suanli::kernels::dense {

// 16-bit floats kept as their bit patterns; the libraries read them as such.
struct Bf16 {
  std::uint16_t bits = 0;
};
struct Fp16 {
  std::uint16_t bits = 0;
};

// Round to nearest even (finite values; the fill makes no others).
Bf16 to_bf16(float x);
Fp16 to_fp16(double x);

// The exact value of an element (every element type here is exactly a double).
inline double value_of(double x) { return x; }
inline double value_of(float x) { return x; }
double value_of(Bf16 x);
double value_of(Fp16 x);
inline double value_of(std::uint8_t x) { return x; }
inline double value_of(std::int8_t x) { return x; }
inline double value_of(std::int32_t x) { return x; }

template <class A, class B, class C>
struct ElementTypes {
  using a_type = A;
  using b_type = B;
  using c_type = C;
};

// Calls f(ElementTypes<...>{}) with the element types of precision p; throws
// std::invalid_argument for a precision without a GEMM.
template <class F>
decltype(auto) with_element_types(Precision p, F&& f);
[[noreturn]] void throw_no_gemm_types(Precision p);

// The int8 A range: 255 where u8·s8 products are summed in 32 bits (VNNI, AMX); 127 on CPUs whose
// vpmaddubsw sums pairs in saturating 16 bits (2·255·128 > 32767, 2·127·128 is not).
int int8_a_max_for_this_cpu();

class GemmMatrices {
 public:
  GemmMatrices(Precision precision, std::size_t m, std::size_t n, std::size_t k, std::uint64_t seed);

  Precision precision() const { return precision_; }
  std::size_t m() const { return m_; }
  std::size_t n() const { return n_; }
  std::size_t k() const { return k_; }

  template <class T> T* a() { return static_cast<T*>(a_.get()); }
  template <class T> T* b() { return static_cast<T*>(b_.get()); }
  template <class T> T* c() { return static_cast<T*>(c_.get()); }
  template <class T> const T* a() const { return static_cast<const T*>(a_.get()); }
  template <class T> const T* b() const { return static_cast<const T*>(b_.get()); }
  template <class T> const T* c() const { return static_cast<const T*>(c_.get()); }
  void* a_data() { return a_.get(); }
  void* b_data() { return b_.get(); }
  void* c_data() { return c_.get(); }

  double a_value(std::size_t i, std::size_t l) const;
  double b_value(std::size_t l, std::size_t j) const;
  double c_value(std::size_t i, std::size_t j) const;
  void add_to_c(std::size_t i, std::size_t j, double delta);

 private:
  struct Free {
    void operator()(void* p) const { std::free(p); }
  };
  using Buffer = std::unique_ptr<void, Free>;

  Precision precision_;
  std::size_t m_, n_, k_;
  Buffer a_, b_, c_;
};

// Bytes of A + B + C for precision p.
std::size_t gemm_matrix_bytes(Precision p, std::size_t m, std::size_t n, std::size_t k);

template <class F>
decltype(auto) with_element_types(Precision p, F&& f) {
  switch (p) {
    case Precision::fp64: return f(ElementTypes<double, double, double>{});
    case Precision::fp32: return f(ElementTypes<float, float, float>{});
    case Precision::bf16: return f(ElementTypes<Bf16, Bf16, float>{});
    case Precision::fp16: return f(ElementTypes<Fp16, Fp16, float>{});
    case Precision::int8: return f(ElementTypes<std::uint8_t, std::int8_t, std::int32_t>{});
    default: break;
  }
  throw_no_gemm_types(p);
}

}  // namespace suanli::kernels::dense
