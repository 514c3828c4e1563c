// The Rpeak guard in every place an efficiency is shown: the terminal table,
// the JSON (above_rpeak and the clocks), the HTML page and its bar chart.
#include <gtest/gtest.h>

#include <string>

#include "core/rpeak_guard.hpp"
#include "report/html_report.hpp"
#include "report/json_report.hpp"
#include "report/results_table.hpp"
#include "report/svg_chart.hpp"

namespace suanli {
namespace {

Result peak_at(double share_of_rpeak) {
  Result r;
  r.benchmark = "peak";
  r.metric = "fma_all_cores";
  r.precision = "fp64";
  r.unit = "FLOP/s";
  r.value = share_of_rpeak * 200e9;
  r.statistic = "median";
  r.stats = {3, r.value, r.value, r.value, r.value, 0.01};
  r.verification = {true, "checksum", 0, 0};
  r.rpeak = 200e9;
  r.efficiency = share_of_rpeak;  // as a benchmark without the guard would have set it
  r.parameters = {{rpeak_hz_parameter, 3.41e9}, {held_hz_parameter, 3.55e9}};
  return r;
}

TEST(RpeakJson, AboveRpeakIsFlaggedWithTheClocksAndNoEfficiency) {
  const nlohmann::json j = result_to_json(peak_at(1.04));
  EXPECT_EQ(j["above_rpeak"], true);
  EXPECT_TRUE(j["efficiency"].is_null());
  EXPECT_EQ(j["efficiency_capped"], false);
  EXPECT_NEAR(j["rpeak_model_error"]["above_by"].get<double>(), 0.04, 1e-12);
  EXPECT_DOUBLE_EQ(j["rpeak_model_error"]["rpeak_hz"].get<double>(), 3.41e9);
  EXPECT_DOUBLE_EQ(j["rpeak_model_error"]["clock_held_hz"].get<double>(), 3.55e9);
  EXPECT_NE(j["rpeak_model_error"]["message"].get<std::string>().find("model error"), std::string::npos);
  EXPECT_DOUBLE_EQ(j["parameters"][held_hz_parameter].get<double>(), 3.55e9);  // the clock held, per result
}

TEST(RpeakJson, WithinNoiseTheEfficiencyIsCappedAtOne) {
  const nlohmann::json j = result_to_json(peak_at(1.01));
  EXPECT_EQ(j["above_rpeak"], false);
  EXPECT_EQ(j["efficiency_capped"], true);
  EXPECT_DOUBLE_EQ(j["efficiency"].get<double>(), 1.0);
  EXPECT_FALSE(j.contains("rpeak_model_error"));
}

TEST(RpeakJson, BelowRpeakCarriesThePlainEfficiencyAndNoFlag) {
  const nlohmann::json j = result_to_json(peak_at(0.9));
  EXPECT_EQ(j["above_rpeak"], false);
  EXPECT_EQ(j["efficiency_capped"], false);
  EXPECT_DOUBLE_EQ(j["efficiency"].get<double>(), 0.9);
}

TEST(RpeakResultsTable, NeverShowsAnEfficiencyAbove100) {
  const std::string out = render_results_table({peak_at(1.04), peak_at(1.01), peak_at(0.9)});
  EXPECT_EQ(out.find("104.0%"), std::string::npos) << out;
  EXPECT_EQ(out.find("101.0%"), std::string::npos) << out;
  EXPECT_NE(out.find("above Rpeak"), std::string::npos) << out;
  EXPECT_NE(out.find("\u2248100%"), std::string::npos) << out;
  EXPECT_NE(out.find("90.0%"), std::string::npos) << out;
  EXPECT_NE(out.find("model error"), std::string::npos) << out;
  EXPECT_NE(out.find("3.41 GHz"), std::string::npos) << out;
  EXPECT_NE(out.find("3.55 GHz"), std::string::npos) << out;
}

TEST(RpeakHtml, TheTableAndTheBarChartFlagARateAboveRpeak) {
  Report saved;
  saved.machine.rpeak_hz = 3.41e9;
  saved.results = {peak_at(1.04), peak_at(1.01), peak_at(1.05)};
  nlohmann::json report = report_to_json(saved);
  // The third as a report saved before the guard: efficiency above 1 and no flag; the page applies the guard itself.
  nlohmann::json& old = report["results"][2];
  old["efficiency"] = 1.05;
  old.erase("above_rpeak");
  old.erase("rpeak_model_error");
  const std::string html = render_html_report(report, {{"peak", "hpc"}});
  for (const char* shown : {"104.0%", "101.0%", "105.0%"}) EXPECT_EQ(html.find(shown), std::string::npos) << shown;
  EXPECT_NE(html.find("above Rpeak"), std::string::npos);
  EXPECT_NE(html.find("\u2248100%"), std::string::npos);
  EXPECT_NE(html.find("3.55 GHz"), std::string::npos);  // the clocks of the model error
}

TEST(RpeakHtml, BarChartShowsNoPercentageAbove100) {
  const std::string svg = report::svg::bar_chart(
      {"peak", "FLOP/s", {{"fp64", 208e9, 200e9, true}, {"fp32", 202e9, 200e9, true}}, true});
  EXPECT_EQ(svg.find("104.0%"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("101.0%"), std::string::npos) << svg;
  EXPECT_NE(svg.find("above Rpeak"), std::string::npos) << svg;
  EXPECT_NE(svg.find("\u2248100%"), std::string::npos) << svg;
}

}  // namespace
}  // namespace suanli
