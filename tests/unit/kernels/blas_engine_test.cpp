// The dense BLAS engine: the rule that picks BLIS's configuration and the default engine from
// recorded CPU features, BLIS_ARCH_TYPE set by the user, both engines' GEMM and TRSM against naive
// products, their thread count, and which library the cblas_* symbols bind to.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/machine/cpuid.hpp"
#include "kernels/dense/blas_engine.hpp"
#include "kernels/dense/blas_info.hpp"
#include "kernels/dense/blis_calls.hpp"
#include "kernels/dense/blis_runtime.hpp"
#include "kernels/dense/dense_blas.hpp"
#include "kernels/dense/lu_blas.hpp"

namespace suanli::kernels::dense {
namespace {

CpuFeatures sse_cpu() {
  CpuFeatures f;
  f.sse2 = f.sse3 = f.ssse3 = f.sse4_1 = f.sse4_2 = true;
  return f;
}
CpuFeatures avx_cpu() {
  CpuFeatures f = sse_cpu();
  f.avx = true;
  return f;
}
CpuFeatures avx2_cpu() {
  CpuFeatures f = avx_cpu();
  f.avx2 = f.fma = f.f16c = true;
  return f;
}
CpuFeatures avx512_cpu() {
  CpuFeatures f = avx2_cpu();
  f.avx512f = f.avx512dq = f.avx512bw = f.avx512vl = true;
  return f;
}

// ---- the rule on recorded CPUs ----

TEST(BlasRule, Avx512GetsSkxAndBlisWhateverTheVendor) {
  // Zen 5 (family 0x1A): BLIS 0.9.0 alone would pick generic; Zen 4 (0x19) it would give zen3's AVX2 kernels.
  for (auto [vendor, family] : {std::pair{"AuthenticAMD", 0x1A}, std::pair{"AuthenticAMD", 0x19},
                                std::pair{"GenuineIntel", 6}}) {
    const BlasChoice c = choose_blas(avx512_cpu(), vendor, family, std::nullopt);
    EXPECT_EQ(c.blis_config, BlisConfig::skx) << vendor;
    EXPECT_EQ(c.engine, BlasEngine::blis) << vendor;
    EXPECT_FALSE(c.blis_config_from_environment);
    EXPECT_EQ(c.blis_config_reason, "suanli's rule: the CPU has AVX-512 F, DQ, BW and VL");
  }
}

TEST(BlasRule, Fp32GemmGoesToOnednnOnAvx512UnlessTheUserChoseBlis) {
  const BlasChoice own = choose_blas(avx512_cpu(), "AuthenticAMD", 0x1A, std::nullopt);
  EXPECT_TRUE(onednn_sgemm_is_default(avx512_cpu(), own));
  const BlasChoice forced = choose_blas(avx512_cpu(), "AuthenticAMD", 0x1A, std::string_view("haswell"));
  EXPECT_FALSE(onednn_sgemm_is_default(avx512_cpu(), forced));  // BLIS_ARCH_TYPE makes BLIS the engine of all
  EXPECT_FALSE(onednn_sgemm_is_default(avx2_cpu(), choose_blas(avx2_cpu(), "AuthenticAMD", 0x19, std::nullopt)));
}

TEST(BlasRule, Avx512WithoutBwIsNotEnoughForSkx) {
  CpuFeatures f = avx512_cpu();
  f.avx512bw = false;  // Knights Landing has F but not BW, DQ or VL
  EXPECT_EQ(choose_blas(f, "GenuineIntel", 6, std::nullopt).blis_config, BlisConfig::haswell);
}

TEST(BlasRule, Avx2GetsTheHaswellKernelsWithTheVendorsBlockingButOpenBlasStaysTheDefault) {
  EXPECT_EQ(choose_blas(avx2_cpu(), "GenuineIntel", 6, std::nullopt).blis_config, BlisConfig::haswell);
  EXPECT_EQ(choose_blas(avx2_cpu(), "AuthenticAMD", 0x19, std::nullopt).blis_config, BlisConfig::zen3);
  EXPECT_EQ(choose_blas(avx2_cpu(), "AuthenticAMD", 0x17, std::nullopt).blis_config, BlisConfig::zen2);
  EXPECT_EQ(choose_blas(avx2_cpu(), "HygonGenuine", 0x18, std::nullopt).blis_config, BlisConfig::haswell);
  // Measured here: BLIS's AVX2 kernels level with or behind OpenBLAS's Haswell kernels (docs/gemm.md).
  const BlasChoice c = choose_blas(avx2_cpu(), "GenuineIntel", 6, std::nullopt);
  EXPECT_EQ(c.engine, BlasEngine::openblas);
  EXPECT_EQ(c.engine_reason, "without AVX-512, BLIS's haswell kernels are not faster than OpenBLAS's (docs/gemm.md)");
}

TEST(BlasRule, OlderCpusKeepOpenBlas) {
  const BlasChoice avx = choose_blas(avx_cpu(), "GenuineIntel", 6, std::nullopt);
  EXPECT_EQ(avx.blis_config, BlisConfig::sandybridge);
  EXPECT_EQ(avx.engine, BlasEngine::openblas);
  EXPECT_EQ(choose_blas(sse_cpu(), "GenuineIntel", 6, std::nullopt).blis_config, BlisConfig::penryn);
  const BlasChoice none = choose_blas(CpuFeatures{}, "", 0, std::nullopt);
  EXPECT_EQ(none.blis_config, BlisConfig::generic);
  EXPECT_EQ(none.engine, BlasEngine::openblas);
  EXPECT_NE(none.engine_reason.find("without AVX-512"), std::string::npos) << none.engine_reason;
}

TEST(BlasRule, UserSetArchTypeWinsByNumberOrName) {
  const std::string haswell = std::to_string(blis_arch_id(BlisConfig::haswell));
  for (const std::string& value : {haswell, std::string("haswell")}) {
    const BlasChoice c = choose_blas(avx512_cpu(), "AuthenticAMD", 0x1A, value);
    EXPECT_EQ(c.blis_config, BlisConfig::haswell) << value;
    EXPECT_TRUE(c.blis_config_from_environment);
    EXPECT_EQ(c.blis_config_reason, "BLIS_ARCH_TYPE=" + value + " from the environment");
    EXPECT_EQ(c.engine, BlasEngine::blis);  // the variable names a BLIS configuration, even on a CPU without AVX2
  }
  const BlasChoice generic = choose_blas(sse_cpu(), "GenuineIntel", 6, "generic");
  EXPECT_EQ(generic.blis_config, BlisConfig::generic);
  EXPECT_EQ(generic.engine, BlasEngine::blis);
  // Empty is unset.
  EXPECT_FALSE(choose_blas(avx2_cpu(), "GenuineIntel", 6, "").blis_config_from_environment);
}

TEST(BlasRule, ArchTypeTheCpuCannotRunOrBlisDoesNotHaveIsRefused) {
  const std::string skx = std::to_string(blis_arch_id(BlisConfig::skx));
  try {
    choose_blas(avx2_cpu(), "GenuineIntel", 6, skx);
    FAIL() << "skx accepted on an AVX2 CPU";
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()),
              "BLIS_ARCH_TYPE=" + skx + ": BLIS's skx kernels need AVX-512 F, DQ, BW and VL, which this CPU lacks");
  }
  for (const char* bad : {"skylake", "-1", "999", "3x", " 3"})
    EXPECT_THROW(choose_blas(avx512_cpu(), "GenuineIntel", 6, bad), UsageError) << bad;
}

TEST(BlisConfigs, ArchIdsRoundTripAndNamesAreBlisOwn) {
  for (BlisConfig c : all_blis_configs) {
    EXPECT_EQ(blis_config_of_arch_id(blis_arch_id(c)), c);
    EXPECT_EQ(blis_config_named(blis_config_name(c)), c);
  }
  EXPECT_FALSE(blis_config_named("knl"));
}

TEST(BlisConfigs, WhatEachConfigurationNeeds) {
  EXPECT_TRUE(blis_config_runs_on(BlisConfig::skx, avx512_cpu()));
  EXPECT_FALSE(blis_config_runs_on(BlisConfig::skx, avx2_cpu()));
  EXPECT_TRUE(blis_config_runs_on(BlisConfig::zen3, avx2_cpu()));
  EXPECT_FALSE(blis_config_runs_on(BlisConfig::haswell, avx_cpu()));
  EXPECT_TRUE(blis_config_runs_on(BlisConfig::generic, CpuFeatures{}));
}

// ---- this machine ----

TEST(BlasEngine, BlisRunsTheConfigurationSuanliChose) {
  // BLIS alone picks generic on a CPU it does not know (Zen 5): this fails if the choice did not reach it.
  const BlasChoice& c = this_machine_blas_choice();
  EXPECT_EQ(blis_running_config(), blis_config_name(c.blis_config));
  EXPECT_EQ(blis_version().rfind("0.", 0), 0u) << blis_version();
  // ... and the environment is as the user left it.
  const char* variable = std::getenv("BLIS_ARCH_TYPE");
  EXPECT_EQ(variable != nullptr, c.blis_config_from_environment);
}

TEST(BlasEngine, ScopeSetsAndRestoresTheActiveEngine) {
  const BlasEngine before = active_blas_engine();
  EXPECT_EQ(before, blas_engine_or_default(std::nullopt));
  {
    const BlasEngineScope openblas(BlasEngine::openblas);
    EXPECT_EQ(active_blas_engine(), BlasEngine::openblas);
    {
      const BlasEngineScope blis(BlasEngine::blis);
      EXPECT_EQ(active_blas_engine(), BlasEngine::blis);
    }
    EXPECT_EQ(active_blas_engine(), BlasEngine::openblas);
  }
  EXPECT_EQ(active_blas_engine(), before);
  EXPECT_EQ(blas_engine_or_default(std::string("openblas")), BlasEngine::openblas);
  EXPECT_EQ(blas_engine_named("mkl"), std::nullopt);
}

TEST(BlasEngine, LibraryNamesVersionRoutineAndKernels) {
  const std::string blis = blas_library(BlasEngine::blis, "dgemm");
  EXPECT_EQ(blis, "BLIS " + blis_version() + " dgemm " + blis_running_config() + " (OpenMP)");
  const std::string openblas = blas_library(BlasEngine::openblas, "sgemm");
  EXPECT_EQ(openblas, openblas_version() + " sgemm " + openblas_core_name() + " (OpenMP)");
}

std::string text_parameter(const Result& r, const std::string& name) {
  for (const Parameter& p : r.parameters)
    if (p.name == name) return std::get<std::string>(p.value);
  return "(missing)";
}

TEST(BlasEngine, ResultsRecordEngineLibraryConfigurationAndWhy) {
  const CpuFeatures f = decode_cpu_features(read_cpu_identity().leaves);
  Result blis;
  record_dense_blas(blis, BlasEngine::blis, f);
  EXPECT_EQ(text_parameter(blis, "blas_engine"), "blis");
  EXPECT_EQ(text_parameter(blis, "blas_library"), "BLIS " + blis_version() + " " + blis_running_config() + " (OpenMP)");
  EXPECT_EQ(text_parameter(blis, "blis_config"), blis_running_config());
  EXPECT_EQ(text_parameter(blis, "blis_config_reason"), this_machine_blas_choice().blis_config_reason);
  EXPECT_NE(text_parameter(blis, "blis_config_source"), "(missing)");
  Result openblas;
  record_dense_blas(openblas, BlasEngine::openblas, f);
  EXPECT_EQ(text_parameter(openblas, "blas_engine"), "openblas");
  EXPECT_EQ(text_parameter(openblas, "blis_config"), "(missing)");
  EXPECT_NE(text_parameter(openblas, "blas_library").find(openblas_core_name()), std::string::npos);
}

// ---- which library the symbols bind to ----

std::string library_of_symbol(const char* name) {
  void* address = dlsym(RTLD_DEFAULT, name);  // what the loader binds a call to `name` to
  Dl_info info{};
  if (address == nullptr || dladdr(address, &info) == 0 || info.dli_fname == nullptr) return "(none)";
  return info.dli_fname;
}

TEST(BlasEngine, CblasBindsToOpenBlasAndBliToBlis) {
  for (const char* name : {"cblas_dgemm", "cblas_sgemm", "cblas_dtrsm", "cblas_idamax", "dgemm_"})
    EXPECT_NE(library_of_symbol(name).find("openblas"), std::string::npos) << name << ": " << library_of_symbol(name);
  EXPECT_NE(library_of_symbol("bli_dgemm_ex").find("blis"), std::string::npos) << library_of_symbol("bli_dgemm_ex");
  // OpenBLAS answers as itself, and runs the core its environment asks for.
  EXPECT_TRUE(openblas_core_isa(openblas_core_name())) << openblas_core_name();
}

// ---- both engines against naive products ----

std::vector<double> random_matrix(std::size_t count, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  std::vector<double> v(count);
  for (double& x : v) x = uniform(rng);
  return v;
}

template <typename T>
std::vector<T> as(const std::vector<double>& v) {
  return std::vector<T>(v.begin(), v.end());
}

template <typename T>
double tolerance(int k) {
  return 4.0 * k * std::numeric_limits<T>::epsilon();
}

class EngineProducts : public ::testing::TestWithParam<BlasEngine> {};

// Column-major C(m×n) -= A(m×k)·B(k×n) with padded leading dimensions, through lu_blas.
template <typename T>
void check_gemm_minus(BlasEngine engine) {
  const BlasEngineScope scope(engine);
  const int m = 37, n = 29, k = 41, lda = 40, ldb = 45, ldc = 39;
  const std::vector<T> a = as<T>(random_matrix(static_cast<std::size_t>(lda) * k, 1));
  const std::vector<T> b = as<T>(random_matrix(static_cast<std::size_t>(ldb) * n, 2));
  std::vector<T> c = as<T>(random_matrix(static_cast<std::size_t>(ldc) * n, 3));
  const std::vector<T> c0 = c;
  lu_blas::gemm_minus(m, n, k, a.data(), lda, b.data(), ldb, c.data(), ldc);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < ldc; ++i) {
      double expected = c0[i + j * ldc];
      if (i < m)
        for (int l = 0; l < k; ++l) expected -= double(a[i + l * lda]) * double(b[l + j * ldb]);
      ASSERT_NEAR(c[i + j * ldc], expected, tolerance<T>(k) * (k + 1)) << i << "," << j;  // padding untouched
    }
}

TEST_P(EngineProducts, DgemmAndSgemmMinusMatchANaiveProduct) {
  check_gemm_minus<double>(GetParam());
  check_gemm_minus<float>(GetParam());
}

// B = L⁻¹·B (unit lower) and B = U⁻¹·B (upper): A·X must give back the right-hand side.
template <typename T>
void check_trsm(BlasEngine engine, bool lower) {
  const BlasEngineScope scope(engine);
  const int m = 33, n = 17, lda = 35, ldb = 34;
  std::vector<T> a = as<T>(random_matrix(static_cast<std::size_t>(lda) * m, 4));
  for (int i = 0; i < m; ++i) a[i + i * lda] = T(m);  // well conditioned: the diagonal dominates
  const std::vector<T> rhs = as<T>(random_matrix(static_cast<std::size_t>(ldb) * n, 5));
  std::vector<T> x = rhs;
  if (lower)
    lu_blas::trsm_unit_lower(m, n, a.data(), lda, x.data(), ldb);
  else
    lu_blas::trsm_upper(m, n, a.data(), lda, x.data(), ldb);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < m; ++i) {
      double back = 0;  // (A·X)(i, j) with A's triangle as the routine reads it
      for (int l = 0; l < m; ++l) {
        double aij = 0;
        if (lower) aij = l < i ? a[i + l * lda] : l == i ? 1.0 : 0.0;
        else aij = l >= i ? a[i + l * lda] : 0.0;
        back += aij * double(x[l + j * ldb]);
      }
      ASSERT_NEAR(back, rhs[i + j * ldb], 50 * tolerance<T>(m)) << (lower ? "lower " : "upper ") << i << "," << j;
    }
}

TEST_P(EngineProducts, DtrsmAndStrsmSolveTheirTriangles) {
  for (bool lower : {true, false}) {
    check_trsm<double>(GetParam(), lower);
    check_trsm<float>(GetParam(), lower);
  }
}

TEST_P(EngineProducts, RowMajorSgemmInEveryTransposeMatchesANaiveProduct) {
  const BlasEngineScope scope(GetParam());
  const int m = 23, n = 19, k = 31;
  for (Op op_a : {Op::none, Op::transpose})
    for (Op op_b : {Op::none, Op::transpose}) {
      const bool ta = op_a == Op::transpose, tb = op_b == Op::transpose;
      const int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 2, ldc = n + 1;
      const std::vector<float> a = as<float>(random_matrix(static_cast<std::size_t>(lda) * (ta ? k : m), 6));
      const std::vector<float> b = as<float>(random_matrix(static_cast<std::size_t>(ldb) * (tb ? n : k), 7));
      std::vector<float> c = as<float>(random_matrix(static_cast<std::size_t>(ldc) * m, 8));
      const std::vector<float> c0 = c;
      sgemm_row_major(op_a, op_b, m, n, k, 0.5f, a.data(), lda, b.data(), ldb, 2.0f, c.data(), ldc);
      for (int i = 0; i < m; ++i)
        for (int j = 0; j < n; ++j) {
          double sum = 0;
          for (int l = 0; l < k; ++l)
            sum += double(ta ? a[l * lda + i] : a[i * lda + l]) * double(tb ? b[j * ldb + l] : b[l * ldb + j]);
          ASSERT_NEAR(c[i * ldc + j], 0.5 * sum + 2.0 * c0[i * ldc + j], tolerance<float>(k) * (k + 2))
              << ta << tb << " " << i << "," << j;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(BothEngines, EngineProducts, ::testing::Values(BlasEngine::blis, BlasEngine::openblas),
                         [](const auto& info) { return std::string(blas_engine_key(info.param)); });

// ---- threads ----

TEST(BlisThreads, FollowTheOpenMpTeamAndOneInsideAParallelRegion) {
  const int saved = omp_get_max_threads();
  omp_set_num_threads(3);
  EXPECT_EQ(blis_threads(), 3);
  omp_set_num_threads(1);
  EXPECT_EQ(blis_threads(), 1);
  omp_set_num_threads(2);
  int inside = 0;
#pragma omp parallel num_threads(2)
  {
#pragma omp single
    inside = blis_threads();
  }
  EXPECT_EQ(inside, 1);
  omp_set_num_threads(saved);
}

}  // namespace
}  // namespace suanli::kernels::dense
