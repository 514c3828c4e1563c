// Two runs compared: a change beyond the runs' variation is flagged by the unit's
// direction, one within it is not, and figures that cannot be compared say so.
#include "report/comparison.hpp"

#include <gtest/gtest.h>

namespace suanli {
namespace {

using nlohmann::json;

json figure(const std::string& metric, const std::string& unit, double value, double cv, int count = 5,
            bool passed = true) {
  return {{"benchmark", "b"},
          {"metric", metric},
          {"precision", "fp64"},
          {"unit", unit},
          {"value", value},
          {"stats", {{"count", count}, {"cv", cv}}},
          {"verification", {{"passed", passed}}}};
}

json report(std::vector<json> results) { return {{"results", results}}; }

Change change_of(const json& a, const json& b) {
  const auto figures = compare_reports(report({a}), report({b}));
  return figures.empty() ? Change::not_comparable : figures.front().change;
}

TEST(Comparison, FlagsChangesBeyondTheRunsVariation) {
  EXPECT_EQ(change_of(figure("rate", "FLOP/s", 100, 0.02), figure("rate", "FLOP/s", 50, 0.02)), Change::regression);
  EXPECT_EQ(change_of(figure("rate", "FLOP/s", 100, 0.02), figure("rate", "FLOP/s", 120, 0.02)), Change::improvement);
  EXPECT_EQ(change_of(figure("rate", "FLOP/s", 100, 0.02), figure("rate", "FLOP/s", 104, 0.02)), Change::within_noise);
  // A noisy run allows more: CV 15% allows ±30%.
  EXPECT_EQ(change_of(figure("rate", "B/s", 100, 0.15), figure("rate", "B/s", 80, 0.01)), Change::within_noise);
  // Times are better lower.
  EXPECT_EQ(change_of(figure("latency", "s", 1e-6, 0.01), figure("latency", "s", 2e-6, 0.01)), Change::regression);
  EXPECT_EQ(change_of(figure("latency", "s", 2e-6, 0.01), figure("latency", "s", 1e-6, 0.01)), Change::improvement);
}

TEST(Comparison, SingleSamplesAreAllowedTenPercent) {
  const auto figures = compare_reports(report({figure("n", "FLOP/s", 100, 0, 1)}), report({figure("n", "FLOP/s", 91, 0, 1)}));
  ASSERT_EQ(figures.size(), 1u);
  EXPECT_DOUBLE_EQ(figures[0].allowed, 0.10);
  EXPECT_EQ(figures[0].change, Change::within_noise);
  EXPECT_EQ(change_of(figure("n", "FLOP/s", 100, 0, 1), figure("n", "FLOP/s", 85, 0, 1)), Change::regression);
}

TEST(Comparison, FailedOrMissingFiguresAreNotCompared) {
  EXPECT_EQ(change_of(figure("r", "FLOP/s", 100, 0.01), figure("r", "FLOP/s", 10, 0.01, 5, false)),
            Change::not_comparable);
  EXPECT_TRUE(compare_reports(report({figure("a", "FLOP/s", 1, 0)}), report({figure("b", "FLOP/s", 1, 0)})).empty());
  const std::string text = render_comparison(
      compare_reports(report({figure("r", "FLOP/s", 100, 0.01)}), report({figure("r", "FLOP/s", 50, 0.01)})), "a", "b");
  EXPECT_NE(text.find("REGRESSED"), std::string::npos) << text;
  EXPECT_NE(text.find("1 regressed, 0 improved"), std::string::npos) << text;
}

}  // namespace
}  // namespace suanli
