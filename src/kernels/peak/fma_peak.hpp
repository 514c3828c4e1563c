// FMA throughput of one core: the measured side of Rpeak.
//
// Cost model: an FMA unit accepts a new FMA every cycle but its result is ready
// only `latency` cycles later, so a core with `pipes` FMA units keeps them all
// busy only with at least latency × pipes independent dependency chains in
// flight (Zen 5 and Skylake-SP: 4 cycles × 2 pipes = 8). Each kernel therefore
// holds `chains` accumulators in vector registers and, per loop trip, issues one
// FMA on each: no loads, no stores, nothing but FMAs and the loop counter.
//
// FLOP count (algorithm, per call of run):
//   flops = 2 × vector_lanes × chains × iterations
// (one FMA = one multiply + one add per lane).
//
// Verification: lane l of chain j starts at seed + (j·vector_lanes + l) and every
// FMA computes x = x·1 + 1, so after n trips it holds seed + index + n. All values
// are small integers, exact in FP32 and FP64, so the checksum (the sum of all lanes
// of all chains, in double) equals expected_checksum() exactly, and it changes with
// every trip, so skipped work is caught, not only wrong arithmetic. The multiplier 1
// is hidden from the compiler, which therefore has to issue a real FMA.
// FP32 counts exactly only to 2^24, so run() splits long runs into segments of
// exact_segment_trips trips and restarts the chains between segments (outside the
// hot loop; a segment lasts milliseconds, the restart a few dozen cycles).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/precision.hpp"

namespace suanli::kernels::peak {

enum class FmaIsa { avx512, avx2, scalar };

// "avx512", "avx2", "scalar".
std::string_view isa_key(FmaIsa isa);

struct FmaKernel {
  std::string_view name;  // "<isa>-<precision>-<lanes>x<chains>": "avx512-fp64-8x12", "reference-fp32-16x12"
  FmaIsa isa;
  Precision precision;  // fp64 or fp32
  int vector_lanes;     // elements per FMA instruction
  int chains;           // independent accumulators, each one FMA per trip
  // Runs `iterations` trips from `seed` (an integer, |seed| <= max_exact_seed);
  // returns the checksum. flops = 2 × vector_lanes × chains × iterations.
  double (*run)(std::uint64_t iterations, double seed);
};

// flops = 2 × vector_lanes × chains × iterations: an FMA is a multiply and an add.
constexpr double fma_flops(const FmaKernel& k, std::uint64_t iterations) {
  return 2.0 * k.vector_lanes * k.chains * static_cast<double>(iterations);
}

// 12 chains cover latency × pipes = 8 on Zen 5 and Skylake-SP with room to spare.
inline constexpr int default_chains = 12;

// Trips between restarts of the chains: values stay below
// max_exact_seed + 256 + 2^20 < 2^22, exact in FP32's 24-bit significand.
inline constexpr std::uint64_t exact_segment_trips = std::uint64_t{1} << 20;
inline constexpr double max_exact_seed = 1 << 20;

// The chain counts instantiated for an ISA (accumulators must be compile-time
// registers): AVX-512 and scalar {8, 10, 12, 16}; AVX2 {8, 10, 12, 14}, since 16 ymm
// registers hold at most 15 chains besides the constant.
std::span<const int> supported_chains(FmaIsa isa);

// Whether this CPU (and the OS, which must save the wide registers) runs the ISA.
bool cpu_supports(FmaIsa isa);

// Every kernel this CPU runs for fp64 or fp32 (empty for other precisions): best
// ISA first, within an ISA the default chain count first, then the others ascending.
std::vector<FmaKernel> available_fma_kernels(Precision precision);

// The best ISA's kernel with default_chains. Throws UsageError for precisions
// other than fp64 and fp32.
const FmaKernel& best_fma_kernel(Precision precision);

// The kernel for an ISA, precision and chain count, or nullptr where none is
// instantiated. Does not check that the CPU runs it (see cpu_supports).
const FmaKernel* find_fma_kernel(FmaIsa isa, Precision precision, int chains);

// The portable twin: plain C++ with std::fma, same lanes and chains, same
// signature and the same checksum as `k`. Throws UsageError where none exists.
const FmaKernel& reference_twin(const FmaKernel& k);

// Closed form of the checksum, with N = vector_lanes × chains:
//   sum over i < N of (seed + i + iterations) = N·(seed + iterations) + N·(N − 1)/2
// Exact in double while N·(|seed| + iterations) < 2^53.
double expected_checksum(const FmaKernel& k, std::uint64_t iterations, double seed);

struct FmaMeasurement {
  double flops_per_second = 0;  // all threads' FLOPs / the slowest thread's time
  double seconds = 0;           // the slowest thread's time
  std::uint64_t iterations = 0;  // per thread
  int threads = 0;
  bool verified = false;  // every thread's checksum equals its expected value
  double checksum = 0;    // thread 0's, or the first wrong one
  double expected = 0;
};

// Calibrates the iteration count to run about seconds_target, then times the
// kernel on the calling thread or on every thread of an OpenMP team (each
// thread its own seed, all started together after a barrier). Does not pin
// threads: OMP_PROC_BIND and OMP_PLACES are the caller's business.
FmaMeasurement measure_fma_rate(const FmaKernel& k, double seconds_target, bool all_threads);

namespace detail {

// The ISA tables, each defined in its own file; only fma_peak_dispatch.cpp reads them.
std::span<const FmaKernel> avx512_fma_kernels();
std::span<const FmaKernel> avx2_fma_kernels();
std::span<const FmaKernel> scalar_fma_kernels();
std::span<const FmaKernel> reference_fma_kernels();  // the twins of every table above

// Runs `iterations` trips as segments of at most exact_segment_trips trips.
// Segment(trips, seed) starts the chains at seed + index, runs `trips` trips and
// returns the sum of all lanes; Segment(0, seed) is thus the sum of the start values.
template <double (*Segment)(std::uint64_t, double)>
double run_in_exact_segments(std::uint64_t iterations, double seed) {
  const double start_sum = Segment(0, seed);
  double checksum = start_sum;
  while (iterations > 0) {
    const std::uint64_t trips = iterations < exact_segment_trips ? iterations : exact_segment_trips;
    checksum += Segment(trips, seed) - start_sum;  // the segment's gain, exact
    iterations -= trips;
  }
  return checksum;
}

}  // namespace detail

}  // namespace suanli::kernels::peak
