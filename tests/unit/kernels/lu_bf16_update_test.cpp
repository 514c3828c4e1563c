// The BF16 trailing update of HPL-MxP: rounding to nearest even, and C −= A·B against a double
// reference computed from the BF16-rounded inputs (the only error left is FP32 accumulation).
#include "kernels/dense/lu_bf16_update.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
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
  for (const Shape s : {Shape{1, 1, 1}, Shape{37, 29, 16}, Shape{200, 96, 64}, Shape{515, 300, 192}}) {
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

}  // namespace
}  // namespace suanli::kernels::dense::lu_bf16
