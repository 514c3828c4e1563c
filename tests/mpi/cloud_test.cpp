// `suanli cloud` through the registry on the world ctest gives it (1, 2 and 4
// ranks, each with its own server and load): every reply verified, requests
// summed over ranks, bad input refused on every rank, and a Ctrl-C before the
// first point ends the benchmark with nothing measured rather than a hang.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "harness/benchmark.hpp"
#include "../support/run_registered.hpp"

namespace suanli {
namespace {

using Options = std::vector<std::pair<std::string, std::string>>;

std::vector<Result> run_cloud(const Options& options) { return test_support::run_registered("cloud", options); }

TEST(MpiCloud, EveryReplyIsVerified) {
  const std::vector<Result> results =
      run_cloud({{"connections", "1,8"}, {"seconds", "0.05"}, {"server-threads", "1"}});
  ASSERT_EQ(results.size(), 6u);  // the sweep, the integer OP/s, 2 mixes × concurrency and parallelism
  for (const Result& r : results) {
    EXPECT_TRUE(r.verification.passed) << r.metric << ": " << r.verification.value;
    EXPECT_GT(r.value, 0) << r.metric;
  }
  EXPECT_EQ(results[0].metric, "requests (cpu mix, closed loop)");
  EXPECT_EQ(results[1].precision, "int32");
  EXPECT_EQ(results[4].metric.rfind("io-bound: concurrency", 0), 0u);
}

TEST(MpiCloud, BadInputIsAUsageErrorOnEveryRank) {
  for (const Options& bad : {Options{{"connections", "0"}}, Options{{"connections", "1,x"}},
                             Options{{"connections", "70000"}}, Options{{"seconds", "7200"}}})
    EXPECT_THROW(run_cloud(bad), UsageError) << bad.front().first << "=" << bad.front().second;
}

TEST(MpiCloud, AnInterruptStopsBeforeTheNextPoint) {
  const InterruptWatch watch;
  request_interrupt();
  EXPECT_TRUE(run_cloud({{"connections", "1,8"}, {"seconds", "0.05"}}).empty());
}

}  // namespace
}  // namespace suanli
