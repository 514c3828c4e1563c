// BLIS runs on the thread count suanli gives each call, not on the count it read at its start.
// This file includes blis.h (to set BLIS's own global count) and so never OpenBLAS's cblas.h.
#include <blis.h>
#include <gtest/gtest.h>
#include <omp.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "kernels/dense/blas_engine.hpp"
#include "kernels/dense/blis_calls.hpp"
#include "kernels/dense/blis_runtime.hpp"

namespace suanli::kernels::dense {
namespace {

double schedstat_seconds(const std::filesystem::path& task) {
  std::ifstream in(task / "schedstat");  // first field: time on a CPU, in ns
  double ns = 0;
  in >> ns;
  return ns * 1e-9;
}

// CPU time of this process's threads other than the caller: the work a second BLIS thread would do.
double other_threads_seconds() {
  const std::string self = std::to_string(static_cast<long>(syscall(SYS_gettid)));
  double sum = 0;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task"))
    if (task.path().filename() != self) sum += schedstat_seconds(task.path());
  return sum;
}

TEST(BlisThreads, OneThreadIsOneEvenWhenBlisWasToldMore) {
  start_blis(this_machine_blas_choice().blis_config);
  // BLIS's global count, as BLIS_NUM_THREADS=2 at its start would set it: the per-call count must win.
  const dim_t saved_global = bli_thread_get_num_threads();
  bli_thread_set_num_threads(2);
  const int saved_team = omp_get_max_threads();
  omp_set_num_threads(1);

  const long n = 600;
  std::vector<double> a(n * n, 0.5), b(n * n, 0.25), c(n * n, 0.0);
  blis_gemm(false, false, n, n, n, 1.0, a.data(), {1, n}, b.data(), {1, n}, 0.0, c.data(), {1, n});  // warm-up
  const double others0 = other_threads_seconds(), mine0 = schedstat_seconds("/proc/thread-self");
  for (int r = 0; r < 4; ++r)
    blis_gemm(false, false, n, n, n, 1.0, a.data(), {1, n}, b.data(), {1, n}, 0.0, c.data(), {1, n});
  const double others = other_threads_seconds() - others0, mine = schedstat_seconds("/proc/thread-self") - mine0;

  bli_thread_set_num_threads(saved_global);
  omp_set_num_threads(saved_team);
  EXPECT_DOUBLE_EQ(c[n * n - 1], 0.5 * 0.25 * n);
  // On two threads the other does about half the multiply whatever the load (measured here when
  // BLIS followed its global count: 0.16 s against the caller's 0.19); on one, the OpenMP pool's
  // threads do nothing but a brief spin after an earlier parallel region.
  EXPECT_GT(mine, 0.0);
  EXPECT_LT(others, 0.25 * mine) << "other threads " << others << " s, caller " << mine << " s";
}

TEST(BlisThreads, TwoThreadsAreTwoEvenWhenBlisWasToldOne) {
  start_blis(this_machine_blas_choice().blis_config);
  const dim_t saved_global = bli_thread_get_num_threads();
  bli_thread_set_num_threads(1);
  const int saved_team = omp_get_max_threads();
  omp_set_num_threads(2);

  const long n = 600;
  std::vector<double> a(n * n, 0.5), b(n * n, 0.25), c(n * n, 0.0);
  blis_gemm(false, false, n, n, n, 1.0, a.data(), {1, n}, b.data(), {1, n}, 0.0, c.data(), {1, n});
  const double others0 = other_threads_seconds(), mine0 = schedstat_seconds("/proc/thread-self");
  for (int r = 0; r < 4; ++r)
    blis_gemm(false, false, n, n, n, 1.0, a.data(), {1, n}, b.data(), {1, n}, 0.0, c.data(), {1, n});
  const double others = other_threads_seconds() - others0, mine = schedstat_seconds("/proc/thread-self") - mine0;

  bli_thread_set_num_threads(saved_global);
  omp_set_num_threads(saved_team);
  EXPECT_DOUBLE_EQ(c[0], 0.5 * 0.25 * n);
  EXPECT_GT(others, 0.25 * mine) << "other threads " << others << " s, caller " << mine << " s";
}

}  // namespace
}  // namespace suanli::kernels::dense
