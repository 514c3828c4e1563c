// The BF16 trailing update of HPL-MxP: rounding to nearest even, and C −= A·B against a double
// reference computed from the BF16-rounded inputs (the only error left is FP32 accumulation).
#include "kernels/dense/lu_bf16_update.hpp"

#include <gtest/gtest.h>

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace suanli::kernels::dense::lu_bf16 {
namespace {

TEST(LuBf16Update, RoundsToNearestEven) {
  EXPECT_EQ(to_bf16(1.0f), 0x3f80);
  EXPECT_EQ(from_bf16(to_bf16(-2.5f)), -2.5f);
  // 1 + 2^-8 lies halfway between 1 and 1 + 2^-7: ties go to the even mantissa, 1.
  EXPECT_EQ(from_bf16(to_bf16(1.0f + 0x1p-8f)), 1.0f);
  // 1 + 3·2^-8 lies halfway between 1 + 2^-7 and 1 + 2^-6: to 1 + 2^-6.
  EXPECT_EQ(from_bf16(to_bf16(1.0f + 3 * 0x1p-8f)), 1.0f + 0x1p-6f);
  EXPECT_EQ(from_bf16(to_bf16(1.0f + 0x1p-8f + 0x1p-20f)), 1.0f + 0x1p-7f);
  EXPECT_TRUE(std::isnan(from_bf16(to_bf16(std::nanf("")))));
  EXPECT_TRUE(std::isinf(from_bf16(to_bf16(INFINITY))));
}

TEST(LuBf16Update, VectorConversionMatchesTheScalarOne) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> dist(-100.0f, 100.0f);
  std::vector<float> x(1000);
  for (float& v : x) v = dist(rng);
  x[5] = 1.0f + 0x1p-8f;
  std::vector<std::uint16_t> y(x.size());
  convert(x.data(), static_cast<long>(x.size()), y.data());
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_EQ(y[i], to_bf16(x[i])) << i;
}

TEST(LuBf16Update, SubtractsTheProductOfTheRoundedOperands) {
  struct Shape {
    int m, n, k;
  };
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  // Tiles are 256×256: one partial tile, exact tiles, and a last tile overlapping its neighbour in
  // rows, columns or both (515 = 2·256 + 3), with k = NB and k not a multiple of the BF16 pair.
  for (const Shape s : {Shape{1, 1, 1}, Shape{37, 29, 16}, Shape{200, 96, 64}, Shape{515, 300, 192},
                        Shape{256, 512, 192}, Shape{700, 100, 191}, Shape{100, 700, 33}}) {
    const int lda = s.m + 3, ldb = s.k + 1, ldc = s.m + 5;
    std::vector<float> a(static_cast<std::size_t>(lda) * s.k), b(static_cast<std::size_t>(ldb) * s.n),
        c(static_cast<std::size_t>(ldc) * s.n);
    for (float& v : a) v = dist(rng);
    for (float& v : b) v = dist(rng);
    for (float& v : c) v = dist(rng);
    const std::vector<float> c0 = c;
    gemm_minus(s.m, s.n, s.k, a.data(), lda, b.data(), ldb, c.data(), ldc);
    const double tolerance = 2.0 * (s.k + 1) * 0x1p-24;
    for (int j = 0; j < s.n; ++j) {
      for (int i = 0; i < s.m; ++i) {
        double sum = c0[static_cast<std::size_t>(i + j * ldc)], scale = std::abs(sum);
        for (int p = 0; p < s.k; ++p) {
          const double product = static_cast<double>(from_bf16(to_bf16(a[static_cast<std::size_t>(i + p * lda)]))) *
                                 from_bf16(to_bf16(b[static_cast<std::size_t>(p + j * ldb)]));
          sum -= product;
          scale += std::abs(product);
        }
        ASSERT_NEAR(c[static_cast<std::size_t>(i + j * ldc)], sum, tolerance * scale)
            << s.m << "x" << s.n << "x" << s.k << " at " << i << "," << j;
      }
    }
    // The padding between columns of C is untouched.
    for (int j = 0; j < s.n; ++j)
      for (int i = s.m; i < ldc; ++i)
        EXPECT_EQ(c[static_cast<std::size_t>(i + j * ldc)], c0[static_cast<std::size_t>(i + j * ldc)]);
  }
}

// Every tile is computed by one thread with the same kernel whatever the thread count: the same bits.
TEST(LuBf16Update, GivesTheSameBitsOnOneAndOnSeveralThreads) {
  const int m = 600, n = 520, k = 96, ld = 640;
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> a(static_cast<std::size_t>(ld) * k), b(static_cast<std::size_t>(k) * n),
      c(static_cast<std::size_t>(ld) * n);
  for (float& v : a) v = dist(rng);
  for (float& v : b) v = dist(rng);
  for (float& v : c) v = dist(rng);
  std::vector<float> one = c, several = c;
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  gemm_minus(m, n, k, a.data(), ld, b.data(), k, one.data(), ld);
  omp_set_num_threads(std::max(2, threads));
  gemm_minus(m, n, k, a.data(), ld, b.data(), k, several.data(), ld);
  omp_set_num_threads(threads);
  EXPECT_EQ(one, several);
  EXPECT_NE(one, c);
}

// oneDNN 2.6 falls back to gemm:jit (about half the rate) when an operand is not dense; the tiles
// exist to get its brgemm kernels, so a CPU with AVX512_BF16 must get them.
TEST(LuBf16Update, UsesOneDnnBrgemmWhereTheCpuHasAvx512Bf16) {
  const std::string name = implementation(192);
  EXPECT_FALSE(name.empty());
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx512bf16") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq")) {
    EXPECT_EQ(name.rfind("brg:", 0), 0u) << name;
  }
#endif
}

}  // namespace
}  // namespace suanli::kernels::dense::lu_bf16
