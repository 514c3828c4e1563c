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

// CPU seconds of this thread and of the others over 4 BLIS DGEMMs (n = 600) run with BLIS's global
// count set to `blis_global` and the OpenMP team to `omp_team`; both put back afterwards.
struct CpuSplit {
  double mine, others, corner;  // corner: an entry of C, which must be 0.5 * 0.25 * n
};
CpuSplit gemm_cpu_split(dim_t blis_global, int omp_team) {
  start_blis(this_machine_blas_choice().blis_config);
  const dim_t saved_global = bli_thread_get_num_threads();
  bli_thread_set_num_threads(blis_global);
  const int saved_team = omp_get_max_threads();
  omp_set_num_threads(omp_team);

  const long n = 600;
  std::vector<double> a(n * n, 0.5), b(n * n, 0.25), c(n * n, 0.0);
  blis_gemm(false, false, n, n, n, 1.0, a.data(), {1, n}, b.data(), {1, n}, 0.0, c.data(), {1, n});  // warm-up
  const double others0 = other_threads_seconds(), mine0 = schedstat_seconds("/proc/thread-self");
  for (int r = 0; r < 4; ++r)
    blis_gemm(false, false, n, n, n, 1.0, a.data(), {1, n}, b.data(), {1, n}, 0.0, c.data(), {1, n});
  const CpuSplit split{schedstat_seconds("/proc/thread-self") - mine0, other_threads_seconds() - others0,
                       c[n * n - 1]};

  bli_thread_set_num_threads(saved_global);
  omp_set_num_threads(saved_team);
  return split;
}

constexpr double expected_corner = 0.5 * 0.25 * 600;

TEST(BlisThreads, OneThreadIsOneEvenWhenBlisWasToldMore) {
  // BLIS's global count, as BLIS_NUM_THREADS=2 at its start would set it: the per-call count must win.
  const CpuSplit s = gemm_cpu_split(2, 1);
  EXPECT_DOUBLE_EQ(s.corner, expected_corner);
  // On two threads the other does about half the multiply whatever the load (measured here when
  // BLIS followed its global count: 0.16 s against the caller's 0.19); on one, the OpenMP pool's
  // threads do nothing but a brief spin after an earlier parallel region.
  EXPECT_GT(s.mine, 0.0);
  EXPECT_LT(s.others, 0.25 * s.mine) << "other threads " << s.others << " s, caller " << s.mine << " s";
}

TEST(BlisThreads, TwoThreadsAreTwoEvenWhenBlisWasToldOne) {
  const CpuSplit s = gemm_cpu_split(1, 2);
  EXPECT_DOUBLE_EQ(s.corner, expected_corner);
  EXPECT_GT(s.others, 0.25 * s.mine) << "other threads " << s.others << " s, caller " << s.mine << " s";
}

}  // namespace
}  // namespace suanli::kernels::dense
