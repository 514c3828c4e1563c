#include "kernels/stream/stream.hpp"
#include "kernels/stream/stream_check.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cstdlib>
#include <memory>
#include <vector>

namespace suanli::kernels::stream {
namespace {

struct FreeDeleter {
  void operator()(double* p) const { std::free(p); }
};
using Array = std::unique_ptr<double[], FreeDeleter>;

Array aligned_array(std::size_t n) {
  const std::size_t bytes = std::max<std::size_t>(64, (n * sizeof(double) + 63) / 64 * 64);
  return Array(static_cast<double*>(std::aligned_alloc(64, bytes)));
}

// Distinct, non-trivial values so a kernel that touches the wrong element shows.
void fill_pattern(double* x, std::size_t n, double offset) {
  for (std::size_t i = 0; i < n; ++i) x[i] = offset + 0.25 * static_cast<double>(i % 97);
}

class StreamKernelVariants : public ::testing::TestWithParam<std::size_t> {};

TEST_P(StreamKernelVariants, EveryVariantMatchesTheReferenceExactly) {
  const std::size_t n = GetParam();
  const Kernels& ref = reference_kernels();
  for (const Kernels* k : available_kernels()) {
    SCOPED_TRACE(std::string(k->name));
    Array a = aligned_array(n), b = aligned_array(n), c = aligned_array(n);
    Array ra = aligned_array(n), rb = aligned_array(n), rc = aligned_array(n);
    fill_pattern(a.get(), n, 1.0);
    fill_pattern(b.get(), n, 2.0);
    fill_pattern(c.get(), n, -3.0);
    fill_pattern(ra.get(), n, 1.0);
    fill_pattern(rb.get(), n, 2.0);
    fill_pattern(rc.get(), n, -3.0);

    run_copy(*k, a.get(), c.get(), n);
    ref.copy(ra.get(), rc.get(), n);
    run_scale(*k, b.get(), c.get(), 3.0, n);
    ref.scale(rb.get(), rc.get(), 3.0, n);
    run_add(*k, a.get(), b.get(), c.get(), n);
    ref.add(ra.get(), rb.get(), rc.get(), n);
    run_triad(*k, a.get(), b.get(), c.get(), 3.0, n);
    ref.triad(ra.get(), rb.get(), rc.get(), 3.0, n);

    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_EQ(a[i], ra[i]) << "a at " << i;
      ASSERT_EQ(b[i], rb[i]) << "b at " << i;
      ASSERT_EQ(c[i], rc[i]) << "c at " << i;
    }
  }
}

// Tiny, odd and vector-width-straddling sizes.
INSTANTIATE_TEST_SUITE_P(Sizes, StreamKernelVariants, ::testing::Values(0, 1, 2, 3, 7, 8, 9, 15, 17, 64, 1001, 4099));

TEST(StreamKernels, ReferenceComesFirstAndBestIsLast) {
  auto list = available_kernels();
  ASSERT_GE(list.size(), 2u);
  EXPECT_EQ(list.front()->name, "reference");
  EXPECT_EQ(&best_kernels(), list.back());
  if (__builtin_cpu_supports("avx512f")) {
    EXPECT_EQ(best_kernels().name, "avx512-nt");
  }
}

TEST(StreamThreadRange, RangesTileTheArrayWithAlignedBoundaries) {
  for (std::size_t n : {0u, 1u, 7u, 8u, 100u, 1001u, 1u << 20}) {
    for (int threads : {1, 2, 3, 7, 16}) {
      std::size_t next = 0;
      for (int t = 0; t < threads; ++t) {
        Range r = thread_range(n, t, threads);
        EXPECT_EQ(r.begin, next) << n << " " << threads << " " << t;
        EXPECT_LE(r.begin, r.end);
        if (r.begin < n) {
          EXPECT_EQ(r.begin % 8, 0u);
        }
        next = r.end;
      }
      EXPECT_EQ(next, n);
    }
  }
}

TEST(StreamFirstTouch, FillsEveryElement) {
  const std::size_t n = 10007;
  Array x = aligned_array(n);
  first_touch_fill(x.get(), 2.5, n);
  for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(x[i], 2.5);
}

}  // namespace
}  // namespace suanli::kernels::stream

namespace suanli::kernels::stream {
namespace {

TEST(StreamCheck, ExpectedValuesFollowTheRecurrence) {
  ExpectedValues zero = expected_after(0, 3.0);
  EXPECT_EQ(zero.a, 1.0);
  EXPECT_EQ(zero.b, 2.0);
  EXPECT_EQ(zero.c, 0.0);
  // One round with q = 3: c = 1, b = 3, c = 4, a = 3 + 12 = 15.
  ExpectedValues one = expected_after(1, 3.0);
  EXPECT_EQ(one.a, 15.0);
  EXPECT_EQ(one.b, 3.0);
  EXPECT_EQ(one.c, 4.0);
  EXPECT_EQ(expected_after(2, 3.0).a, 225.0);
}

TEST(StreamCheck, KernelsReachTheExpectedValuesAndACorruptElementIsCaught) {
  const std::size_t n = 1003;
  const Kernels& k = best_kernels();
  Array a = aligned_array(n), b = aligned_array(n), c = aligned_array(n);
  first_touch_fill(a.get(), 1.0, n);
  first_touch_fill(b.get(), 2.0, n);
  first_touch_fill(c.get(), 0.0, n);
  for (int round = 0; round < 5; ++round) {
    run_copy(k, a.get(), c.get(), n);
    run_scale(k, b.get(), c.get(), 3.0, n);
    run_add(k, a.get(), b.get(), c.get(), n);
    run_triad(k, a.get(), b.get(), c.get(), 3.0, n);
  }
  const ExpectedValues e = expected_after(5, 3.0);
  EXPECT_EQ(max_relative_error(a.get(), n, e.a), 0.0);
  EXPECT_EQ(max_relative_error(b.get(), n, e.b), 0.0);
  EXPECT_EQ(max_relative_error(c.get(), n, e.c), 0.0);
  a[n - 1] *= 1.0 + 1e-12;  // one element off by more than STREAM's 1e-13
  EXPECT_GT(max_relative_error(a.get(), n, e.a), 1e-13);
}

}  // namespace
}  // namespace suanli::kernels::stream
