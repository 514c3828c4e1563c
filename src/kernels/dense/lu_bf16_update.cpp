#include "kernels/dense/lu_bf16_update.hpp"

#include <oneapi/dnnl/dnnl.hpp>

#include <cstring>
#include <mutex>
#include <tuple>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace suanli::kernels::dense::lu_bf16 {
namespace {

using dnnl::memory;
using Dims = memory::dims;

#if defined(__x86_64__)
__attribute__((target("avx512f,avx512bf16"))) void convert_avx512bf16(const float* src, long count,
                                                                        std::uint16_t* dst) {
  long i = 0;
  for (; i + 32 <= count; i += 32) {
    const __m512 lo = _mm512_loadu_ps(src + i), hi = _mm512_loadu_ps(src + i + 16);
    const __m512bh packed = _mm512_cvtne2ps_pbh(hi, lo);  // lower half from lo
    _mm512_storeu_si512(reinterpret_cast<void*>(dst + i), reinterpret_cast<__m512i>(packed));
  }
  for (; i < count; ++i) dst[i] = to_bf16(src[i]);
}

bool has_avx512bf16() {
  static const bool has = __builtin_cpu_supports("avx512bf16");
  return has;
}
#endif

// Column-major X(rows×cols) with leading dimension ld is row-major Xᵀ (cols×rows): the matmul runs
// Cᵀ = Bᵀ·Aᵀ, every operand plain row-major (C's rows ldc apart).
memory::desc transposed(memory::data_type type, int rows, int cols, int ld) {
  return memory::desc(Dims{cols, rows}, type, Dims{ld, 1});
}

// The primitive for one shape (oneDNN's own primitive cache makes re-creation cheap as well; this
// keeps even the descriptor work out of the repeated updates of a factorization).
struct Matmul {
  int m = 0, n = 0, k = 0, ldc = 0;
  dnnl::matmul primitive;
};

struct Context {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
  std::vector<Matmul> cache;
  std::vector<std::uint16_t> a16, b16;
  std::mutex mutex;
};

Context& context() {
  static Context c;
  return c;
}

const dnnl::matmul& matmul_for(Context& ctx, int m, int n, int k, int ldc) {
  for (const Matmul& entry : ctx.cache)
    if (entry.m == m && entry.n == n && entry.k == k && entry.ldc == ldc) return entry.primitive;
  const memory::desc a = transposed(memory::data_type::bf16, m, k, m);  // weights: Aᵀ (k×m)
  const memory::desc b = transposed(memory::data_type::bf16, k, n, k);  // src: Bᵀ (n×k)
  const memory::desc c = transposed(memory::data_type::f32, m, n, ldc);  // dst: Cᵀ (n×m)
  dnnl::primitive_attr attr;
  attr.set_output_scales(0, {-1.0f});  // −A·B ...
  dnnl::post_ops ops;
  ops.append_sum(1.0f);  // ... + C
  attr.set_post_ops(ops);
  const dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(b, a, c), attr, ctx.engine);
  if (ctx.cache.size() >= 64) ctx.cache.erase(ctx.cache.begin());
  ctx.cache.push_back(Matmul{m, n, k, ldc, dnnl::matmul(pd)});
  return ctx.cache.back().primitive;
}

}  // namespace

std::uint16_t to_bf16(float x) {
  std::uint32_t bits = 0;
  std::memcpy(&bits, &x, sizeof bits);
  if ((bits & 0x7f800000u) == 0x7f800000u && (bits & 0x007fffffu) != 0)
    return static_cast<std::uint16_t>((bits >> 16) | 0x0040u);  // quiet NaN
  bits += 0x7fffu + ((bits >> 16) & 1u);
  return static_cast<std::uint16_t>(bits >> 16);
}

float from_bf16(std::uint16_t bits) {
  const std::uint32_t wide = static_cast<std::uint32_t>(bits) << 16;
  float x = 0;
  std::memcpy(&x, &wide, sizeof x);
  return x;
}

void convert(const float* src, long count, std::uint16_t* dst) {
#if defined(__x86_64__)
  if (has_avx512bf16()) {
    convert_avx512bf16(src, count, dst);
    return;
  }
#endif
  for (long i = 0; i < count; ++i) dst[i] = to_bf16(src[i]);
}

void gemm_minus(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c, int ldc) {
  if (m <= 0 || n <= 0 || k <= 0) return;
  Context& ctx = context();
  const std::lock_guard<std::mutex> lock(ctx.mutex);
  ctx.a16.resize(static_cast<std::size_t>(m) * k);
  ctx.b16.resize(static_cast<std::size_t>(k) * n);
#pragma omp parallel for schedule(static)
  for (int col = 0; col < k; ++col)
    convert(a + static_cast<long>(col) * lda, m, ctx.a16.data() + static_cast<std::size_t>(col) * m);
#pragma omp parallel for schedule(static)
  for (int col = 0; col < n; ++col)
    convert(b + static_cast<long>(col) * ldb, k, ctx.b16.data() + static_cast<std::size_t>(col) * k);
  const dnnl::matmul& matmul = matmul_for(ctx, m, n, k, ldc);
  const memory a_mem(transposed(memory::data_type::bf16, m, k, m), ctx.engine, ctx.a16.data());
  const memory b_mem(transposed(memory::data_type::bf16, k, n, k), ctx.engine, ctx.b16.data());
  const memory c_mem(transposed(memory::data_type::f32, m, n, ldc), ctx.engine, c);
  matmul.execute(ctx.stream, {{DNNL_ARG_SRC, b_mem}, {DNNL_ARG_WEIGHTS, a_mem}, {DNNL_ARG_DST, c_mem}});
  ctx.stream.wait();
}

}  // namespace suanli::kernels::dense::lu_bf16
