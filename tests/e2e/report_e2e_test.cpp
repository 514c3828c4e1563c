// `suanli report FILE.json` as a user runs it: the HTML page of a saved run, the
// same page `run` writes; a file that is not a report is one line and exit 2.
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

}  // namespace
