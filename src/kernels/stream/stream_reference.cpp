#include "kernels/stream/stream.hpp"

namespace suanli::kernels::stream {

namespace {

void copy_ref(const double* a, double* c, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) c[i] = a[i];
}
void scale_ref(double* b, const double* c, double q, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) b[i] = q * c[i];
}
void add_ref(const double* a, const double* b, double* c, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) c[i] = a[i] + b[i];
}
void triad_ref(double* a, const double* b, const double* c, double q, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) a[i] = b[i] + q * c[i];
}

}  // namespace

const Kernels& reference_kernels() {
  static const Kernels k{"reference", copy_ref, scale_ref, add_ref, triad_ref};
  return k;
}

}  // namespace suanli::kernels::stream
