#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <array>
#include <set>
#include <string>

#include "core/error.hpp"
#include "kernels/peak/fma_peak.hpp"

namespace suanli::kernels::peak {
namespace {

constexpr std::array<Precision, 2> fma_precisions = {Precision::fp64, Precision::fp32};
constexpr std::array<FmaIsa, 3> all_isas = {FmaIsa::avx512, FmaIsa::avx2, FmaIsa::scalar};

std::string shape_name(std::string_view prefix, const FmaKernel& k) {
  return std::string(prefix) + "-" + std::string(precision_key(k.precision)) + "-" +
         std::to_string(k.vector_lanes) + "x" + std::to_string(k.chains);
}

int register_bytes(FmaIsa isa) {
  switch (isa) {
    case FmaIsa::avx512: return 64;
    case FmaIsa::avx2: return 32;
    case FmaIsa::scalar: return 0;  // one element
  }
  return -1;
}

int element_bytes(Precision p) { return p == Precision::fp64 ? 8 : 4; }

TEST(PeakFmaChecksum, EveryAvailableKernelEqualsItsTwinAndTheClosedForm) {
  for (Precision p : fma_precisions) {
    for (const FmaKernel& k : available_fma_kernels(p)) {
      const FmaKernel& twin = reference_twin(k);
      for (std::uint64_t iterations : {0, 1, 2, 3, 7, 64, 1001}) {
        for (double seed : {1.0, -5.0, 1000.0}) {
          SCOPED_TRACE(std::string(k.name) + " iterations " + std::to_string(iterations) + " seed " +
                       std::to_string(seed));
          const double expected = expected_checksum(k, iterations, seed);
          EXPECT_EQ(k.run(iterations, seed), expected);
          EXPECT_EQ(twin.run(iterations, seed), expected);
        }
      }
    }
  }
}

// Past one segment and at the largest seed FP32 still counts exactly.
TEST(PeakFmaChecksum, StaysExactAcrossSegmentsAtTheLargestSeed) {
  const std::uint64_t iterations = exact_segment_trips + 3;
  for (Precision p : fma_precisions) {
    for (const FmaKernel& k : available_fma_kernels(p)) {
      if (k.isa == FmaIsa::scalar && k.chains != 8) continue;  // a library call per FMA: one is enough
      for (double seed : {max_exact_seed, -max_exact_seed}) {
        SCOPED_TRACE(std::string(k.name) + " seed " + std::to_string(seed));
        EXPECT_EQ(k.run(iterations, seed), expected_checksum(k, iterations, seed));
      }
    }
  }
}

TEST(PeakFmaChecksum, ClosedFormCountsEveryTrip) {
  const FmaKernel& k = *find_fma_kernel(FmaIsa::scalar, Precision::fp64, 8);
  // 8 lanes starting at 3, 4, …, 10, each gaining 1 per trip: 8·(3 + 5) + 28 after 5 trips.
  EXPECT_EQ(expected_checksum(k, 5, 3), 92.0);
  EXPECT_NE(expected_checksum(k, 6, 3), expected_checksum(k, 4, 3));
}

TEST(PeakFmaCounting, FlopsAreTwoPerLanePerChainPerTrip) {
  const FmaKernel& k = *find_fma_kernel(FmaIsa::avx512, Precision::fp64, 12);
  EXPECT_EQ(fma_flops(k, 1000), 2.0 * 8 * 12 * 1000);
  for (Precision p : fma_precisions)
    for (const FmaKernel& a : available_fma_kernels(p))
      EXPECT_EQ(fma_flops(a, 3), 6.0 * a.vector_lanes * a.chains) << a.name;
}

TEST(PeakFmaKernels, EveryIsaInstantiatesItsChainCountsWithTwins) {
  std::set<std::string_view> names;
  for (FmaIsa isa : all_isas) {
    const auto chains = supported_chains(isa);
    EXPECT_NE(std::find(chains.begin(), chains.end(), default_chains), chains.end()) << isa_key(isa);
    for (Precision p : fma_precisions) {
      for (int c : chains) {
        const FmaKernel* k = find_fma_kernel(isa, p, c);
        ASSERT_NE(k, nullptr) << isa_key(isa) << " " << precision_key(p) << " x" << c;
        EXPECT_EQ(k->isa, isa);
        EXPECT_EQ(k->precision, p);
        EXPECT_EQ(k->chains, c);
        const int width = register_bytes(isa);
        EXPECT_EQ(k->vector_lanes, width == 0 ? 1 : width / element_bytes(p)) << k->name;
        EXPECT_EQ(k->name, shape_name(isa_key(isa), *k));
        EXPECT_TRUE(names.insert(k->name).second) << "duplicate " << k->name;

        const FmaKernel& twin = reference_twin(*k);
        EXPECT_EQ(twin.isa, FmaIsa::scalar);
        EXPECT_EQ(twin.precision, p);
        EXPECT_EQ(twin.vector_lanes, k->vector_lanes);
        EXPECT_EQ(twin.chains, c);
        if (isa != FmaIsa::scalar) {
          EXPECT_EQ(twin.name, shape_name("reference", twin));
        }
      }
    }
  }
  EXPECT_EQ(find_fma_kernel(FmaIsa::avx2, Precision::fp64, 16), nullptr);  // 16 ymm cannot hold 16 chains + 1
  EXPECT_EQ(find_fma_kernel(FmaIsa::avx512, Precision::bf16, 12), nullptr);
}

TEST(PeakFmaDispatch, AvailableKernelsComeBestFirst) {
  for (Precision p : fma_precisions) {
    const std::vector<FmaKernel> list = available_fma_kernels(p);
    ASSERT_FALSE(list.empty());
    const FmaKernel& best = best_fma_kernel(p);
    EXPECT_EQ(list.front().name, best.name);
    EXPECT_EQ(best.chains, default_chains);
    EXPECT_EQ(list.back().isa, FmaIsa::scalar);  // the fallback always runs
    for (std::size_t i = 0; i < list.size(); ++i) {
      EXPECT_EQ(list[i].precision, p);
      EXPECT_TRUE(cpu_supports(list[i].isa)) << list[i].name;
      if (i > 0) {
        EXPECT_GE(static_cast<int>(list[i].isa), static_cast<int>(list[i - 1].isa));
      }
    }
    if (cpu_supports(FmaIsa::avx512)) {
      EXPECT_EQ(best.isa, FmaIsa::avx512);
    }
  }
}

TEST(PeakFmaDispatch, OtherPrecisionsHaveNoFmaKernels) {
  EXPECT_TRUE(available_fma_kernels(Precision::bf16).empty());
  EXPECT_THROW(best_fma_kernel(Precision::int8), UsageError);
}

// No timing assertions: a positive rate below 64 FLOP/cycle at 10 GHz per thread.
TEST(PeakFmaMeasure, BestKernelRateIsVerifiedAndPlausible) {
  for (Precision p : fma_precisions) {
    const FmaKernel& k = best_fma_kernel(p);
    for (bool all_threads : {false, true}) {
      SCOPED_TRACE(std::string(k.name) + (all_threads ? " all threads" : " one thread"));
      const FmaMeasurement m = measure_fma_rate(k, 0.01, all_threads);
      EXPECT_TRUE(m.verified) << m.checksum << " != " << m.expected;
      EXPECT_EQ(m.threads, all_threads ? omp_get_max_threads() : 1);
      EXPECT_GT(m.iterations, 0u);
      EXPECT_GT(m.seconds, 0.0);
      EXPECT_GT(m.flops_per_second, 0.0);
      EXPECT_LT(m.flops_per_second, 64.0 * 10e9 * m.threads);
      EXPECT_DOUBLE_EQ(m.flops_per_second, m.threads * fma_flops(k, m.iterations) / m.seconds);
    }
  }
}

TEST(PeakFmaMeasure, SkippedTripsFailVerification) {
  FmaKernel lazy = *find_fma_kernel(FmaIsa::scalar, Precision::fp64, 8);
  lazy.run = [](std::uint64_t iterations, double seed) {
    return find_fma_kernel(FmaIsa::scalar, Precision::fp64, 8)->run(iterations / 2, seed);
  };
  const FmaMeasurement m = measure_fma_rate(lazy, 0.002, false);
  EXPECT_FALSE(m.verified);
  EXPECT_NE(m.checksum, m.expected);
}

}  // namespace
}  // namespace suanli::kernels::peak
