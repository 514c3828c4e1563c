// `suanli io` as a user runs it: a tiny run writes verified JSON and leaves nothing
// in --dir; bad input is one line, exit 2 and nothing written; a planted wrong block
// is exit 1 with the files gone; Ctrl-C, once or twice, leaves no files either.
#include <nlohmann/json.hpp>

#include "e2e_fixture.hpp"

namespace {

using suanli::e2e::Outcome;
using suanli::e2e::read_file;
namespace fs = std::filesystem;

class IoEndToEnd : public suanli::e2e::EndToEnd {
 protected:
  void SetUp() override {
    EndToEnd::SetUp();
    fs::create_directories(dir_ / "scratch");
  }
  bool scratch_empty() const { return fs::is_empty(dir_ / "scratch"); }
};

constexpr const char* tiny = "io --dir scratch --size 2Mi --block 256Ki --depths 1,4 --seconds 0.03";

TEST_F(IoEndToEnd, ATinyRunWritesVerifiedJsonAndLeavesNothing) {
  Outcome o = run(std::string(tiny) + " --json io.json --quiet");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const nlohmann::json report = nlohmann::json::parse(read_file(dir_ / "io.json"));
  EXPECT_EQ(report["all_verified"], true);
  ASSERT_EQ(report["results"].size(), 8u);
  for (const auto& r : report["results"]) {
    EXPECT_EQ(r["benchmark"], "io");
    EXPECT_EQ(r["verification"]["passed"], true) << r["metric"];
    EXPECT_GT(r["value"].get<double>(), 0) << r["metric"];
    EXPECT_EQ(r["parameters"]["bytes_per_rank"], 2 << 20) << r["metric"];
  }
  EXPECT_EQ(report["results"][6]["metric"], "random_read");
  EXPECT_GT(report["results"][6]["parameters"]["qd_4_latency_p50_s"].get<double>(), 0);
  EXPECT_TRUE(scratch_empty());
  EXPECT_EQ(files(), (std::vector<std::string>{"io.json", "scratch"}));
}

TEST_F(IoEndToEnd, BadInputIsOneLineExitTwoAndNothingWritten) {
  std::ofstream(dir_ / "plain-file") << "x";
  // (The other refusals, --patterns, --depths, are checked in tests/mpi/io_test.cpp.)
  const std::vector<std::pair<const char*, const char*>> cases = {{"io --dir missing", "--dir: "},
                                                                  {"io --dir plain-file", "--dir: "},
                                                                  {"io --dir scratch --block 1000", "--block: "},
                                                                  {"io --dir scratch --size 1000Pi", "--size: "}};
  for (const auto& [args, option] : cases) {
    Outcome o = run(std::string(args) + " --json bad.json");
    EXPECT_EQ(o.exit_code, 2) << args << "\n" << o.err;
    EXPECT_EQ(line_count(o.err), 1) << args << "\n" << o.err;
    EXPECT_NE(o.err.find(option), std::string::npos) << args << "\n" << o.err;
    EXPECT_TRUE(scratch_empty()) << args;
    EXPECT_EQ(files(), (std::vector<std::string>{"plain-file", "scratch"})) << args;
  }
}

TEST_F(IoEndToEnd, APlantedWrongBlockIsExitOneWithTheFilesGone) {
  Outcome o = run(std::string(tiny) + " --patterns checkpoint,random --corrupt --json bad.json --quiet");
  EXPECT_EQ(o.exit_code, 1) << o.err;
  const nlohmann::json report = nlohmann::json::parse(read_file(dir_ / "bad.json"));
  EXPECT_EQ(report["all_verified"], false);
  EXPECT_EQ(report["results"][0]["verification"]["value"], 1);
  EXPECT_TRUE(scratch_empty());
}

TEST_F(IoEndToEnd, CtrlCOnceOrTwiceLeavesNoFiles) {
  // Once: the run stops at its next check and unwinds (exit 3, what was measured written).
  Outcome once = run("io --dir scratch --size 4Mi --patterns random --depths 1 --seconds 30 --quiet 2>/dev/null & pid=$!; " +
                         wait_until_started() + "; sleep 0.3; kill -INT $pid; wait $pid; exit $?",
                     ready_prefix());
  EXPECT_EQ(once.exit_code, 3) << once.err;
  EXPECT_TRUE(scratch_empty());
  fs::remove(ready_file());  // the second run announces its own start
  // Twice: the second signal ends the process; the handler removes the files first.
  Outcome twice = run("io --dir scratch --size 4Mi --patterns random --depths 1 --seconds 30 --quiet 2>/dev/null & pid=$!; " +
                          wait_until_started() + "; sleep 0.3; kill -TERM $pid; sleep 0.01; kill -TERM $pid; wait $pid; exit $?",
                      ready_prefix());
  EXPECT_NE(twice.exit_code, 0);
  EXPECT_TRUE(scratch_empty());
}

}  // namespace
