// BLIS runs on the thread count suanli gives each call, not on the count it read at its start.
// This file includes blis.h (to set BLIS's own global count) and so never OpenBLAS's cblas.h.
#include <blis.h>
#include <gtest/gtest.h>
#include <omp.h>
#include <time.h>

#include <thread>
#include <vector>

#include "kernels/dense/blas_engine.hpp"
#include "kernels/dense/blis_calls.hpp"
#include "kernels/dense/blis_runtime.hpp"

namespace suanli::kernels::dense {
namespace {

double seconds_of(clockid_t clock) {
  timespec t{};
  clock_gettime(clock, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

TEST(BlisThreads, OneThreadIsOneEvenWhenBlisWasToldMore) {
  if (std::thread::hardware_concurrency() < 2) GTEST_SKIP() << "one CPU: two threads could not show";
  start_blis(this_machine_blas_choice().blis_config);
  // BLIS's global count, as BLIS_NUM_THREADS=2 at its start would set it: the per-call count must win.
  const dim_t saved_global = bli_thread_get_num_threads();
  bli_thread_set_num_threads(2);
  const int saved_team = omp_get_max_threads();
  omp_set_num_threads(1);

  const long n = 700;
  std::vector<double> a(n * n, 0.5), b(n * n, 0.25), c(n * n, 0.0);
  blis_gemm(false, false, n, n, n, 1.0, a.data(), {1, n}, b.data(), {1, n}, 0.0, c.data(), {1, n});  // warm-up
  const double wall0 = seconds_of(CLOCK_MONOTONIC), cpu0 = seconds_of(CLOCK_PROCESS_CPUTIME_ID);
  for (int r = 0; r < 4; ++r)
    blis_gemm(false, false, n, n, n, 1.0, a.data(), {1, n}, b.data(), {1, n}, 0.0, c.data(), {1, n});
  const double wall = seconds_of(CLOCK_MONOTONIC) - wall0, cpu = seconds_of(CLOCK_PROCESS_CPUTIME_ID) - cpu0;

  bli_thread_set_num_threads(saved_global);
  omp_set_num_threads(saved_team);
  EXPECT_DOUBLE_EQ(c[n * n - 1], 0.5 * 0.25 * n);
  // One thread uses at most the wall time in CPU time; two busy ones about twice it.
  EXPECT_LT(cpu, 1.25 * wall) << "CPU " << cpu << " s in " << wall << " s";
}

}  // namespace
}  // namespace suanli::kernels::dense
