// Chooses among the ISA tables from the CPU's features, gives the closed-form
// checksum, and times a kernel on one thread or on all OpenMP threads.
#include <omp.h>

#include <algorithm>
#include <array>
#include <string>

#include "core/error.hpp"
#include "core/timer.hpp"
#include "kernels/peak/fma_peak.hpp"

namespace suanli::kernels::peak {

namespace {

constexpr std::array<int, 4> wide_chains = {8, 10, 12, 16};  // AVX-512, scalar
constexpr std::array<int, 4> avx2_chains = {8, 10, 12, 14};  // 16 ymm: at most 15 chains + the constant
constexpr std::array<FmaIsa, 3> isas_best_first = {FmaIsa::avx512, FmaIsa::avx2, FmaIsa::scalar};

std::span<const FmaKernel> table(FmaIsa isa) {
  switch (isa) {
    case FmaIsa::avx512: return detail::avx512_fma_kernels();
    case FmaIsa::avx2: return detail::avx2_fma_kernels();
    case FmaIsa::scalar: return detail::scalar_fma_kernels();
  }
  return {};
}

bool has_fma_kernels(Precision p) { return p == Precision::fp64 || p == Precision::fp32; }

bool same_shape(const FmaKernel& a, const FmaKernel& b) {
  return a.precision == b.precision && a.vector_lanes == b.vector_lanes && a.chains == b.chains;
}

}  // namespace

std::string_view isa_key(FmaIsa isa) {
  switch (isa) {
    case FmaIsa::avx512: return "avx512";
    case FmaIsa::avx2: return "avx2";
    case FmaIsa::scalar: return "scalar";
  }
  return "unknown";
}

std::span<const int> supported_chains(FmaIsa isa) {
  return isa == FmaIsa::avx2 ? std::span<const int>(avx2_chains) : std::span<const int>(wide_chains);
}

bool cpu_supports(FmaIsa isa) {
  // __builtin_cpu_supports also checks that the OS saves the wide registers.
  switch (isa) {
    case FmaIsa::avx512: return __builtin_cpu_supports("avx512f");
    case FmaIsa::avx2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case FmaIsa::scalar: return true;
  }
  return false;
}

const FmaKernel* find_fma_kernel(FmaIsa isa, Precision precision, int chains) {
  for (const FmaKernel& k : table(isa))
    if (k.precision == precision && k.chains == chains) return &k;
  return nullptr;
}

std::vector<FmaKernel> available_fma_kernels(Precision precision) {
  std::vector<FmaKernel> list;
  if (!has_fma_kernels(precision)) return list;
  for (FmaIsa isa : isas_best_first) {
    if (!cpu_supports(isa)) continue;
    list.push_back(*find_fma_kernel(isa, precision, default_chains));
    for (int chains : supported_chains(isa))
      if (chains != default_chains) list.push_back(*find_fma_kernel(isa, precision, chains));
  }
  return list;
}

const FmaKernel& best_fma_kernel(Precision precision) {
  if (!has_fma_kernels(precision))
    throw UsageError("peak: FMA kernels exist for fp64 and fp32, not " + std::string(precision_key(precision)));
  for (FmaIsa isa : isas_best_first)
    if (cpu_supports(isa)) return *find_fma_kernel(isa, precision, default_chains);
  throw UsageError("peak: no FMA kernel runs on this CPU");  // unreachable: scalar always runs
}

const FmaKernel& reference_twin(const FmaKernel& k) {
  for (auto twins : {detail::reference_fma_kernels(), detail::scalar_fma_kernels()})
    for (const FmaKernel& twin : twins)
      if (same_shape(twin, k)) return twin;
  throw UsageError("peak: no reference twin for FMA kernel " + std::string(k.name));
}

// Closed form: lane i of N = lanes × chains ends at seed + i + iterations.
double expected_checksum(const FmaKernel& k, std::uint64_t iterations, double seed) {
  const double n = static_cast<double>(k.vector_lanes) * k.chains;
  return n * (seed + static_cast<double>(iterations)) + n * (n - 1) / 2;
}

namespace {

double seconds_to_run(const FmaKernel& k, std::uint64_t iterations, double seed) {
  const double t0 = now_seconds();
  volatile double sink = k.run(iterations, seed);
  (void)sink;
  return now_seconds() - t0;
}

// Doubles the trip count until one run takes a tenth of the target (it also
// warms the core up), then scales it to the target.
std::uint64_t calibrate_iterations(const FmaKernel& k, double seconds_target) {
  const double probe_seconds = std::clamp(seconds_target / 10, 1e-3, 0.1);
  std::uint64_t iterations = 256;
  double seconds = seconds_to_run(k, iterations, 1);
  while (seconds < probe_seconds) {
    iterations *= 2;
    seconds = seconds_to_run(k, iterations, 1);
  }
  const double scaled = static_cast<double>(iterations) * seconds_target / seconds;
  return std::max<std::uint64_t>(1, static_cast<std::uint64_t>(scaled));
}

struct ThreadRun {
  double seconds = 0;
  double checksum = 0;
  double expected = 0;
};

// Thread t runs from seed t + 1, so no two threads compute the same values.
ThreadRun timed_run(const FmaKernel& k, std::uint64_t iterations, int thread) {
  const double seed = thread + 1;
  ThreadRun r;
  const double t0 = now_seconds();
  r.checksum = k.run(iterations, seed);
  r.seconds = now_seconds() - t0;
  r.expected = expected_checksum(k, iterations, seed);
  return r;
}

std::vector<ThreadRun> run_on_all_threads(const FmaKernel& k, std::uint64_t iterations) {
  std::vector<ThreadRun> runs(static_cast<std::size_t>(omp_get_max_threads()));
  int team = 0;
#pragma omp parallel num_threads(static_cast<int>(runs.size()))
  {
    const int t = omp_get_thread_num();
#pragma omp single
    team = omp_get_num_threads();
    volatile double sink = k.run(std::max<std::uint64_t>(1, iterations / 10), 1);  // warm every core up
    (void)sink;
#pragma omp barrier
    runs[static_cast<std::size_t>(t)] = timed_run(k, iterations, t);
  }
  runs.resize(static_cast<std::size_t>(team));
  return runs;
}

FmaMeasurement summarise(const FmaKernel& k, std::uint64_t iterations, const std::vector<ThreadRun>& runs) {
  FmaMeasurement m;
  m.iterations = iterations;
  m.threads = static_cast<int>(runs.size());
  m.verified = true;
  m.checksum = runs.front().checksum;
  m.expected = runs.front().expected;
  for (const ThreadRun& r : runs) {
    m.seconds = std::max(m.seconds, r.seconds);
    if (m.verified && r.checksum != r.expected) {
      m.verified = false;
      m.checksum = r.checksum;
      m.expected = r.expected;
    }
  }
  // All threads' FLOPs over the slowest thread's time: the rate the whole team sustained.
  m.flops_per_second = m.threads * fma_flops(k, iterations) / m.seconds;
  return m;
}

}  // namespace

FmaMeasurement measure_fma_rate(const FmaKernel& k, double seconds_target, bool all_threads) {
  const std::uint64_t iterations = calibrate_iterations(k, seconds_target);
  const std::vector<ThreadRun> runs =
      all_threads ? run_on_all_threads(k, iterations) : std::vector<ThreadRun>{timed_run(k, iterations, 0)};
  return summarise(k, iterations, runs);
}

}  // namespace suanli::kernels::peak
