// The centre profile: its rules parse (and a wrong one is refused), indicators
// come only from verified figures at the median of their trials, rules judge
// only what was measured and decide only beyond the noise, a cache-sized STREAM
// figure is no indicator, and the verdict, its tie rule and the bottlenecks follow
// the rules.
#include "report/centre_profile.hpp"

#include <gtest/gtest.h>

namespace suanli {
namespace {

using nlohmann::json;

json result(const char* benchmark, const char* metric, const char* precision, double value, double efficiency,
            bool passed = true) {
  return {{"benchmark", benchmark}, {"metric", metric},
          {"precision", precision ? json(precision) : json(nullptr)},
          {"value", value},         {"efficiency", efficiency}, {"rpeak", value / efficiency},
          {"verification", {{"passed", passed}}}};
}

// The same with trials: the headline value is the best, the median and CV are in stats.
json trials(json r, int count, double median, double cv) {
  r["stats"] = {{"count", count}, {"median", median}, {"cv", cv}};
  return r;
}

// The same with the median absolute deviation recorded too (reports since MAD was added).
json trials(json r, int count, double median, double cv, double mad) {
  r = trials(std::move(r), count, median, cv);
  r["stats"]["mad"] = mad;
  return r;
}

json triad(double best, double median, bool cache_sized) {
  json r = trials(result("stream", "triad", "fp64", best, 0), 10, median, 0.02);
  r.erase("efficiency");
  r.erase("rpeak");  // STREAM has no Rpeak
  r["parameters"] = {{"cache_sized", cache_sized}};
  return r;
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
                                    result("gemm", "2048", "bf16", 900, 0.9), result("gemm", "2048", "int8", 5000, 0.9, false)}))
                     .values;
  EXPECT_DOUBLE_EQ(v.at("hpl_efficiency").value, 0.8);
  EXPECT_DOUBLE_EQ(v.at("low_precision_speedup").value, 9);  // the failed INT8 figure does not count
  EXPECT_FALSE(v.count("random_read_iops"));                  // not measured
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

TEST(CentreProfile, IndicatorsUseTheMedianAndStateTheirUncertainty) {
  // HPL's best 0.8 of Rpeak, but its median 0.6 (efficiency scales with the value).
  const auto v = indicators(report({trials(result("hpl", "n", "fp64", 80, 0.8), 5, 60, 0.04),
                                    result("gemm", "g", "fp64", 100, 0.9)}))
                     .values;
  EXPECT_DOUBLE_EQ(v.at("hpl_efficiency").value, 0.6);
  EXPECT_DOUBLE_EQ(v.at("hpl_efficiency").uncertainty, 0.08);  // 2 x CV
  EXPECT_EQ(v.at("hpl_efficiency").samples, 5);
  EXPECT_DOUBLE_EQ(v.at("fp64_gemm_efficiency").uncertainty, single_sample_uncertainty);  // one sample
  EXPECT_DOUBLE_EQ(relative_uncertainty(10, 0.001), minimum_uncertainty);
  EXPECT_DOUBLE_EQ(relative_uncertainty(1, 0.3), single_sample_uncertainty);
}

TEST(CentreProfile, CacheSizedStreamIsNoIndicatorAndSaysWhy) {
  const json peak = result("peak", "fma_fp64_all_cores", "fp64", 1e11, 1.0);
  const Indicators real = indicators(report({peak, triad(2e10, 1.5e10, false)}));
  EXPECT_DOUBLE_EQ(real.values.at("bytes_per_flop").value, 0.15);  // the median Triad over the FP64 Rpeak
  EXPECT_FALSE(real.left_out.count("bytes_per_flop"));
  const Indicators cache = indicators(report({peak, triad(1.3e11, 1.2e11, true)}));
  EXPECT_FALSE(cache.values.count("bytes_per_flop"));
  EXPECT_NE(cache.left_out.at("bytes_per_flop").find("cache-sized"), std::string::npos);
  // The note alone (a report from before the flag) is enough to leave it out.
  json old = triad(1.3e11, 1.2e11, false);
  old.erase("parameters");
  old["notes"] = {"arrays of 16 MiB are smaller than 4x the last-level cache: not a STREAM result"};
  EXPECT_FALSE(indicators(report({peak, old})).values.count("bytes_per_flop"));
  // No FP64 Rpeak anywhere: no indicator (not NaN, not infinity), and the reason.
  const Indicators no_rpeak = indicators(report({triad(2e10, 1.5e10, false)}));
  EXPECT_FALSE(no_rpeak.values.count("bytes_per_flop"));
  EXPECT_TRUE(no_rpeak.left_out.count("bytes_per_flop"));
  // A result without stats, rpeak or verification fields, and a report without results, do not break it.
  EXPECT_TRUE(indicators(report({json{{"benchmark", "stream"}, {"metric", "triad"}}})).values.empty());
  EXPECT_TRUE(indicators(json::object()).values.empty());
  // A cache-sized Triad is never a strength: the rule is not judged at all.
  const std::vector<CentreRule> rules =
      parse_centre_rules("centre,indicator,at_least,at_most,points,text\nhpc,bytes_per_flop,0.1,,2,bandwidth\n");
  EXPECT_TRUE(profile(report({peak, triad(1.3e11, 1.2e11, true)}), rules).fired.empty());
  EXPECT_FALSE(profile(report({peak, triad(1.3e11, 1.2e11, true)}), rules).possible.count("hpc"));
  EXPECT_EQ(profile(report({peak, triad(2e10, 1.5e10, false)}), rules).fired.size(), 1u);
}

TEST(CentreProfile, ARuleWithinTheNoiseIsUndecidedAndDoesNotSwingTheVerdict) {
  const std::vector<CentreRule> rules = parse_centre_rules(
      "centre,indicator,at_least,at_most,points,text\n"
      "ai,checkpoint_write_bytes_per_s,1e9,,1,fast checkpoints\n"
      "cloud,random_read_iops,5e4,,1,fast random IO\n");
  const json io_read = trials(result("io", "random_read", nullptr, 6e4, 1), 5, 6e4, 0.03);
  // Checkpoints at 1.02 GB/s or 0.98 GB/s, CV 3%: 2% from the bound, within the 6% uncertainty.
  for (double write : {1.02e9, 0.98e9}) {
    const json io_write = trials(result("io", "checkpoint_write", nullptr, write, 1), 5, write, 0.03);
    const CentreProfile p = profile(report({io_read, io_write}), rules);
    ASSERT_EQ(p.undecided.size(), 1u) << write;
    EXPECT_EQ(p.undecided[0].rule->indicator, "checkpoint_write_bytes_per_s");
    EXPECT_NEAR(p.undecided[0].margin, 0.02, 1e-9);
    EXPECT_EQ(p.possible.at("ai"), 1);  // measured: possible, but not earned either way
    EXPECT_EQ(p.score.at("ai"), 0);
    EXPECT_EQ(p.best, std::vector<std::string>{"cloud"}) << write;  // the same verdict on either side
  }
  // Far from the bound the rule decides.
  const json fast = trials(result("io", "checkpoint_write", nullptr, 2e9, 1), 5, 2e9, 0.03);
  const CentreProfile decided = profile(report({io_read, fast}), rules);
  EXPECT_TRUE(decided.undecided.empty());
  EXPECT_EQ(decided.best, (std::vector<std::string>{"ai", "cloud"}));
  // A single sample 10% past the bound is within its 15%: undecided.
  const json once = result("io", "checkpoint_write", nullptr, 1.1e9, 1);
  EXPECT_EQ(profile(report({io_read, once}), rules).undecided.size(), 1u);
}

// Seen on a 2-core VM: cloud's request rate and IOPS undecided, its INT32 rule fired; AI fired 3 of 4.
// Undecided points stay possible, so cloud has 1 of 4, not 1 of 1, and AI is the verdict.
TEST(CentreProfile, ACentreIsNotJudgedOnItsOneDecidedRule) {
  const std::vector<CentreRule> rules = parse_centre_rules(
      "centre,indicator,at_least,at_most,points,text\n"
      "ai,low_precision_speedup,4,,2,low precision fast\n"
      "ai,transformer_bf16_mfu,0.4,,1,transformer\n"
      "ai,checkpoint_write_bytes_per_s,1e9,,1,fast checkpoints\n"
      "cloud,random_read_iops,5e4,,1,fast random IO\n"
      "cloud,int32_peak_per_core,1e11,,1,integer\n");
  const json gemm64 = trials(result("gemm", "2048", "fp64", 1.5e11, 1), 5, 1.5e11, 0.02);
  const json gemm16 = trials(result("gemm", "2048", "bf16", 1.4e12, 1), 5, 1.4e12, 0.02);
  const json mfu = trials(result("transformer", "forward", "bf16", 4e11, 0.52), 5, 4e11, 0.02);
  const json write = trials(result("io", "checkpoint_write", nullptr, 6e8, 1), 5, 6e8, 0.02);
  const json iops = result("io", "random_read", nullptr, 4.2e4, 1);       // one sample 16% below: decided, missed
  const json iops_near = result("io", "random_read", nullptr, 4.6e4, 1);  // 8% below, within its 15%: undecided
  const json int32 = trials(result("peak", "mul_add_int32_all_cores", "int32", 4e11, 1), 5, 4e11, 0.02);
  const CentreProfile p = profile(report({gemm64, gemm16, mfu, write, iops_near, int32}), rules);
  ASSERT_EQ(p.undecided.size(), 1u);
  EXPECT_EQ(p.score.at("cloud"), 1);
  EXPECT_EQ(p.possible.at("cloud"), 2);
  EXPECT_EQ(p.score.at("ai"), 3);
  EXPECT_EQ(p.possible.at("ai"), 4);
  EXPECT_EQ(p.best, std::vector<std::string>{"ai"});
  // Decided either way, the same verdict.
  EXPECT_EQ(profile(report({gemm64, gemm16, mfu, write, iops, int32}), rules).best, std::vector<std::string>{"ai"});
}

// Seen in a fresh root: transformer BF16 trials 453, 454 and 54 GFLOPS (one disturbed). The CV of 72%
// made the MFU rule undecided and the verdict moved from AI to HPC. The MAD of the three is 1 GFLOPS:
// the median is sound and the rule decides.
TEST(CentreProfile, OneOutlierTrialDoesNotMakeARuleUndecided) {
  const std::vector<CentreRule> rules = parse_centre_rules(
      "centre,indicator,at_least,at_most,points,text\n"
      "ai,transformer_bf16_mfu,0.4,,1,transformer\n"
      "hpc,hpl_efficiency,0.6,,1,dense FP64\n");
  const json hpl = trials(result("hpl", "n", "fp64", 50, 0.5), 3, 50, 0.02, 0.5);
  const json mfu = trials(result("transformer", "forward", "bf16", 454, 0.54), 3, 453, 0.72, 1);
  const CentreProfile p = profile(report({hpl, mfu}), rules);
  EXPECT_TRUE(p.undecided.empty());
  EXPECT_DOUBLE_EQ(indicators(report({mfu})).values.at("transformer_bf16_mfu").uncertainty, minimum_uncertainty);
  EXPECT_EQ(p.best, std::vector<std::string>{"ai"});
  // A report without MAD falls back on the CV, as before: undecided, so no centre wins on it.
  const json mfu_no_mad = trials(result("transformer", "forward", "bf16", 454, 0.54), 3, 453, 0.72);
  EXPECT_EQ(profile(report({hpl, mfu_no_mad}), rules).undecided.size(), 1u);
  // Spread trials stay uncertain: MAD 10% of the median -> 2 x 1.4826 x 10%.
  EXPECT_NEAR(relative_uncertainty(5, 0.1, 0.1), 0.29652, 1e-12);
  EXPECT_DOUBLE_EQ(relative_uncertainty(2, 0.1, 0.0), 0.2);  // two trials: MAD is no better than the CV
}

TEST(CentreProfile, EqualSharesAreATieListedInFixedOrder) {
  // cloud 1 of 1, hpc 2 of 2, ai 1 of 1: all equal; listed hpc, ai, cloud whatever the rules' order.
  const std::vector<CentreRule> rules = parse_centre_rules(
      "centre,indicator,at_least,at_most,points,text\n"
      "cloud,random_read_iops,5e4,,1,fast random IO\n"
      "ai,checkpoint_write_bytes_per_s,1e9,,1,fast checkpoints\n"
      "hpc,hpl_efficiency,0.6,,2,dense FP64 runs well\n");
  const json iops = result("io", "random_read", nullptr, 1e5, 1);
  const json write = result("io", "checkpoint_write", nullptr, 3e9, 1);
  const json hpl = result("hpl", "n", "fp64", 90, 0.9);
  EXPECT_EQ(profile(report({iops, write, hpl}), rules).best, (std::vector<std::string>{"hpc", "ai", "cloud"}));
  // 1 of 3 and 2 of 6 are the same share: compared exactly, they tie.
  const std::vector<CentreRule> shares = parse_centre_rules(
      "centre,indicator,at_least,at_most,points,text\n"
      "hpc,hpl_efficiency,0.6,,1,dense\n"
      "hpc,fp64_gemm_efficiency,0.7,,2,gemm\n"
      "cloud,random_read_iops,5e4,,2,fast random IO\n"
      "cloud,checkpoint_write_bytes_per_s,1e9,,4,never\n");
  const json gemm = result("gemm", "g", "fp64", 40, 0.4);
  const json slow_write = result("io", "checkpoint_write", nullptr, 1e8, 1);
  const CentreProfile tie = profile(report({hpl, gemm, iops, slow_write}), shares);
  EXPECT_EQ(tie.score.at("hpc"), 1);
  EXPECT_EQ(tie.possible.at("hpc"), 3);
  EXPECT_EQ(tie.score.at("cloud"), 2);
  EXPECT_EQ(tie.possible.at("cloud"), 6);
  EXPECT_EQ(tie.best, (std::vector<std::string>{"hpc", "cloud"}));
  // Nothing fired anywhere: no centre is named.
  EXPECT_TRUE(profile(report({gemm, slow_write}), shares).best.empty());
}

}  // namespace
}  // namespace suanli
