// `suanli report FILE.json` as a user runs it: the HTML page of a saved run, the
// same page `run` writes; a file that is not a report is one line and exit 2.
#include <nlohmann/json.hpp>

#include "e2e_fixture.hpp"

namespace {

using suanli::e2e::Outcome;
using suanli::e2e::read_file;
class ReportEndToEnd : public suanli::e2e::EndToEnd {};

TEST_F(ReportEndToEnd, RendersASavedRun) {
  ASSERT_EQ(run("stream --size 8Mi --trials 2 --json s.json --quiet").exit_code, 0);
  Outcome o = run("report s.json");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(o.out, "report written to s.html\n");
  const std::string html = read_file(dir_ / "s.html");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("triad"), std::string::npos);
  EXPECT_NE(html.find("verdict ok"), std::string::npos);
  ASSERT_EQ(run("report s.json --html elsewhere.html").exit_code, 0);
  EXPECT_EQ(read_file(dir_ / "elsewhere.html"), html);
  EXPECT_EQ(files(), (std::vector<std::string>{"elsewhere.html", "s.html", "s.json"}));
}

TEST_F(ReportEndToEnd, NotAReportIsOneLineAndExitTwo) {
  std::ofstream(dir_ / "x.json") << "{\"schema\": \"other/2\"}";
  Outcome o = run("report x.json");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.err, "suanli: report: 'x.json' is not a suanli report (schema suanli/1 with results)\n");
  Outcome missing = run("report nowhere.json");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(line_count(missing.err), 1);
  EXPECT_EQ(files(), std::vector<std::string>{"x.json"});
}

TEST_F(ReportEndToEnd, TheFlowPictureIsInThePageWhenTheRunWroteOne) {
  ASSERT_EQ(run("cfd --n 32 --picture flow.svg --json cfd.json --quiet").exit_code, 0);
  ASSERT_EQ(run("report cfd.json").exit_code, 0);
  const std::string html = read_file(dir_ / "cfd.html");
  const std::string picture = read_file(dir_ / "flow.svg");
  EXPECT_NE(html.find(picture.substr(picture.find("<svg"), 200)), std::string::npos);
  EXPECT_NE(html.find("speed and streamlines (flow.svg)"), std::string::npos);
  std::filesystem::remove(dir_ / "flow.svg");
  ASSERT_EQ(run("report cfd.json").exit_code, 0);
  EXPECT_NE(read_file(dir_ / "cfd.html").find("is not where the run wrote it"), std::string::npos);
}

TEST_F(ReportEndToEnd, TwoRunsAreComparedAndAPlantedRegressionIsFlagged) {
  ASSERT_EQ(run("stream --size 8Mi --trials 3 --json a.json --quiet").exit_code, 0);
  // The second run: the first with Triad cut tenfold, far beyond any run's variation.
  nlohmann::json b = nlohmann::json::parse(read_file(dir_ / "a.json"));
  for (auto& r : b["results"])
    if (r["metric"] == "triad") r["value"] = r["value"].get<double>() / 10;
  std::ofstream(dir_ / "b.json") << b.dump();
  Outcome o = run("report a.json b.json");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("stream triad (fp64)"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("0.100"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("REGRESSED"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("4 figure(s) compared: 1 regressed, 0 improved"), std::string::npos) << o.out;
  EXPECT_EQ(files(), (std::vector<std::string>{"a.json", "b.json"}));  // nothing written
}

}  // namespace
