// `suanli cloud` as a user runs it: verified JSON; bad input one line and exit 2
// with nothing written; Ctrl-C in the middle ends the run with exit 3 and the
// points measured so far written.
#include <nlohmann/json.hpp>

#include "e2e_fixture.hpp"

namespace {

using suanli::e2e::Outcome;
using suanli::e2e::read_file;
class CloudEndToEnd : public suanli::e2e::EndToEnd {};

TEST_F(CloudEndToEnd, ATinyRunIsVerified) {
  Outcome o = run("cloud --connections 2,32 --seconds 0.05 --json c.json --quiet");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const nlohmann::json report = nlohmann::json::parse(read_file(dir_ / "c.json"));
  EXPECT_EQ(report["all_verified"], true);
  EXPECT_GT(report["results"][0]["parameters"]["connections_32_p99_s"].get<double>(), 0);
}

TEST_F(CloudEndToEnd, BadConnectionsIsOneLineAndExitTwo) {
  Outcome o = run("cloud --connections 16,zero --json never.json");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.err, "suanli: --connections: expected counts such as 1,16,256 (1 … 65536), got 'zero'\n");
  EXPECT_TRUE(files().empty());
}

TEST_F(CloudEndToEnd, AnOpenLoopTooSlowToMeasureIsRefusedAtOnce) {
  // 0.5 requests/s for 0.2 s per point sends none: once reported as "0 req/s, passed".
  Outcome o = run("cloud --rate 0.5 --json never.json");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(line_count(o.err), 1) << o.err;
  EXPECT_EQ(o.err.rfind("suanli: --rate: ", 0), 0u) << o.err;
  EXPECT_NE(o.err.find("at least 100 per point"), std::string::npos) << o.err;
  EXPECT_TRUE(files().empty());
}

TEST_F(CloudEndToEnd, CtrlCEndsWithTheFiguresSoFar) {
  // Eight points of 0.3 s; SIGINT about two of them after the run has started.
  Outcome o = run("cloud --connections 1,2,3,4,5,6,7,8 --seconds 0.3 --no-comparison --json c.json "
                  ">background.out 2>background.err & pid=$!; " +
                      wait_until_started() + "; sleep 0.6; kill -INT $pid; wait $pid",
                  ready_prefix());
  EXPECT_EQ(o.exit_code, 3) << o.err;
  const std::string err = read_file(dir_ / "background.err");
  EXPECT_NE(err.find("interrupted during cloud: the figures measured so far are written"), std::string::npos) << err;
  const nlohmann::json report = nlohmann::json::parse(read_file(dir_ / "c.json"));
  ASSERT_FALSE(report["results"].empty());
  const auto& sweep = report["results"][0];
  EXPECT_EQ(sweep["verification"]["passed"], true);
  EXPECT_TRUE(sweep["parameters"].contains("connections_1_requests_per_s"));
  EXPECT_FALSE(sweep["parameters"].contains("connections_8_requests_per_s"));
}

}  // namespace
