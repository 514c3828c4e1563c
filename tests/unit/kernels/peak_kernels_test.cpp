#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string>

#include "core/error.hpp"
#include "kernels/peak/peak_kernels.hpp"

namespace suanli::kernels::peak {
namespace {

int element_bits(Precision p) {
  switch (p) {
    case Precision::fp64: return 64;
    case Precision::fp16:
    case Precision::bf16: return 16;
    case Precision::int8: return 8;
    default: return 32;
  }
}

// Bits of one accumulator lane: BF16 and INT8 dot products accumulate in 32 bits.
int accumulator_bits(const PeakKernel& k) {
  return k.op == PeakOp::dot_bf16 || k.op == PeakOp::dot_int8 ? 32 : element_bits(k.precision);
}

// Registers besides the chains: the FMA/ADD 1, or the two dot-product or multiply-add operands.
int constants(const PeakKernel& k) { return k.op == PeakOp::fma || k.op == PeakOp::fma_add ? 1 : 2; }

std::string expected_name(const PeakKernel& k) {
  std::string name = std::string(isa_key(k.isa)) + "-" + std::string(precision_key(k.precision)) + "-" +
                     std::string(op_key(k.op)) + "-" + std::to_string(k.lanes) + "x" + std::to_string(k.chains);
  if (k.add_chains > 0) name += "+" + std::to_string(k.add_chains);
  return name;
}

bool is_vector(const PeakKernel& k) { return k.isa != PeakIsa::scalar; }

TEST(PeakChecksum, EveryAvailableKernelEqualsItsTwinAndTheClosedForm) {
  for (Precision p : all_precisions) {
    for (const PeakKernel& k : available_peak_kernels(p)) {
      const PeakKernel& twin = reference_twin(k);
      for (std::uint64_t iterations : {0, 1, 2, 7, 1001}) {
        for (double seed : {1.0, -5.0, 300.0}) {
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

// Every twin, also of kernels this CPU cannot run (FP16 without AVX512_FP16):
// the checksum logic of every family is tested here, past a segment boundary
// where segments are short.
TEST(PeakChecksum, EveryTwinEqualsTheClosedForm) {
  for (const PeakKernel& k : all_peak_kernels()) {
    const PeakKernel& twin = reference_twin(k);
    const std::uint64_t past_segment = exact_segment_trips(k.precision) + 3;
    for (std::uint64_t iterations : {std::uint64_t{0}, std::uint64_t{3}, past_segment > 5000 ? 5 : past_segment}) {
      for (double seed : {2.0, -max_exact_seed(k.precision)}) {
        SCOPED_TRACE(std::string(twin.name) + " iterations " + std::to_string(iterations) + " seed " +
                     std::to_string(seed));
        EXPECT_EQ(twin.run(iterations, seed), expected_checksum(k, iterations, seed));
      }
    }
  }
}

// Past one segment and at the largest seed the narrow formats still count exactly.
TEST(PeakChecksum, StaysExactAcrossSegmentsAtTheLargestSeed) {
  for (Precision p : all_precisions) {
    const std::uint64_t iterations = exact_segment_trips(p) + 3;
    for (const PeakKernel& k : available_peak_kernels(p)) {
      if (!is_vector(k) && k.chains != 8) continue;  // one lane per chain: one shape is enough
      for (double seed : {max_exact_seed(p), -max_exact_seed(p)}) {
        SCOPED_TRACE(std::string(k.name) + " seed " + std::to_string(seed));
        EXPECT_EQ(k.run(iterations, seed), expected_checksum(k, iterations, seed));
      }
    }
  }
}

// The largest value a lane reaches stays exact: seed + lane index + one segment.
TEST(PeakChecksum, SegmentsKeepEveryLaneExact) {
  std::map<Precision, int> most_lanes;
  for (const PeakKernel& k : all_peak_kernels())
    most_lanes[k.precision] = std::max(most_lanes[k.precision], k.lanes * (k.chains + k.add_chains));
  for (const auto& [p, lanes] : most_lanes) {
    const double largest = max_exact_seed(p) + (lanes - 1) + static_cast<double>(exact_segment_trips(p));
    const double exact_to = p == Precision::fp16 ? 2048.0 : 16777216.0;  // 2^11, 2^24 (FP32 accumulators)
    EXPECT_LE(largest, exact_to) << precision_key(p);
  }
}

TEST(PeakChecksum, ClosedFormCountsEveryTrip) {
  const PeakKernel& k = *find_peak_kernel(Precision::fp64, PeakOp::fma, PeakIsa::scalar, 8);
  // 8 lanes starting at 3, 4, …, 10, each gaining 1 per trip: 8·(3 + 5) + 28 after 5 trips.
  EXPECT_EQ(expected_checksum(k, 5, 3), 92.0);
  EXPECT_NE(expected_checksum(k, 6, 3), expected_checksum(k, 4, 3));
  // fma_add counts its ADD chains' lanes too.
  const PeakKernel& both = *find_peak_kernel(Precision::fp64, PeakOp::fma_add, PeakIsa::avx512, 10, 10);
  EXPECT_EQ(expected_checksum(both, 0, 0), 160.0 * 159 / 2);
}

TEST(PeakCounting, OpsPerTripFollowTheFamilyFormulas) {
  const auto ops = [](Precision p, PeakOp op, PeakIsa isa, int chains, int add = 0) {
    const PeakKernel* k = find_peak_kernel(p, op, isa, chains, add);
    return k ? k->ops_per_trip : -1.0;
  };
  EXPECT_EQ(ops(Precision::fp64, PeakOp::fma, PeakIsa::avx512, 10), 2.0 * 8 * 10);
  EXPECT_EQ(ops(Precision::fp32, PeakOp::fma, PeakIsa::avx2, 12), 2.0 * 8 * 12);
  EXPECT_EQ(ops(Precision::fp64, PeakOp::fma_add, PeakIsa::avx512, 10, 10), (2.0 * 10 + 10) * 8);
  EXPECT_EQ(ops(Precision::bf16, PeakOp::dot_bf16, PeakIsa::avx512_bf16, 16), 64.0 * 16);
  EXPECT_EQ(ops(Precision::fp16, PeakOp::fma, PeakIsa::avx512_fp16, 10), 64.0 * 10);
  EXPECT_EQ(ops(Precision::int8, PeakOp::dot_int8, PeakIsa::avx512_vnni, 12), 128.0 * 12);
  EXPECT_EQ(ops(Precision::int8, PeakOp::dot_int8, PeakIsa::avx_vnni, 12), 64.0 * 12);
  EXPECT_EQ(ops(Precision::int32, PeakOp::mul_add_int32, PeakIsa::avx512, 10), 32.0 * 10);
  EXPECT_EQ(ops(Precision::int32, PeakOp::mul_add_int32, PeakIsa::scalar, 8), 2.0 * 8);
}

TEST(PeakKernels, TableIsConsistentAndEveryKernelHasATwin) {
  std::set<std::string_view> names;
  std::map<std::pair<PeakOp, PeakIsa>, std::map<Precision, std::set<std::pair<int, int>>>> shapes;
  for (const PeakKernel& k : all_peak_kernels()) {
    SCOPED_TRACE(std::string(k.name));
    EXPECT_EQ(k.name, expected_name(k));
    EXPECT_TRUE(names.insert(k.name).second) << "duplicate";
    EXPECT_NE(k.isa, PeakIsa::reference);
    EXPECT_EQ(k.counts_for_rpeak, k.op != PeakOp::fma_add);
    EXPECT_EQ(k.add_chains > 0, k.op == PeakOp::fma_add);
    EXPECT_EQ(k.ops_per_trip, ops_per_trip(k.op, k.lanes, k.chains, k.add_chains));
    EXPECT_EQ(k.lanes * accumulator_bits(k), k.vector_bits);
    // The accumulators and constants fit the register file: 32 zmm, 16 ymm.
    if (k.vector_bits >= 256) {
      EXPECT_LE(k.chains + k.add_chains + constants(k), k.vector_bits == 512 ? 32 : 16);
    }
    shapes[{k.op, k.isa}][k.precision].insert({k.chains, k.add_chains});

    const PeakKernel& twin = reference_twin(k);
    EXPECT_EQ(twin.isa, is_vector(k) ? PeakIsa::reference : PeakIsa::scalar);
    EXPECT_EQ(twin.precision, k.precision);
    EXPECT_EQ(twin.op, k.op);
    EXPECT_EQ(twin.lanes, k.lanes);
    EXPECT_EQ(twin.chains, k.chains);
    EXPECT_EQ(twin.add_chains, k.add_chains);
    EXPECT_EQ(twin.ops_per_trip, k.ops_per_trip);
  }
  // chains_for's counts hold for every precision of an (op, isa): the same chain counts in each.
  for (const auto& [op_isa, by_precision] : shapes)
    for (const auto& [p, counts] : by_precision)
      EXPECT_EQ(counts, by_precision.begin()->second) << op_key(op_isa.first) << " " << isa_key(op_isa.second);
  // One family per precision, each with its AVX-512 kernels.
  struct Family {
    Precision precision;
    PeakOp op;
    PeakIsa isa;
  };
  for (const Family& f : {Family{Precision::fp64, PeakOp::fma, PeakIsa::avx512},
                          Family{Precision::fp32, PeakOp::fma, PeakIsa::avx512},
                          Family{Precision::bf16, PeakOp::dot_bf16, PeakIsa::avx512_bf16},
                          Family{Precision::fp16, PeakOp::fma, PeakIsa::avx512_fp16},
                          Family{Precision::int8, PeakOp::dot_int8, PeakIsa::avx512_vnni},
                          Family{Precision::int32, PeakOp::mul_add_int32, PeakIsa::avx512}})
    EXPECT_NE(find_peak_kernel(f.precision, f.op, f.isa, 8), nullptr) << precision_key(f.precision);
  EXPECT_EQ(find_peak_kernel(Precision::fp64, PeakOp::fma, PeakIsa::avx2, 16), nullptr);  // 16 ymm: 14 chains + 1
}

TEST(PeakDispatch, AvailableKernelsComeBestFirst) {
  const std::string core = host_microarchitecture();
  for (Precision p : all_precisions) {
    SCOPED_TRACE(std::string(precision_key(p)));
    const std::vector<PeakKernel> list = available_peak_kernels(p, core);
    const PeakKernel* best = best_peak_kernel(p, core);
    ASSERT_EQ(list.empty(), best == nullptr);
    if (list.empty()) continue;
    EXPECT_EQ(list.front().name, best->name);
    EXPECT_TRUE(best->counts_for_rpeak);
    EXPECT_EQ(best->chains, chains_for(core, best->op, best->isa));
    bool issue_rate_seen = false;
    for (std::size_t i = 0; i < list.size(); ++i) {
      EXPECT_EQ(list[i].precision, p);
      EXPECT_TRUE(cpu_supports(list[i].isa)) << list[i].name;
      if (!list[i].counts_for_rpeak) issue_rate_seen = true;
      EXPECT_FALSE(issue_rate_seen && list[i].counts_for_rpeak) << list[i].name << " after an issue-rate kernel";
      if (i > 0 && list[i].counts_for_rpeak == list[i - 1].counts_for_rpeak && list[i].isa != list[i - 1].isa) {
        EXPECT_LT(static_cast<int>(list[i - 1].isa), static_cast<int>(list[i].isa)) << list[i].name;
      }
    }
  }
}

TEST(PeakDispatch, NativeKernelsFollowTheCpuFeatures) {
  // FP64, FP32 and INT32 always run (the scalar fallback); TF32, FP8, FP4 never natively.
  for (Precision p : {Precision::fp64, Precision::fp32, Precision::int32}) EXPECT_NE(best_peak_kernel(p), nullptr);
  for (Precision p : {Precision::tf32, Precision::fp8, Precision::fp4}) EXPECT_EQ(best_peak_kernel(p), nullptr);
  if (cpu_supports(PeakIsa::avx512)) {
    EXPECT_EQ(best_peak_kernel(Precision::fp64)->isa, PeakIsa::avx512);
    EXPECT_EQ(best_peak_kernel(Precision::int32)->isa, PeakIsa::avx512);
  }
  const PeakKernel* bf16 = best_peak_kernel(Precision::bf16);
  EXPECT_EQ(bf16 != nullptr, cpu_supports(PeakIsa::avx512_bf16));
  const PeakKernel* int8 = best_peak_kernel(Precision::int8);
  if (cpu_supports(PeakIsa::avx512_vnni)) {
    ASSERT_NE(int8, nullptr);
    EXPECT_EQ(int8->isa, PeakIsa::avx512_vnni);
  } else if (cpu_supports(PeakIsa::avx_vnni)) {
    ASSERT_NE(int8, nullptr);
    EXPECT_EQ(int8->isa, PeakIsa::avx_vnni);
  } else {
    EXPECT_EQ(int8, nullptr);
  }
}

// A CPU without AVX512_FP16 (every AMD core up to Zen 5) says so without an
// exception: no kernel, not a converted FP32 one.
TEST(PeakDispatch, Fp16ReportsNoNativeKernelWithoutAvx512Fp16) {
  const PeakKernel* fp16 = best_peak_kernel(Precision::fp16);
  if (cpu_supports(PeakIsa::avx512_fp16)) {
    ASSERT_NE(fp16, nullptr);
    EXPECT_EQ(fp16->isa, PeakIsa::avx512_fp16);
  } else {
    EXPECT_EQ(fp16, nullptr);
    EXPECT_TRUE(available_peak_kernels(Precision::fp16).empty());
  }
  // The kernels exist all the same, for the CPUs that have the extension.
  EXPECT_NE(find_peak_kernel(Precision::fp16, PeakOp::fma, PeakIsa::avx512_fp16, 10), nullptr);
}

TEST(PeakChains, TableDataIsSane) {
  const std::array<PeakOp, 5> ops = {PeakOp::fma, PeakOp::fma_add, PeakOp::dot_bf16, PeakOp::dot_int8,
                                     PeakOp::mul_add_int32};
  for (std::string_view core : {"zen3", "zen4", "zen5", "haswell", "broadwell", "skylake-sp", "icelake-sp",
                                "sapphirerapids", "emeraldrapids", "graniterapids", "unknown"}) {
    for (PeakOp op : ops) {
      for (PeakIsa isa : {PeakIsa::avx512, PeakIsa::avx2, PeakIsa::avx512_bf16, PeakIsa::avx512_vnni,
                          PeakIsa::avx_vnni, PeakIsa::avx512_fp16, PeakIsa::scalar}) {
        SCOPED_TRACE(std::string(core) + " " + std::string(op_key(op)) + " " + std::string(isa_key(isa)));
        const OpTiming t = op_timing(core, op, isa);
        EXPECT_GE(t.latency, 1);
        EXPECT_LE(t.latency, 16);
        EXPECT_LE(t.per_cycle, 4);
        if (op == PeakOp::fma_add) {
          EXPECT_GE(t.per_cycle, 0);  // 0: adds share the FMA ports
        } else {
          EXPECT_GT(t.per_cycle, 0);
        }
        const int chains = chains_for(core, op, isa);
        EXPECT_GE(chains, op == PeakOp::fma_add ? 0 : 1);
        EXPECT_LE(chains, 31);
      }
    }
  }
  // Covering latency × pipes × 1.25, rounded up to an instantiated count.
  EXPECT_EQ(chains_for("zen5", PeakOp::fma, PeakIsa::avx512), 10);             // 4 × 2 × 1.25
  EXPECT_EQ(chains_for("zen4", PeakOp::fma, PeakIsa::avx512), 8);              // 4 × 1 × 1.25 = 5 → 8
  EXPECT_EQ(chains_for("haswell", PeakOp::fma, PeakIsa::avx2), 14);            // 5 × 2 × 1.25 = 12.5 → 14
  EXPECT_EQ(chains_for("skylake-sp", PeakOp::mul_add_int32, PeakIsa::avx512), 16);  // 11 × 1 × 1.25 = 13.75
  EXPECT_EQ(chains_for("haswell", PeakOp::mul_add_int32, PeakIsa::avx2), 8);   // 11 × 0.5 × 1.25 = 6.9 → 8
  EXPECT_EQ(chains_for("zen5", PeakOp::dot_bf16, PeakIsa::avx512_bf16), 16);   // 6 × 2 × 1.25
  EXPECT_EQ(chains_for("zen5", PeakOp::dot_int8, PeakIsa::avx512_vnni), 16);   // 5 × 2 × 1.25 = 12.5
  EXPECT_EQ(chains_for("zen5", PeakOp::mul_add_int32, PeakIsa::avx512), 16);   // 5 × 2 × 1.25 = 12.5
  // FMA + ADD on Zen 5: 4 × 2 × 1.5 = 12 FMA chains and as many ADD chains (2 FADD
  // pipes beside 2 FMA pipes); none where adds share the FMA ports.
  const PeakKernel* zen5_fma_add = nullptr;
  for (const PeakKernel& k : available_peak_kernels(Precision::fp64, "zen5"))
    if (k.op == PeakOp::fma_add && k.isa == PeakIsa::avx512) {
      zen5_fma_add = &k;
      break;
    }
  if (cpu_supports(PeakIsa::avx512)) {
    ASSERT_NE(zen5_fma_add, nullptr);
    EXPECT_EQ(zen5_fma_add->chains, 12);
    EXPECT_EQ(zen5_fma_add->add_chains, 12);
  }
  EXPECT_EQ(chains_for("zen5", PeakOp::fma_add, PeakIsa::avx512), 12);
  // Skylake-SP: adds run on the FMA ports, so the fewest ADD chains beside 10 FMA chains.
  EXPECT_EQ(chains_for("skylake-sp", PeakOp::fma_add, PeakIsa::avx512), 5);
  // Aliases and unknown cores.
  EXPECT_EQ(op_timing("broadwell", PeakOp::fma, PeakIsa::avx2).latency, 5);
  EXPECT_EQ(op_timing("no-such-core", PeakOp::fma, PeakIsa::avx512).latency,
            op_timing("unknown", PeakOp::fma, PeakIsa::avx512).latency);
}

// No timing assertions: a positive rate below 1024 OP/cycle at 10 GHz per thread.
TEST(PeakMeasure, BestKernelRatesAreVerifiedAndPlausible) {
  for (Precision p : all_precisions) {
    const PeakKernel* k = best_peak_kernel(p);
    if (!k) continue;
    for (bool all_threads : {false, true}) {
      SCOPED_TRACE(std::string(k->name) + (all_threads ? " all threads" : " one thread"));
      const PeakMeasurement m = measure_peak_rate(*k, 0.003, all_threads);
      EXPECT_TRUE(m.verified) << m.checksum << " != " << m.expected;
      EXPECT_EQ(m.threads, all_threads ? omp_get_max_threads() : 1);
      EXPECT_GT(m.iterations, 0u);
      EXPECT_GT(m.seconds, 0.0);
      EXPECT_GT(m.ops_per_second, 0.0);
      EXPECT_LT(m.ops_per_second, 1024.0 * 10e9 * m.threads);
      EXPECT_DOUBLE_EQ(m.ops_per_second, m.threads * k->ops_per_trip * static_cast<double>(m.iterations) / m.seconds);
    }
  }
}

TEST(PeakMeasure, SkippedTripsFailVerification) {
  PeakKernel lazy = *find_peak_kernel(Precision::fp64, PeakOp::fma, PeakIsa::scalar, 8);
  lazy.run = [](std::uint64_t iterations, double seed) {
    return find_peak_kernel(Precision::fp64, PeakOp::fma, PeakIsa::scalar, 8)->run(iterations / 2, seed);
  };
  const PeakMeasurement m = measure_peak_rate(lazy, 0.002, false);
  EXPECT_FALSE(m.verified);
  EXPECT_NE(m.checksum, m.expected);
}

TEST(PeakKernels, ReferenceTwinOfAnUnknownShapeThrows) {
  PeakKernel odd = *find_peak_kernel(Precision::fp64, PeakOp::fma, PeakIsa::avx512, 10);
  odd.chains = 11;
  EXPECT_THROW(reference_twin(odd), UsageError);
}

}  // namespace
}  // namespace suanli::kernels::peak
