// The thread count MPI's thread level is chosen from: OpenMP's team, --threads on
// the command line or in the environment, and the commands that run threads of
// their own.
#include "cli/process_threads.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace suanli::cli {
namespace {

int threads_for(std::vector<std::string> words) {
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  return threads_this_run_may_use(static_cast<int>(argv.size()), argv.data());
}

TEST(ProcessThreads, CountsEveryWayOfAskingForThreads) {
  const int team = omp_get_max_threads();
  EXPECT_EQ(threads_for({"suanli", "comm"}), team);
  EXPECT_EQ(threads_for({"suanli", "gemm", "--threads", "64"}), std::max(team, 64));
  EXPECT_EQ(threads_for({"suanli", "hpl", "--threads=48"}), std::max(team, 48));
  EXPECT_EQ(threads_for({"suanli", "hpl", "--threads", "lots"}), team);  // the parser refuses it later
  EXPECT_EQ(threads_for({"suanli", "cloud"}), std::max(team, 2));
  EXPECT_EQ(threads_for({"suanli", "run", "--profile", "quick"}), std::max(team, 2));
  ::setenv("SUANLI_HPCG_THREADS", "96", 1);
  EXPECT_EQ(threads_for({"suanli", "hpcg"}), std::max(team, 96));
  ::unsetenv("SUANLI_HPCG_THREADS");
}

}  // namespace
}  // namespace suanli::cli
