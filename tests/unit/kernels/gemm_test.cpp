#include <gtest/gtest.h>
#include <omp.h>

#include <array>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <set>
#include <tuple>
#include <utility>
#include <string>
#include <vector>

#include "core/formats.hpp"
#include "core/machine/cpuid.hpp"
#include "kernels/dense/blas_engine.hpp"
#include "kernels/dense/blas_info.hpp"
#include "kernels/dense/gemm.hpp"
#include "kernels/dense/gemm_matrices.hpp"

namespace suanli::kernels::dense {
namespace {

constexpr std::array<Precision, 5> gemm_precisions = {Precision::fp64, Precision::fp32, Precision::bf16,
                                                      Precision::fp16, Precision::int8};

struct Shape {
  std::size_t m, n, k;
};
// Degenerate, odd (remainders in every blocking), square, and tall-skinny.
constexpr std::array<Shape, 5> shapes = {{{1, 1, 1}, {7, 5, 3}, {64, 48, 33}, {128, 128, 128}, {512, 64, 256}}};

std::string name_of(Precision p, Shape s, BlasEngine e) {
  return std::string(precision_key(p)) + "_" + std::to_string(s.m) + "x" + std::to_string(s.n) + "x" +
         std::to_string(s.k) + (p == Precision::fp64 || p == Precision::fp32 ? "_" + std::string(blas_engine_key(e)) : "");
}

// Restores an environment variable when the test ends.
class ScopedEnv {
 public:
  explicit ScopedEnv(const char* name) : name_(name) {
    if (const char* v = std::getenv(name)) saved_ = v;
  }
  ~ScopedEnv() {
    if (saved_) setenv(name_, saved_->c_str(), 1);
    else unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> saved_;
};

CpuFeatures avx512_cpu() {
  CpuFeatures f;
  f.sse2 = f.avx = f.avx2 = f.fma = true;
  f.avx512f = f.avx512bw = f.avx512vl = f.avx512dq = true;
  return f;
}

CpuFeatures avx2_cpu() {
  CpuFeatures f;
  f.sse2 = f.avx = f.avx2 = f.fma = true;
  return f;
}

// ---- every supported precision, every shape, every entry against a naive triple loop ----

class GemmShapes : public ::testing::TestWithParam<std::tuple<Precision, Shape, BlasEngine>> {};

TEST_P(GemmShapes, EveryEntryMatchesANaiveProductWithinTheRoundingBound) {
  const auto [p, s, engine] = GetParam();
  if (!gemm_supported(p)) GTEST_SKIP() << gemm_unsupported_reason(p);
  const BlasEngineScope scope(engine);
  GemmProblem problem(p, s.m, s.n, s.k, 42);
  problem.run();

  std::vector<long double> a(s.m * s.k), b(s.k * s.n);
  for (std::size_t i = 0; i < s.m; ++i)
    for (std::size_t l = 0; l < s.k; ++l) a[i * s.k + l] = problem.a(i, l);
  for (std::size_t l = 0; l < s.k; ++l)
    for (std::size_t j = 0; j < s.n; ++j) b[l * s.n + j] = problem.b(l, j);
  const GemmErrorBound bound = gemm_error_bound(p, s.k);
  for (std::size_t i = 0; i < s.m; ++i)
    for (std::size_t j = 0; j < s.n; ++j) {
      long double sum = 0, abs_sum = 0;
      for (std::size_t l = 0; l < s.k; ++l) {
        sum += a[i * s.k + l] * b[l * s.n + j];
        abs_sum += std::fabs(a[i * s.k + l] * b[l * s.n + j]);
      }
      const long double allowed = bound.gamma * abs_sum + bound.floor;
      ASSERT_LE(std::fabs(problem.c(i, j) - sum), allowed) << "C(" << i << ", " << j << ")";
      if (p == Precision::int8) {
        ASSERT_EQ(problem.c(i, j), static_cast<double>(sum));
      }
    }

  const GemmCheck check = problem.verify(s.m * s.n, 7);
  EXPECT_TRUE(check.passed) << "max ratio " << check.max_error_ratio;
  EXPECT_EQ(check.samples, s.m * s.n);
  if (p == Precision::int8) {
    EXPECT_EQ(check.max_error_ratio, 0.0);
  }
}

INSTANTIATE_TEST_SUITE_P(GemmEveryPrecision, GemmShapes,
                         ::testing::Combine(::testing::ValuesIn(gemm_precisions), ::testing::ValuesIn(shapes),
                                            ::testing::Values(BlasEngine::blis)),
                         [](const auto& info) {
                           return name_of(std::get<0>(info.param), std::get<1>(info.param), std::get<2>(info.param));
                         });
// FP64 and FP32 on the other engine too (the other precisions are oneDNN's whatever the engine).
INSTANTIATE_TEST_SUITE_P(GemmOpenBlas, GemmShapes,
                         ::testing::Combine(::testing::Values(Precision::fp64, Precision::fp32),
                                            ::testing::ValuesIn(shapes), ::testing::Values(BlasEngine::openblas)),
                         [](const auto& info) {
                           return name_of(std::get<0>(info.param), std::get<1>(info.param), std::get<2>(info.param));
                         });

// FP32 through oneDNN's sgemm (`suanli gemm`'s FP32 default on AVX-512): every entry within the bound.
TEST(GemmOnednnSgemm, EveryEntryWithinTheRoundingBoundAndTheLibraryNamed) {
  for (const Shape& s : shapes) {
    GemmProblem problem(Precision::fp32, s.m, s.n, s.k, 42, Fp32Library::onednn);
    problem.run();
    const GemmCheck check = problem.verify(s.m * s.n, 7);
    EXPECT_TRUE(check.passed) << s.m << "x" << s.n << "x" << s.k << ": max ratio " << check.max_error_ratio;
    EXPECT_EQ(check.samples, s.m * s.n);
    EXPECT_EQ(problem.library().rfind("oneDNN ", 0), 0u) << problem.library();
    EXPECT_NE(problem.library().find(" sgemm "), std::string::npos) << problem.library();
  }
  // FP64 has no oneDNN path: the flag applies to FP32 only.
  GemmProblem fp64(Precision::fp64, 8, 8, 8, 1, Fp32Library::onednn);
  EXPECT_EQ(fp64.library().find("oneDNN"), std::string::npos) << fp64.library();
}

// ---- verification catches what it should ----

class GemmPlantedError : public ::testing::TestWithParam<Precision> {};

TEST_P(GemmPlantedError, AWrongEntryIsCaughtWhereItIs) {
  const Precision p = GetParam();
  if (!gemm_supported(p)) GTEST_SKIP() << gemm_unsupported_reason(p);
  GemmProblem problem(p, 64, 48, 33, 5);
  problem.run();
  ASSERT_TRUE(problem.verify(64 * 48, 1).passed);
  problem.plant_error(17, 29, 1.0);  // far above the bound (k·u·Σ|a·b| < 33·2^-24·33) and one INT8 unit
  const GemmCheck check = problem.verify(64 * 48, 1);
  EXPECT_FALSE(check.passed);
  EXPECT_GT(check.max_error_ratio, 1.0);
  EXPECT_EQ(check.worst_i, 17u);
  EXPECT_EQ(check.worst_j, 29u);
}

INSTANTIATE_TEST_SUITE_P(GemmEveryPrecision, GemmPlantedError, ::testing::ValuesIn(gemm_precisions),
                         [](const auto& info) { return std::string(precision_key(info.param)); });

// The bound is tight where it matters: twice the bound fails, half of it passes.
TEST(GemmPlantedError, Fp32BoundSeparatesHalfFromTwiceTheAllowedError) {
  for (double factor : {0.5, 2.0}) {
    GemmProblem problem(Precision::fp32, 16, 16, 33, 9);
    problem.run();
    double abs_sum = 0;
    for (std::size_t l = 0; l < 33; ++l) abs_sum += std::fabs(problem.a(3, l) * problem.b(l, 4));
    const GemmErrorBound bound = gemm_error_bound(Precision::fp32, 33);
    problem.plant_error(3, 4, factor * (bound.gamma * abs_sum + bound.floor));
    const GemmCheck check = problem.verify(256, 1);
    EXPECT_EQ(check.passed, factor < 1) << "factor " << factor << ", ratio " << check.max_error_ratio;
    EXPECT_NEAR(check.max_error_ratio, factor, 0.25);
  }
}

TEST(GemmPlantedError, SampledVerificationFindsAnErrorInACorner) {
  GemmProblem problem(Precision::fp64, 300, 200, 10, 3);
  problem.run();
  problem.plant_error(299, 199, 1.0);
  const GemmCheck check = problem.verify(20, 11);  // far fewer than 60000 entries: corners come first
  EXPECT_FALSE(check.passed);
  EXPECT_EQ(check.samples, 20u);
  EXPECT_EQ(check.worst_i, 299u);
  EXPECT_EQ(check.worst_j, 199u);
}

TEST(GemmPlantedError, AnUnrunProblemFails) {
  GemmProblem problem(Precision::fp64, 8, 8, 8, 1);  // C is zero: nothing was multiplied
  EXPECT_FALSE(problem.verify(64, 1).passed);
}

// ---- the bound and the sampling ----

TEST(GemmErrorBound, UnitRoundoffOfTheAccumulation) {
  EXPECT_EQ(gemm_error_bound(Precision::fp64, 100).gamma, 100 * 0x1.0p-53);
  EXPECT_EQ(gemm_error_bound(Precision::fp32, 100).gamma, 100 * 0x1.0p-24);
  EXPECT_EQ(gemm_error_bound(Precision::bf16, 100).gamma, 100 * 0x1.0p-24);  // accumulates in FP32
  EXPECT_EQ(gemm_error_bound(Precision::int8, 100).gamma, 0.0);
  EXPECT_THROW(gemm_error_bound(Precision::fp8, 100), std::invalid_argument);
}

TEST(GemmErrorBound, Int8ToleratesNoErrorAndNanIsInfinitelyWrong) {
  const GemmErrorBound exact = gemm_error_bound(Precision::int8, 1000);
  EXPECT_EQ(gemm_error_ratio(5, 5, 100, exact), 0.0);
  EXPECT_GT(gemm_error_ratio(6, 5, 100, exact), 1.0);
  const GemmErrorBound fp64 = gemm_error_bound(Precision::fp64, 10);
  EXPECT_EQ(gemm_error_ratio(NAN, 1, 1, fp64), INFINITY);
  EXPECT_EQ(gemm_error_ratio(0, 0, 0, fp64), 0.0);  // a zero row: the floor keeps 0/0 away
}

TEST(GemmSampling, CornersAndCentreFirstThenSeededEntries) {
  const std::vector<GemmEntry> e = gemm_sample_entries(10, 20, 50, 4);
  ASSERT_EQ(e.size(), 50u);
  std::set<std::pair<std::size_t, std::size_t>> first;
  for (std::size_t s = 0; s < 5; ++s) first.insert({e[s].i, e[s].j});
  EXPECT_EQ(first, (std::set<std::pair<std::size_t, std::size_t>>{{0, 0}, {0, 19}, {9, 0}, {9, 19}, {5, 10}}));
  for (const GemmEntry& x : e) {
    EXPECT_LT(x.i, 10u);
    EXPECT_LT(x.j, 20u);
  }
  const std::vector<GemmEntry> again = gemm_sample_entries(10, 20, 50, 4);
  const std::vector<GemmEntry> other = gemm_sample_entries(10, 20, 50, 5);
  bool same = true, differs = false;
  for (std::size_t s = 0; s < e.size(); ++s) {
    same = same && e[s].i == again[s].i && e[s].j == again[s].j;
    differs = differs || e[s].i != other[s].i || e[s].j != other[s].j;
  }
  EXPECT_TRUE(same);
  EXPECT_TRUE(differs);
}

TEST(GemmSampling, EveryEntryOnceWhenSamplesCoverC) {
  const std::vector<GemmEntry> e = gemm_sample_entries(3, 4, 1000, 1);
  ASSERT_EQ(e.size(), 12u);
  for (std::size_t s = 0; s < 12; ++s) {
    EXPECT_EQ(e[s].i, s / 4);
    EXPECT_EQ(e[s].j, s % 4);
  }
  EXPECT_EQ(gemm_sample_entries(1, 1, 3, 1).size(), 1u);
  EXPECT_EQ(gemm_sample_entries(1, 3, 2, 1).size(), 2u);  // corners repeat in one row: no duplicates first
}

// ---- support and reasons ----

TEST(GemmSupport, BlasPrecisionsAlwaysAndEveryOtherSaysWhyNot) {
  EXPECT_TRUE(gemm_supported(Precision::fp64));
  EXPECT_TRUE(gemm_supported(Precision::fp32));
  for (Precision p : all_precisions) {
    SCOPED_TRACE(std::string(precision_key(p)));
    EXPECT_EQ(gemm_supported(p), gemm_unsupported_reason(p).empty());
  }
  for (Precision p : {Precision::tf32, Precision::fp8, Precision::fp4, Precision::int32}) {
    EXPECT_FALSE(gemm_supported(p));
    EXPECT_THROW(GemmProblem(p, 4, 4, 4, 1), std::invalid_argument);
  }
}

TEST(GemmSupport, Fp16NeedsNativeFp16Arithmetic) {
  const CpuFeatures f = decode_cpu_features(read_cpu_identity().leaves);
  if (f.avx512_fp16 || f.amx_fp16) GTEST_SKIP() << "this CPU has native FP16";
  EXPECT_FALSE(gemm_supported(Precision::fp16));
  EXPECT_NE(gemm_unsupported_reason(Precision::fp16).find("AVX512-FP16"), std::string::npos)
      << gemm_unsupported_reason(Precision::fp16);
  EXPECT_THROW(GemmProblem(Precision::fp16, 4, 4, 4, 1), std::invalid_argument);
}

TEST(GemmSupport, ZeroDimensionIsRejected) {
  EXPECT_THROW(GemmProblem(Precision::fp64, 0, 4, 4, 1), std::invalid_argument);
  EXPECT_THROW(GemmProblem::memory_bytes(Precision::fp64, 4, 4, 0), std::invalid_argument);
}

// ---- counts, fill, library ----

TEST(GemmCounts, FlopsBytesAndMemory) {
  GemmProblem fp64(Precision::fp64, 64, 48, 33, 1);
  EXPECT_EQ(fp64.flops(), 2.0 * 64 * 48 * 33);
  EXPECT_EQ(fp64.bytes_moved(), 8.0 * (64 * 33 + 33 * 48 + 64 * 48));
  EXPECT_EQ(GemmProblem::memory_bytes(Precision::fp64, 64, 48, 33), 8u * (64 * 33 + 33 * 48 + 64 * 48));
  EXPECT_EQ(GemmProblem(Precision::fp32, 64, 48, 33, 1).bytes_moved(), 4.0 * (64 * 33 + 33 * 48 + 64 * 48));
  if (gemm_supported(Precision::bf16)) {
    GemmProblem bf16(Precision::bf16, 64, 48, 33, 1);
    EXPECT_EQ(bf16.bytes_moved(), 2.0 * (64 * 33 + 33 * 48) + 4.0 * 64 * 48);
    EXPECT_GE(static_cast<double>(GemmProblem::memory_bytes(Precision::bf16, 64, 48, 33)), bf16.bytes_moved());
  }
  if (gemm_supported(Precision::int8)) {
    EXPECT_EQ(GemmProblem(Precision::int8, 64, 48, 33, 1).bytes_moved(), 64.0 * 33 + 33 * 48 + 4.0 * 64 * 48);
  }
}

TEST(GemmFill, SeededValuesInRangeAndIndependentOfThreadCount) {
  for (Precision p : gemm_precisions) {
    if (!gemm_supported(p)) continue;
    SCOPED_TRACE(std::string(precision_key(p)));
    const int threads = omp_get_max_threads();
    omp_set_num_threads(1);
    GemmProblem one(p, 37, 29, 23, 99);
    omp_set_num_threads(2);
    GemmProblem two(p, 37, 29, 23, 99);
    omp_set_num_threads(threads);
    GemmProblem other_seed(p, 37, 29, 23, 100);
    bool differs = false;
    for (std::size_t i = 0; i < 37; ++i)
      for (std::size_t l = 0; l < 23; ++l) {
        ASSERT_EQ(one.a(i, l), two.a(i, l));
        differs = differs || one.a(i, l) != other_seed.a(i, l);
        const double lo = p == Precision::int8 ? 0 : -1, hi = p == Precision::int8 ? 255 : 1;
        ASSERT_GE(one.a(i, l), lo);
        ASSERT_LE(one.a(i, l), hi);
      }
    for (std::size_t l = 0; l < 23; ++l)
      for (std::size_t j = 0; j < 29; ++j) {
        ASSERT_EQ(one.b(l, j), two.b(l, j));
        const double lo = p == Precision::int8 ? -128 : -1, hi = p == Precision::int8 ? 127 : 1;
        ASSERT_GE(one.b(l, j), lo);
        ASSERT_LE(one.b(l, j), hi);
      }
    EXPECT_TRUE(differs);
  }
}

TEST(GemmFill, Bf16RoundingAgreesWithTheFormatCodec) {
  const NumericFormat& bf16 = *find_format("bf16");
  for (float x : {0.0f, -0.0f, 1.0f, -1.0f, 0.3f, -0.7f, 1.00390625f, 1.01171875f, 0x1.0101p0f, 0x1.0181p0f, 1e-30f})
    EXPECT_EQ(to_bf16(x).bits, encode(bf16, x)) << x;
  EXPECT_EQ(value_of(Bf16{0x3F80}), 1.0);
}

TEST(GemmFill, Int8ResultsAreTheSameOnOneAndTwoThreads) {
  if (!gemm_supported(Precision::int8)) GTEST_SKIP() << gemm_unsupported_reason(Precision::int8);
  const int threads = omp_get_max_threads();
  GemmProblem problem(Precision::int8, 96, 80, 200, 8);
  omp_set_num_threads(1);
  problem.run();
  std::vector<double> one;
  for (std::size_t i = 0; i < 96; ++i)
    for (std::size_t j = 0; j < 80; ++j) one.push_back(problem.c(i, j));
  omp_set_num_threads(2);
  problem.run();
  omp_set_num_threads(threads);
  for (std::size_t i = 0; i < 96; ++i)
    for (std::size_t j = 0; j < 80; ++j) ASSERT_EQ(problem.c(i, j), one[i * 80 + j]);
}

TEST(GemmLibrary, NamesLibraryRoutineAndKernel) {
  {
    const BlasEngineScope openblas(BlasEngine::openblas);
    const std::string fp64 = GemmProblem(Precision::fp64, 4, 4, 4, 1).library();
    EXPECT_EQ(fp64.rfind("OpenBLAS 0.", 0), 0u) << fp64;
    EXPECT_NE(fp64.find("dgemm " + openblas_core_name()), std::string::npos) << fp64;
    EXPECT_NE(GemmProblem(Precision::fp32, 4, 4, 4, 1).library().find("sgemm"), std::string::npos);
  }
  {
    const BlasEngineScope blis(BlasEngine::blis);
    const std::string fp64 = GemmProblem(Precision::fp64, 4, 4, 4, 1).library();
    EXPECT_EQ(fp64.rfind("BLIS 0.", 0), 0u) << fp64;
    EXPECT_EQ(fp64, blas_library(BlasEngine::blis, "dgemm"));
    EXPECT_NE(GemmProblem(Precision::fp32, 4, 4, 4, 1).library().find("sgemm"), std::string::npos);
  }
  for (Precision p : {Precision::bf16, Precision::int8}) {
    if (!gemm_supported(p)) continue;
    const std::string name = GemmProblem(p, 64, 64, 64, 1).library();
    EXPECT_EQ(name.rfind("oneDNN ", 0), 0u) << name;
    EXPECT_EQ(name.find("ref"), std::string::npos) << name;
  }
}

// ---- OpenBLAS build and OPENBLAS_CORETYPE ----

TEST(GemmOpenBlas, LoadsTheOpenMpBuild) {
  // Debian's default libopenblas.so.0 is the pthread build; the RUNPATH must have won.
  EXPECT_EQ(openblas_threading(), "OpenMP") << openblas_config();
  EXPECT_NE(openblas_config().find("USE_OPENMP"), std::string::npos) << openblas_config();
  EXPECT_EQ(openblas_version().rfind("OpenBLAS ", 0), 0u);
}

TEST(GemmOpenBlas, CoreFollowsOpenblasCoretype) {
  const char* coretype = std::getenv("OPENBLAS_CORETYPE");  // read by OpenBLAS when it loaded
  if (coretype == nullptr || !openblas_core_isa(coretype)) GTEST_SKIP() << "OPENBLAS_CORETYPE not set to a core";
  const CpuFeatures f = decode_cpu_features(read_cpu_identity().leaves);
  if (*openblas_core_isa(coretype) > widest_blas_isa(f)) GTEST_SKIP() << "a core this CPU cannot run";
  EXPECT_EQ(openblas_core_isa(openblas_core_name()), openblas_core_isa(coretype)) << openblas_core_name();
}

TEST(GemmCoretypeWarning, NarrowerCoreThanTheCpuRunsIsWarned) {
  const std::optional<std::string> w = openblas_coretype_warning(avx512_cpu(), "Haswell");
  ASSERT_TRUE(w);
  EXPECT_EQ(*w,
            "OPENBLAS_CORETYPE=Haswell forces AVX2 kernels on a CPU with AVX-512; DGEMM runs at about 60% of the "
            "AVX-512 kernels' rate (unset it to let OpenBLAS choose)");
  EXPECT_TRUE(openblas_coretype_warning(avx512_cpu(), "zen"));  // OpenBLAS ignores case
  const std::optional<std::string> sse = openblas_coretype_warning(avx2_cpu(), "Nehalem");
  ASSERT_TRUE(sse);
  EXPECT_NE(sse->find("forces SSE kernels on a CPU with AVX2"), std::string::npos) << *sse;
}

TEST(GemmCoretypeWarning, SilentWhenUnsetMatchingOrUnknown) {
  EXPECT_FALSE(openblas_coretype_warning(avx512_cpu(), std::nullopt));
  EXPECT_FALSE(openblas_coretype_warning(avx512_cpu(), ""));
  EXPECT_FALSE(openblas_coretype_warning(avx512_cpu(), "Cooperlake"));
  EXPECT_FALSE(openblas_coretype_warning(avx512_cpu(), "SkylakeX"));
  EXPECT_FALSE(openblas_coretype_warning(avx2_cpu(), "Haswell"));
  EXPECT_FALSE(openblas_coretype_warning(avx2_cpu(), "SkylakeX"));  // wider than the CPU: OpenBLAS falls back
  EXPECT_FALSE(openblas_coretype_warning(avx512_cpu(), "NoSuchCore"));  // OpenBLAS ignores it and detects
}

TEST(GemmCoretypeWarning, ReadsTheEnvironment) {
  ScopedEnv restore("OPENBLAS_CORETYPE");
  setenv("OPENBLAS_CORETYPE", "Sandybridge", 1);
  const std::optional<std::string> w = openblas_coretype_warning(avx512_cpu());
  ASSERT_TRUE(w);
  EXPECT_NE(w->find("OPENBLAS_CORETYPE=Sandybridge forces AVX kernels"), std::string::npos) << *w;
  unsetenv("OPENBLAS_CORETYPE");
  EXPECT_FALSE(openblas_coretype_warning(avx512_cpu()));
}

}  // namespace
}  // namespace suanli::kernels::dense
