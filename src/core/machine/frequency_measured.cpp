// Measured core frequency. Cost model: a chain of dependent `add reg, reg`
// retires one add per cycle on every x86-64 core (1-cycle latency, and no core
// folds a register-register add at rename the way Golden Cove folds small
// immediates), so adds / seconds = cycles / second. The vector variants put
// 1.5 independent FMAs per cycle beside the chain: below the 2 per cycle the
// FMA units take, so the chain stays the bottleneck while the units are busy
// enough for the CPU to apply its vector-load clock.
#include <algorithm>
#include <chrono>
#include <cstdint>

#include "core/machine/frequency.hpp"

namespace suanli {
namespace {

using ChainLoop = void (*)(std::uint64_t iterations);

constexpr std::uint64_t adds_per_iteration = 128;
constexpr double calibration_seconds = 3e-3;  // doubling up to this is also the warm-up
constexpr double run_seconds = 10e-3;
constexpr int runs = 5;
constexpr double ramp_seconds = 50e-3;  // longer than the tens of ms a core takes to leave idle clocks

#if defined(__x86_64__)

#define SUANLI_ADD "add %[one], %[chain]\n\t"
#define SUANLI_ADD8 SUANLI_ADD SUANLI_ADD SUANLI_ADD SUANLI_ADD SUANLI_ADD SUANLI_ADD SUANLI_ADD SUANLI_ADD
#define SUANLI_X16(block) block block block block block block block block \
                          block block block block block block block block

// 8 adds and 12 FMAs, one on each of 12 accumulators: each accumulator is
// written every 8 cycles, longer than any FMA latency (4-5), so the FMAs never wait.
#define SUANLI_FMA_GROUP(fma)                                                             \
  SUANLI_ADD fma(0) fma(1) SUANLI_ADD fma(2) SUANLI_ADD fma(3) fma(4) SUANLI_ADD fma(5) \
  SUANLI_ADD fma(6) fma(7) SUANLI_ADD fma(8) SUANLI_ADD fma(9) fma(10) SUANLI_ADD fma(11)

#define SUANLI_FMA_YMM(n) "vfmadd231pd %%ymm12, %%ymm13, %%ymm" #n "\n\t"
#define SUANLI_FMA_ZMM(n) "vfmadd231pd %%zmm12, %%zmm13, %%zmm" #n "\n\t"
#define SUANLI_COPY_YMM(n) "vmovapd %%ymm12, %%ymm" #n "\n\t"
#define SUANLI_COPY_ZMM(n) "vmovapd %%zmm12, %%zmm" #n "\n\t"
#define SUANLI_12(op) op(0) op(1) op(2) op(3) op(4) op(5) op(6) op(7) op(8) op(9) op(10) op(11)
#define SUANLI_VECTOR_CLOBBERS                                                                  \
  "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", \
      "xmm11", "xmm12", "xmm13"

// Varied, normal operands near 1: accumulators grow by about 1 per FMA and stay
// far from overflow; zeros would draw less power and flatter the clock, and
// subnormals would take microcode assists on Intel.
alignas(64) constexpr double fma_a[8] = {1.25, 0.75, 1.0625, 0.9375, 1.125, 0.875, 1.5, 0.5};
alignas(64) constexpr double fma_b[8] = {0.96875, 1.03125, 0.90625, 1.09375, 0.84375, 1.15625, 0.78125, 1.21875};

void scalar_chain(std::uint64_t iterations) {
  std::uint64_t chain = 0;
  const std::uint64_t one = 1;
  asm volatile("1:\n\t" SUANLI_X16(SUANLI_ADD8) "dec %[n]\n\tjnz 1b\n\t"
               : [chain] "+r"(chain), [n] "+r"(iterations)
               : [one] "r"(one)
               : "cc");
}

// The target attributes only document the ISA: the instructions are in the asm.
__attribute__((target("avx2,fma"))) void avx2_fma_chain(std::uint64_t iterations) {
  std::uint64_t chain = 0;
  const std::uint64_t one = 1;
  asm volatile("vmovupd (%[a]), %%ymm12\n\t"
               "vmovupd (%[b]), %%ymm13\n\t" SUANLI_12(SUANLI_COPY_YMM)
               "1:\n\t" SUANLI_X16(SUANLI_FMA_GROUP(SUANLI_FMA_YMM)) "dec %[n]\n\tjnz 1b\n\t"
               "vzeroupper\n\t"
               : [chain] "+r"(chain), [n] "+r"(iterations)
               : [one] "r"(one), [a] "r"(fma_a), [b] "r"(fma_b)
               : "cc", "memory", SUANLI_VECTOR_CLOBBERS);
}

__attribute__((target("avx512f"))) void avx512_fma_chain(std::uint64_t iterations) {
  std::uint64_t chain = 0;
  const std::uint64_t one = 1;
  asm volatile("vmovupd (%[a]), %%zmm12\n\t"
               "vmovupd (%[b]), %%zmm13\n\t" SUANLI_12(SUANLI_COPY_ZMM)
               "1:\n\t" SUANLI_X16(SUANLI_FMA_GROUP(SUANLI_FMA_ZMM)) "dec %[n]\n\tjnz 1b\n\t"
               "vzeroupper\n\t"
               : [chain] "+r"(chain), [n] "+r"(iterations)
               : [one] "r"(one), [a] "r"(fma_a), [b] "r"(fma_b)
               : "cc", "memory", SUANLI_VECTOR_CLOBBERS);
}

#endif  // __x86_64__

double seconds_to_run(ChainLoop loop, std::uint64_t iterations) {
  const auto start = std::chrono::steady_clock::now();
  loop(iterations);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Best of several runs: preemption and VM steal only ever lower a run's figure.
double chain_frequency(ChainLoop loop) {
  std::uint64_t iterations = 1024;
  double seconds = seconds_to_run(loop, iterations);
  while (seconds < calibration_seconds && iterations < (std::uint64_t{1} << 40)) {
    iterations *= 2;
    seconds = seconds_to_run(loop, iterations);
  }
  if (!(seconds > 0)) return 0;  // a clock that does not advance: nothing to measure with
  iterations = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(static_cast<double>(iterations) * (run_seconds / seconds)));
  const double cycles_per_run = static_cast<double>(iterations * adds_per_iteration);
  double best_hz = 0;
  for (int run = 0; run < runs; ++run) best_hz = std::max(best_hz, cycles_per_run / seconds_to_run(loop, iterations));
  return best_hz >= min_plausible_hz && best_hz <= max_plausible_hz ? best_hz : 0;
}

#if defined(__x86_64__)
// Keeps the core busy for `seconds` so that it leaves its idle clock first.
void ramp_up(double seconds) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) scalar_chain(4096);
}
#endif

}  // namespace

MeasuredFrequency measure_core_frequency(const CpuFeatures& features) {
  MeasuredFrequency measured;
#if defined(__x86_64__)
  ramp_up(ramp_seconds);
#endif
  measured.scalar_hz = measure_frequency_under(FrequencyLoad::scalar, features);
  measured.avx2_hz = measure_frequency_under(FrequencyLoad::avx2, features);
  measured.avx512_hz = measure_frequency_under(FrequencyLoad::avx512, features);
  return measured;
}

double measure_frequency_under(FrequencyLoad load, const CpuFeatures& features) {
#if defined(__x86_64__)
  switch (load) {
    case FrequencyLoad::scalar: return chain_frequency(scalar_chain);
    case FrequencyLoad::avx2: return features.avx2 && features.fma ? chain_frequency(avx2_fma_chain) : 0;
    case FrequencyLoad::avx512: return features.avx512f ? chain_frequency(avx512_fma_chain) : 0;
  }
#else
  (void)load;
  (void)features;
#endif
  return 0;
}

}  // namespace suanli
