// `suanli transformer` through the registry on the world ctest gives it (1, 2 and
// 4 ranks), at a small width: every precision's forward and the training step
// are verified, the step reports its scaling over 1, 2, 4 … ranks, and bad input
// is refused on every rank before any work.
#include <gtest/gtest.h>

#include <cmath>
#include <variant>

#include "core/error.hpp"
#include "harness/benchmark.hpp"
#include "../support/run_registered.hpp"
#include "par/world.hpp"

namespace suanli {
namespace {

using Options = std::vector<std::pair<std::string, std::string>>;

const Options small = {{"d-model", "64"}, {"heads", "4"}, {"ffn", "256"}, {"seq", "40"},
                       {"batch", "2"},    {"layers", "2"}, {"trials", "1"}};

std::vector<Result> run_transformer(Options options) { return test_support::run_registered("transformer", options); }

const ParameterValue* parameter(const Result& r, const std::string& name) {
  for (const Parameter& p : r.parameters)
    if (p.name == name) return &p.value;
  return nullptr;
}

TEST(MpiTransformer, EveryPassIsVerified) {
  par::World world;
  const std::vector<Result> results = run_transformer(small);
  ASSERT_EQ(results.size(), 4u);
  for (const Result& r : results) {
    if (r.metric == "forward" && std::isnan(r.value)) continue;  // a precision this CPU lacks
    EXPECT_TRUE(r.verification.passed) << r.metric << " " << r.precision << ": " << r.verification.value;
    EXPECT_GT(r.value, 0) << r.metric << " " << r.precision;
  }
  EXPECT_EQ(results[0].precision, "fp32");
  const Result& step = results.back();
  EXPECT_EQ(step.metric, "training step");
  for (int n = 1; n < world.size(); n *= 2)
    EXPECT_NE(parameter(step, "ranks_" + std::to_string(n) + "_scaling_efficiency"), nullptr) << n;
  EXPECT_NE(parameter(step, "ranks_" + std::to_string(world.size()) + "_step_seconds"), nullptr);
  const auto* parameters = parameter(step, "parameters");
  ASSERT_NE(parameters, nullptr);
  // Two layers of 4d² + 2df + 9d + f parameters.
  EXPECT_EQ(std::get<std::int64_t>(*parameters), 2 * (4 * 64 * 64 + 2 * 64 * 256 + 9 * 64 + 256));
}

TEST(MpiTransformer, BadInputIsAUsageErrorOnEveryRank) {
  for (const Options& bad : {Options{{"model", "gpt3"}}, Options{{"heads", "5"}}, Options{{"precision", "fp64"}},
                             Options{{"mask", "sliding"}}, Options{{"passes", "backward"}},
                             Options{{"seq", "1000000"}, {"batch", "60000"}},  // beyond 2^31 indexing
                             Options{{"d-model", "8192"}, {"heads", "64"}, {"ffn", "16384"}, {"seq", "65536"},
                                     {"batch", "1"}}}) {  // about 30 GB a rank: beyond memory
    Options options = small;
    options.insert(options.end(), bad.begin(), bad.end());
    EXPECT_THROW(run_transformer(options), UsageError) << bad.front().first;
  }
}

}  // namespace
}  // namespace suanli
