// Throughput microkernels of one core, one table for every precision: the
// measured side of Rpeak (docs/peak.md).
//
// Cost model: a pipe accepts a new instruction every cycle but its result is
// ready only `latency` cycles later, so a core keeps all its pipes busy only with
// at least latency × pipes independent dependency chains in flight (Zen 5 FMA:
// 4 cycles × 2 pipes = 8). Each kernel holds `chains` accumulators in vector
// registers and, per loop trip, issues one instruction on each: no loads, no
// stores, nothing but the measured instruction and the loop counter. How many
// chains a core needs is data (chains_for), not a constant.
//
// Verification, the same for every family: lane l of chain j starts at
// seed + (j·lanes + l) and every instruction adds exactly 1 to every lane (x·1 + 1,
// x + 1, a dot product of hidden constants summing to 1), so after n trips the lane
// holds seed + index + n. All values are small integers, exact in every format, so
// the checksum (the sum of all lanes, in double) equals expected_checksum() exactly,
// and it changes with every trip: skipped work fails, not only wrong arithmetic.
// The constants are hidden from the compiler, which therefore issues the real
// instruction. Narrow formats count exactly only so far (FP32 and BF16's FP32
// accumulators to 2^24, FP16 to 2^11, INT32 to 2^31), so run() splits long runs
// into segments of exact_segment_trips(precision) trips and restarts the chains
// between segments, outside the hot loop.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/precision.hpp"

namespace suanli::kernels::peak {

// The instruction-set extension a kernel needs. `reference` marks the portable
// twins (test oracles), which dispatch never offers.
enum class PeakIsa { avx512_fp16, avx512_bf16, avx512_vnni, avx512, avx_vnni, avx2, scalar, reference };

// What one chain issues per trip:
//   fma            x = x·m + a         vfmadd231pd/ps/ph                     (FP64, FP32, FP16)
//   fma_add        FMA chains plus `add_chains` chains of x = x + a (vaddpd/ps):
//                  the FMA and the separate FADD pipes together, an issue rate
//                  that does not count for Rpeak                         (FP64, FP32)
//   dot_bf16       vdpbf16ps: 2 BF16 pairs into each FP32 lane            (BF16)
//   dot_int8       vpdpbusd: 4 u8·s8 products into each INT32 lane        (INT8)
//   mul_add_int32  x = x·m + a as vpmulld then vpaddd                     (INT32)
enum class PeakOp { fma, fma_add, dot_bf16, dot_int8, mul_add_int32 };

std::string_view isa_key(PeakIsa isa);  // "avx512", "avx512_bf16", "avx_vnni", "reference", …
std::string_view op_key(PeakOp op);     // "fma", "fma_add", "dot_bf16", "dot_int8", "mul_add_int32"

struct PeakKernel {
  std::string_view name;  // "<isa>-<precision>-<op>-<lanes>x<chains>[+<add_chains>]": "avx512-fp64-fma-8x10"
  Precision precision;
  PeakOp op;
  PeakIsa isa;
  int vector_bits;     // register width: 512 (zmm), 256 (ymm), the element's width for scalar
  int lanes;           // accumulator lanes per register: 8 FP64, 16 FP32/BF16-into-FP32/INT32, 32 FP16
  int chains;          // independent accumulators of the measured instruction
  int add_chains;      // fma_add only: the independent x + a chains beside the FMA chains; else 0
  double ops_per_trip;  // FLOP (or integer OP) per trip of all chains: ops = ops_per_trip × iterations
  bool counts_for_rpeak;  // FMA-type work only (TOP500); false for issue-rate variants (fma_add)
  // Runs `iterations` trips from `seed` (an integer, |seed| <= max_exact_seed(precision));
  // returns the checksum, which must equal expected_checksum(*this, iterations, seed).
  double (*run)(std::uint64_t iterations, double seed);
};

// FLOP (OP) per trip, per family (one instruction per chain per trip):
//   fma            2 × lanes × chains                          (multiply + add)
//   fma_add        (2 × chains + add_chains) × lanes           (an FMA 2, an ADD 1 per lane)
//   dot_bf16       2 × 2 × lanes × chains = 64 per zmm         (2 pairs per FP32 lane, 2 FLOP a pair)
//   dot_int8       2 × 4 × lanes × chains = 128 per zmm        (4 products per INT32 lane, 2 OP a product)
//   mul_add_int32  2 × lanes × chains                          (multiply + add per lane)
constexpr double ops_per_trip(PeakOp op, int lanes, int chains, int add_chains) {
  switch (op) {
    case PeakOp::fma: return 2.0 * lanes * chains;
    case PeakOp::fma_add: return (2.0 * chains + add_chains) * lanes;
    case PeakOp::dot_bf16: return 4.0 * lanes * chains;
    case PeakOp::dot_int8: return 8.0 * lanes * chains;
    case PeakOp::mul_add_int32: return 2.0 * lanes * chains;
  }
  return 0;
}

// Trips between restarts of the chains, and the largest |seed|, so that every
// value stays exact: 2^20 and 2^20 (values < 2^22 with up to 2^11 lanes; FP32's
// significand holds 2^24), and 2^10 and 2^9 for FP16 (values < 2^11 with up to
// 512 lanes).
constexpr std::uint64_t exact_segment_trips(Precision p) {
  return p == Precision::fp16 ? std::uint64_t{1} << 10 : std::uint64_t{1} << 20;
}
constexpr double max_exact_seed(Precision p) { return p == Precision::fp16 ? 1 << 9 : 1 << 20; }

// Whether this CPU (and the OS, which must save the wide registers) runs the ISA.
bool cpu_supports(PeakIsa isa);

// The microarchitecture of the CPU this thread runs on, as Machine::microarchitecture
// names it ("zen5", "skylake-sp", "unknown"), from cpuid alone.
std::string host_microarchitecture();

// Every kernel this CPU runs for the precision, best first: first the kernels that
// count for Rpeak, then the issue-rate variants; within each, the best ISA first
// and, within an ISA, the chain count chosen for `microarchitecture` first, the
// others after it. Empty where the CPU has no native kernel for the precision.
std::vector<PeakKernel> available_peak_kernels(Precision precision, std::string_view microarchitecture);
std::vector<PeakKernel> available_peak_kernels(Precision precision);  // for host_microarchitecture()

// The first of available_peak_kernels: the Rpeak kernel of the best ISA with the
// chain count chosen for the core. nullptr when this CPU has no native kernel for
// the precision (FP16 without AVX512_FP16, BF16 without AVX512_BF16, TF32, FP8, …).
const PeakKernel* best_peak_kernel(Precision precision, std::string_view microarchitecture);
const PeakKernel* best_peak_kernel(Precision precision);

// Every instantiated kernel (dispatch tables, not twins), whatever the CPU runs.
std::vector<PeakKernel> all_peak_kernels();

// The instantiated kernel with this shape (add_chains 0 except for fma_add), or
// nullptr. Does not check that the CPU runs it (see cpu_supports).
const PeakKernel* find_peak_kernel(Precision precision, PeakOp op, PeakIsa isa, int chains, int add_chains = 0);

// The portable twin: plain C++, same precision, op, lanes and chains, same
// signature and the same checksum as `k` (a scalar kernel is its own twin).
// Throws UsageError where none exists.
const PeakKernel& reference_twin(const PeakKernel& k);

// Closed form of the checksum, with N = lanes × (chains + add_chains):
//   sum over i < N of (seed + i + iterations) = N·(seed + iterations) + N·(N − 1)/2
// Exact in double while N·(|seed| + iterations) < 2^53.
double expected_checksum(const PeakKernel& k, std::uint64_t iterations, double seed);

// Latency (cycles) and instructions started per cycle of the instruction a
// family's chains depend through, on one core. For fma_add: the separate add-only
// pipes (0 per cycle where adds share the FMA ports, as on every Intel core).
// For mul_add_int32 the latency is vpmulld's plus vpaddd's.
struct OpTiming {
  double latency = 0;
  double per_cycle = 0;
};
OpTiming op_timing(std::string_view microarchitecture, PeakOp op, PeakIsa isa);

// Chains that cover latency × per_cycle with 25% to spare:
//   chains = ceil(latency × per_cycle × 1.25),
// then clamped to the instantiated counts for (op, isa): the smallest one at
// least that large, else the largest. For fma_add this is the count of ADD chains,
// which must also keep the FADD pipes as busy as the FMA chains keep the FMA pipes:
//   add_chains = ceil(max(fma_chains × add_per_cycle / fma_per_cycle, latency_add × add_per_cycle × 1.25))
// beside fma_chains = ceil(latency_fma × fma_per_cycle × 1.5) FMA chains (all four
// FP pipes busy at once need more slack: docs/peak.md). Unknown microarchitectures
// get the "default" row (sized for the slowest known core).
int chains_for(std::string_view microarchitecture, PeakOp op, PeakIsa isa);

struct PeakMeasurement {
  double ops_per_second = 0;     // all threads' FLOP (OP) / the slowest thread's time
  double seconds = 0;            // the slowest thread's time
  std::uint64_t iterations = 0;  // per thread
  int threads = 0;
  bool verified = false;  // every thread's checksum equals its expected value
  double checksum = 0;    // thread 0's, or the first wrong one
  double expected = 0;
};

// Calibrates the iteration count to run about seconds_target, then times the
// kernel on the calling thread or on every thread of an OpenMP team (each
// thread its own seed, all started together after a barrier and a warm-up).
// Does not pin threads: OMP_PROC_BIND and OMP_PLACES are the caller's business.
PeakMeasurement measure_peak_rate(const PeakKernel& k, double seconds_target, bool all_threads);

}  // namespace suanli::kernels::peak
