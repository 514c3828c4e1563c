#include "kernels/dense/lu_bf16_update.hpp"

#include <oneapi/dnnl/dnnl.hpp>
#include <omp.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace suanli::kernels::dense::lu_bf16 {
namespace {

using dnnl::memory;
using Dims = memory::dims;

// Why tiles: oneDNN 2.6 runs a BF16 matmul on its brgemm kernels (brg:avx512_core_bf16) only when
// every operand is dense; C is a block of the LU's matrix (ldc > m), and with that one stride oneDNN
// falls back to gemm:jit at about half the rate (docs/mxp.md). So each thread multiplies one tile
// into a dense FP32 product that stays in its L2 (row_tile·col_tile·4 = 256 KiB) and subtracts it
// from C; the extra pass costs 8 bytes of L2 traffic per 2·k flops of the tile.
constexpr int row_tile = 256;  // rows of C per tile
constexpr int col_tile = 256;  // columns of C per tile

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

// c[i] −= p[i]: the tile's product subtracted from a column of C (both in L1/L2).
__attribute__((target("avx512f"))) void subtract_avx512(long count, const float* p, float* c) {
  long i = 0;
  for (; i + 16 <= count; i += 16)
    _mm512_storeu_ps(c + i, _mm512_sub_ps(_mm512_loadu_ps(c + i), _mm512_loadu_ps(p + i)));
  if (i < count) {
    const __mmask16 tail = static_cast<__mmask16>((1u << (count - i)) - 1);
    _mm512_mask_storeu_ps(c + i, tail, _mm512_sub_ps(_mm512_maskz_loadu_ps(tail, c + i), _mm512_maskz_loadu_ps(tail, p + i)));
  }
}

bool has_avx512f() {
  static const bool has = __builtin_cpu_supports("avx512f");
  return has;
}
#endif

void subtract(long count, const float* p, float* c) {
#if defined(__x86_64__)
  if (has_avx512f()) {
    subtract_avx512(count, p, c);
    return;
  }
#endif
  for (long i = 0; i < count; ++i) c[i] -= p[i];
}

// Where the tiles of one dimension start: full tiles, the last one moved back to end at `extent`
// (it overlaps its neighbour, whose rows it then leaves alone), so that every tile of a large
// update has the same shape and one JIT-compiled primitive serves the whole factorization.
struct Tiling {
  int extent = 0, size = 0, count = 0;
  int start(int t) const { return std::min(t * size, extent - size); }
  int first_owned(int t) const { return t * size - start(t); }  // rows of tile t a previous tile did
};

Tiling tiling(int extent, int tile) {
  const int size = std::min(extent, tile);
  return Tiling{extent, size, (extent + size - 1) / size};
}

// One tile's matmul P(cols×rows) = Bᵀ(cols×k)·Aᵀ(k×rows), every operand dense row-major: P is the
// tile of C = A·B stored column by column. Created with omp_set_num_threads(1) in force, because
// oneDNN plans a primitive for the thread count it reads at creation: each thread then runs it on
// its own core, with its own scratchpad (user-managed, so that concurrent executions stay apart
// whatever oneDNN's concurrent-execution build option was).
struct TileMatmul {
  int rows = 0, cols = 0, k = 0;
  memory::desc src, weights, dst, scratchpad;
  dnnl::matmul primitive;
  std::string implementation;  // oneDNN's name for the kernel it chose
};

// One OpenMP thread's stream, scratchpad and product tile.
struct Worker {
  explicit Worker(const dnnl::engine& engine) : stream(engine) {}
  dnnl::stream stream;
  std::vector<float> product;
  std::vector<std::uint8_t> scratchpad;
};

struct Context {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  std::vector<TileMatmul> cache;
  std::vector<std::unique_ptr<Worker>> workers;
  std::vector<std::uint16_t> a16, b16;
  std::mutex mutex;
};

Context& context() {
  static Context c;
  return c;
}

// Restores the caller's OpenMP thread count however the scope is left.
class OneThreadScope {
 public:
  OneThreadScope() : saved_(omp_get_max_threads()) { omp_set_num_threads(1); }
  ~OneThreadScope() { omp_set_num_threads(saved_); }
  OneThreadScope(const OneThreadScope&) = delete;
  OneThreadScope& operator=(const OneThreadScope&) = delete;

 private:
  int saved_;
};

const TileMatmul& matmul_for(Context& ctx, int rows, int cols, int k) {
  for (const TileMatmul& entry : ctx.cache)
    if (entry.rows == rows && entry.cols == cols && entry.k == k) return entry;
  TileMatmul t;
  t.rows = rows;
  t.cols = cols;
  t.k = k;
  t.src = memory::desc(Dims{cols, k}, memory::data_type::bf16, Dims{k, 1});
  t.weights = memory::desc(Dims{k, rows}, memory::data_type::bf16, Dims{rows, 1});
  t.dst = memory::desc(Dims{cols, rows}, memory::data_type::f32, Dims{rows, 1});
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  const OneThreadScope one_thread;
  const dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(t.src, t.weights, t.dst), attr, ctx.engine);
  t.scratchpad = pd.scratchpad_desc();
  t.implementation = pd.impl_info_str();
  t.primitive = dnnl::matmul(pd);
  if (ctx.cache.size() >= 16) ctx.cache.erase(ctx.cache.begin());
  ctx.cache.push_back(std::move(t));
  return ctx.cache.back();
}

// C(tile row_t, col_t) −= A-tile·B-tile on the calling thread alone. a16 holds the tile's rows of A
// as a dense rows×k column-major block, b16 all of B as dense k×n.
void update_tile(const dnnl::engine& engine, const TileMatmul& t, Worker& worker, const Tiling& rows, int row_t,
                 const Tiling& cols, int col_t, const std::uint16_t* a16, const std::uint16_t* b16, float* c,
                 int ldc) {
  const int r0 = rows.start(row_t), c0 = cols.start(col_t);
  const memory src(t.src, engine, const_cast<std::uint16_t*>(b16) + static_cast<long>(c0) * t.k);
  const memory weights(t.weights, engine, const_cast<std::uint16_t*>(a16));
  const memory dst(t.dst, engine, worker.product.data());
  const memory scratchpad(t.scratchpad, engine, worker.scratchpad.data());
  t.primitive.execute(worker.stream, {{DNNL_ARG_SRC, src},
                                      {DNNL_ARG_WEIGHTS, weights},
                                      {DNNL_ARG_DST, dst},
                                      {DNNL_ARG_SCRATCHPAD, scratchpad}});
  worker.stream.wait();
  const int skip_rows = rows.first_owned(row_t), skip_cols = cols.first_owned(col_t);
  for (int j = skip_cols; j < t.cols; ++j)
    subtract(t.rows - skip_rows, worker.product.data() + static_cast<long>(j) * t.rows + skip_rows,
             c + r0 + skip_rows + static_cast<long>(c0 + j) * ldc);
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

std::string implementation(int k) {
  Context& ctx = context();
  const std::lock_guard<std::mutex> lock(ctx.mutex);
  return matmul_for(ctx, row_tile, col_tile, k).implementation;
}

void gemm_minus(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c, int ldc) {
  if (m <= 0 || n <= 0 || k <= 0) return;
  Context& ctx = context();
  const std::lock_guard<std::mutex> lock(ctx.mutex);
  const Tiling rows = tiling(m, row_tile), cols = tiling(n, col_tile);
  const TileMatmul& tile = matmul_for(ctx, rows.size, cols.size, k);
  const std::size_t a_block = static_cast<std::size_t>(rows.size) * k;
  ctx.a16.resize(a_block * rows.count);
  ctx.b16.resize(static_cast<std::size_t>(k) * n);
  const int threads = omp_get_max_threads();
  while (static_cast<int>(ctx.workers.size()) < threads) ctx.workers.push_back(std::make_unique<Worker>(ctx.engine));
  for (int w = 0; w < threads; ++w) {
    Worker& worker = *ctx.workers[static_cast<std::size_t>(w)];
    worker.product.resize(static_cast<std::size_t>(tile.rows) * tile.cols);
    worker.scratchpad.resize(std::max(worker.scratchpad.size(), tile.scratchpad.get_size()));
  }
  const int tiles = rows.count * cols.count;
#pragma omp parallel num_threads(threads)
  {
    // O((m + n)·k) conversions before the O(m·n·k) products; each row block of A into its own dense
    // block (the weights of that row of tiles).
#pragma omp for schedule(static) collapse(2)
    for (int t = 0; t < rows.count; ++t)
      for (int col = 0; col < k; ++col)
        convert(a + rows.start(t) + static_cast<long>(col) * lda, rows.size,
                ctx.a16.data() + a_block * t + static_cast<std::size_t>(col) * rows.size);
#pragma omp for schedule(static)
    for (int col = 0; col < n; ++col)
      convert(b + static_cast<long>(col) * ldb, k, ctx.b16.data() + static_cast<std::size_t>(col) * k);
    // Row-block-major order: consecutive tiles of a thread share their block of A.
    Worker& worker = *ctx.workers[static_cast<std::size_t>(omp_get_thread_num())];
#pragma omp for schedule(static)
    for (int t = 0; t < tiles; ++t)
      update_tile(ctx.engine, tile, worker, rows, t / cols.count, cols, t % cols.count,
                  ctx.a16.data() + a_block * (t / cols.count), ctx.b16.data(), c, ldc);
  }
}

}  // namespace suanli::kernels::dense::lu_bf16
