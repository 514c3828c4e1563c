#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "core/atomic_file.hpp"
#include "report/json_report.hpp"
#include "report/results_table.hpp"
#include "report/text_table.hpp"

namespace suanli {
namespace {

Result sample_result(bool passed) {
  Result r;
  r.benchmark = "stream";
  r.metric = "triad";
  r.precision = "fp64";
  r.unit = "B/s";
  r.value = 3.21e10;
  r.statistic = "best";
  r.stats = {5, 3.0e10, 2.9e10, 3.21e10, 3.05e10, 0.04};
  r.parameters = {{"array_bytes", std::int64_t{134217728}},
                  {"kernel_variant", std::string("avx512-nt")},
                  {"ratio", std::numeric_limits<double>::quiet_NaN()},
                  {"reference", false}};
  r.verification = {passed, "max relative error", 0.0, 1e-13};
  r.notes = {"a note"};
  return r;
}

TEST(JsonReport, ResultHasSnakeCaseKeysAndNullForNonFinite) {
  nlohmann::json j = result_to_json(sample_result(true));
  EXPECT_EQ(j["benchmark"], "stream");
  EXPECT_EQ(j["unit"], "B/s");
  EXPECT_DOUBLE_EQ(j["value"].get<double>(), 3.21e10);
  EXPECT_EQ(j["stats"]["count"], 5);
  EXPECT_EQ(j["parameters"]["array_bytes"], 134217728);
  EXPECT_EQ(j["parameters"]["kernel_variant"], "avx512-nt");
  EXPECT_TRUE(j["parameters"]["ratio"].is_null());
  EXPECT_EQ(j["parameters"]["reference"], false);
  EXPECT_EQ(j["verification"]["passed"], true);
  EXPECT_TRUE(j["rpeak"].is_null());
  EXPECT_TRUE(j["efficiency"].is_null());
  EXPECT_EQ(j["notes"][0], "a note");
  EXPECT_TRUE(j["arithmetic_intensity"].is_null());
  EXPECT_EQ(j["roofline_role"], "none");
  Result with_roofline = sample_result(true);
  with_roofline.arithmetic_intensity = 2.0 / 24;
  with_roofline.roofline_role = RooflineRole::memory_roof;
  nlohmann::json k = result_to_json(with_roofline);
  EXPECT_DOUBLE_EQ(k["arithmetic_intensity"].get<double>(), 2.0 / 24);
  EXPECT_EQ(k["roofline_role"], "memory_roof");
  EXPECT_TRUE(number_or_null(std::numeric_limits<double>::infinity()).is_null());
}

TEST(JsonReport, ReportCarriesSchemaWorldAndVerificationSummary) {
  Report report;
  report.command_line = "suanli stream";
  report.world.ranks = 2;
  report.world.hosts = {{"node1", 2}};
  report.results = {sample_result(true), sample_result(false)};
  nlohmann::json j = report_to_json(report);
  EXPECT_EQ(j["schema"], "suanli/1");
  EXPECT_EQ(j["world"]["ranks"], 2);
  EXPECT_EQ(j["world"]["hosts"][0]["host"], "node1");
  EXPECT_EQ(j["results"].size(), 2u);
  EXPECT_EQ(j["all_verified"], false);
  EXPECT_TRUE(j.contains("machine"));
  // The dump must parse back: NaN never reaches the text.
  EXPECT_NO_THROW(nlohmann::json::parse(j.dump()));
}

TEST(AtomicFile, WritesWholeFileAndLeavesNoTemporary) {
  const auto dir = std::filesystem::temp_directory_path() / "suanli_atomic_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "out.json").string();
  write_file_atomically(path, "first");
  write_file_atomically(path, "second version");
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "second version");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()), 1);
  std::filesystem::remove_all(dir);
}

TEST(AtomicFile, FailureNamesThePathAndLeavesNothing) {
  EXPECT_THROW(write_file_atomically("/nonexistent-dir/x/out.json", "x"), std::runtime_error);
}

TEST(TextTable, AlignsColumnsCountingWideCharactersAsTwoCells) {
  TextTable table({"symbol", "描述", "value"}, {Align::left, Align::left, Align::right});
  table.add_row({"G", "每秒十亿次", "1e9"});
  table.add_row({"K", "每秒千次", "1000"});
  const std::string out = table.render();
  std::istringstream lines(out);
  std::string header, rule, row1, row2;
  std::getline(lines, header);
  std::getline(lines, rule);
  std::getline(lines, row1);
  std::getline(lines, row2);
  EXPECT_EQ(display_width(row1), display_width(row2));
  EXPECT_EQ(display_width(rule), display_width(row1));
  EXPECT_EQ(display_width("每秒"), 4u);
  EXPECT_EQ(display_width("ab"), 2u);
}

TEST(ResultsTable, ShowsScaledValueAndVerification) {
  const std::string out = render_results_table({sample_result(true), sample_result(false)});
  EXPECT_NE(out.find("32.1 GB/s"), std::string::npos) << out;
  EXPECT_NE(out.find("passed"), std::string::npos);
  EXPECT_NE(out.find("FAILED"), std::string::npos);
  EXPECT_NE(out.find("a note"), std::string::npos);
  EXPECT_EQ(out.find("a note"), out.rfind("a note"));  // a shared note is printed once
  EXPECT_EQ(display_unit("FLOP/s"), "FLOPS");
}

}  // namespace
}  // namespace suanli
