// Commands that need no other rank never start MPI: with MPI start-up replaced by
// a shim that hangs or aborts (tests/shim/mpi_init_shim.cpp), info, formats, units
// and report still answer, and formats and report within 0.5 s; a benchmark does
// reach the shim, which shows the shim is in the way of anything that starts MPI;
// a benchmark's --help and the options its parser refuses are answered before it.
#include <chrono>

#include "e2e_fixture.hpp"

namespace {

using suanli::e2e::Outcome;
namespace fs = std::filesystem;
class NoMpiEndToEnd : public suanli::e2e::EndToEnd {
 protected:
  static std::string shim(const char* mode) {
    return fmt::format("LD_PRELOAD='{}' SUANLI_TEST_MPI_INIT={}", SUANLI_MPI_INIT_SHIM, mode);
  }
  // Wall time of one run, start-up of the shell included.
  double seconds_of(const std::string& args, const std::string& prefix, Outcome& outcome) const {
    const auto start = std::chrono::steady_clock::now();
    outcome = run(args, prefix);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
};

constexpr const char* reached = "mpi_init_shim: MPI start-up reached";

TEST_F(NoMpiEndToEnd, ABenchmarkReachesTheShim) {
  Outcome o = run("cloud --connections 2 --seconds 0.05 --quiet", shim("abort"));
  EXPECT_EQ(o.exit_code, 97) << o.err;
  EXPECT_NE(o.err.find(reached), std::string::npos) << o.err;
}

TEST_F(NoMpiEndToEnd, FormatsAndReportAnswerInHalfASecondWhereMpiHangs) {
  const std::string saved = (fs::path(SUANLI_SOURCE_DIR) / "tests/data/run_quick_report.json").string();
  for (const std::string& args : {std::string("formats 3.14"), "report '" + saved + "' --html page.html"}) {
    Outcome o;
    const double seconds = seconds_of(args, shim("hang"), o);
    EXPECT_EQ(o.exit_code, 0) << args << "\n" << o.err;
    EXPECT_EQ(o.err.find(reached), std::string::npos) << args << "\n" << o.err;
    EXPECT_LT(seconds, 0.5) << args;
  }
  EXPECT_TRUE(fs::exists(dir_ / "page.html"));
}

TEST_F(NoMpiEndToEnd, InfoAndUnitsAnswerWhereMpiCannotStart) {
  for (const char* args : {"info", "units"}) {
    Outcome o = run(args, shim("abort"));
    EXPECT_EQ(o.exit_code, 0) << args << "\n" << o.err;
    EXPECT_EQ(o.err.find(reached), std::string::npos) << args << "\n" << o.err;
    EXPECT_NE(o.out.find("FP64"), std::string::npos) << args << "\n" << o.out;
  }
}

TEST_F(NoMpiEndToEnd, HelpAndUsageErrorsNeedNoMpi) {
  EXPECT_EQ(run("--help", shim("abort")).exit_code, 0);
  Outcome o = run("no-such-command", shim("abort"));
  EXPECT_EQ(o.exit_code, 2) << o.err;
  EXPECT_EQ(line_count(o.err), 1) << o.err;
}

TEST_F(NoMpiEndToEnd, ABenchmarksHelpAndRefusedOptionsNeedNoMpi) {
  Outcome help = run("stream --help", shim("abort"));
  EXPECT_EQ(help.exit_code, 0) << help.err;
  EXPECT_NE(help.out.find("--size"), std::string::npos) << help.out;  // the benchmark's own help
  Outcome refused = run("hpl --no-such-option", shim("abort"));
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_EQ(line_count(refused.err), 1) << refused.err;
  EXPECT_NE(refused.err.find("--no-such-option"), std::string::npos) << refused.err;
}

}  // namespace
