// The centre profile: its rules parse (and a wrong one is refused), indicators
// come only from verified figures, rules judge only what was measured, and the
// verdict and bottlenecks follow the rules.
#include "report/centre_profile.hpp"

#include <gtest/gtest.h>

namespace suanli {
namespace {

using nlohmann::json;

json result(const char* benchmark, const char* metric, const char* precision, double value, double efficiency,
            bool passed = true) {
  return {{"benchmark", benchmark}, {"metric", metric},        {"precision", precision},
          {"value", value},         {"efficiency", efficiency}, {"rpeak", value / efficiency},
          {"verification", {{"passed", passed}}}};
}

json report(std::vector<json> results) { return {{"world", {{"ranks", 1}, {"threads_per_rank", 2}}}, {"results", results}}; }

TEST(CentreProfile, TheEmbeddedRulesParseAndNameKnownIndicators) {
  const std::vector<CentreRule>& rules = centre_rules();
  ASSERT_GE(rules.size(), 10u);
  for (const CentreRule& r : rules) EXPECT_TRUE(indicator_names().count(r.indicator)) << r.indicator;
  EXPECT_THROW(parse_centre_rules("centre,indicator,at_least,at_most,points,text\nhpc,nonsense,1,,1,x\n"),
               std::runtime_error);
  EXPECT_THROW(parse_centre_rules("centre,indicator,at_least,at_most,points,text\nmoon,hpl_efficiency,1,,1,x\n"),
               std::runtime_error);
  const auto parsed = parse_centre_rules("centre,indicator,at_least,at_most,points,text\nai,hpl_efficiency,,0.5,2,a, b\n");
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0].text, "a, b");
  EXPECT_TRUE(std::isnan(parsed[0].at_least));
}

TEST(CentreProfile, IndicatorsComeFromVerifiedFiguresOnly) {
  const auto v = indicators(report({result("hpl", "n=1000", "fp64", 80, 0.8), result("gemm", "2048", "fp64", 100, 0.9),
                                    result("gemm", "2048", "bf16", 900, 0.9), result("gemm", "2048", "int8", 5000, 0.9, false)}));
  EXPECT_DOUBLE_EQ(v.at("hpl_efficiency"), 0.8);
  EXPECT_DOUBLE_EQ(v.at("low_precision_speedup"), 9);  // the failed INT8 figure does not count
  EXPECT_FALSE(v.count("random_read_iops"));            // not measured
}

TEST(CentreProfile, VerdictAndBottlenecksFollowTheRules) {
  const std::vector<CentreRule> rules = parse_centre_rules(
      "centre,indicator,at_least,at_most,points,text\n"
      "hpc,hpl_efficiency,0.6,,2,dense FP64 runs well\n"
      "ai,low_precision_speedup,4,,2,low precision pays\n"
      "cloud,random_read_iops,5e4,,1,fast random IO\n"
      "bottleneck,hpcg_efficiency,,0.05,0,memory bound\n");
  const CentreProfile ai = profile(report({result("hpl", "n", "fp64", 40, 0.4), result("gemm", "g", "fp64", 100, 0.9),
                                           result("gemm", "g", "bf16", 900, 0.9), result("hpcg", "h", "fp64", 1, 0.012)}),
                                   rules);
  EXPECT_EQ(ai.best, std::vector<std::string>{"ai"});
  EXPECT_EQ(ai.score.at("hpc"), 0);
  EXPECT_EQ(ai.possible.at("hpc"), 2);
  EXPECT_FALSE(ai.possible.count("cloud"));  // no IO measured: the cloud rule is not judged
  ASSERT_EQ(ai.bottlenecks.size(), 1u);
  EXPECT_EQ(ai.bottlenecks[0].rule->text, "memory bound");
  const CentreProfile tie = profile(report({result("hpl", "n", "fp64", 70, 0.7), result("gemm", "g", "fp64", 100, 0.9),
                                            result("gemm", "g", "bf16", 900, 0.9)}),
                                    rules);
  EXPECT_EQ(tie.best, (std::vector<std::string>{"hpc", "ai"}));
  EXPECT_TRUE(profile(report({}), rules).best.empty());
}

}  // namespace
}  // namespace suanli
