// Times a peak kernel on one thread or on all OpenMP threads.
#include <omp.h>

#include <algorithm>
#include <vector>

#include "core/timer.hpp"
#include "kernels/peak/peak_kernels.hpp"

namespace suanli::kernels::peak {

namespace {

double seconds_to_run(const PeakKernel& k, std::uint64_t iterations, double seed) {
  const double t0 = now_seconds();
  volatile double sink = k.run(iterations, seed);
  (void)sink;
  return now_seconds() - t0;
}

// Doubles the trip count until one run takes a tenth of the target (it also
// warms the core up), then scales it to the target.
std::uint64_t calibrate_iterations(const PeakKernel& k, double seconds_target) {
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

// Thread t runs from seed 1 + t mod 256: neighbouring threads compute different
// values, and every seed stays below max_exact_seed (2^9 for FP16).
ThreadRun timed_run(const PeakKernel& k, std::uint64_t iterations, int thread) {
  const double seed = 1 + thread % 256;
  ThreadRun r;
  const double t0 = now_seconds();
  r.checksum = k.run(iterations, seed);
  r.seconds = now_seconds() - t0;
  r.expected = expected_checksum(k, iterations, seed);
  return r;
}

std::vector<ThreadRun> run_on_all_threads(const PeakKernel& k, std::uint64_t iterations) {
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

PeakMeasurement summarise(const PeakKernel& k, std::uint64_t iterations, const std::vector<ThreadRun>& runs) {
  PeakMeasurement m;
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
  // All threads' operations over the slowest thread's time: the rate the whole team sustained.
  m.ops_per_second = m.threads * k.ops_per_trip * static_cast<double>(iterations) / m.seconds;
  return m;
}

}  // namespace

PeakMeasurement measure_peak_rate(const PeakKernel& k, double seconds_target, bool all_threads) {
  const std::uint64_t iterations = calibrate_iterations(k, seconds_target);
  const std::vector<ThreadRun> runs =
      all_threads ? run_on_all_threads(k, iterations) : std::vector<ThreadRun>{timed_run(k, iterations, 0)};
  return summarise(k, iterations, runs);
}

}  // namespace suanli::kernels::peak
