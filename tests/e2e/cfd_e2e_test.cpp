// `suanli cfd` as a user runs it: a small verified cavity with all its files, a Taylor–Green run,
// and bad input as one line with exit code 2 and nothing written.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdlib>

#include "e2e_fixture.hpp"

namespace {

using suanli::e2e::Outcome;
using suanli::e2e::read_file;
class CfdEndToEnd : public suanli::e2e::EndToEnd {};

TEST_F(CfdEndToEnd, CavityRunIsVerifiedAndWritesItsFiles) {
  Outcome o = run("cfd --n 32 --json out.json --profiles p.csv --picture flow.svg --vtk flow.vtk");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("cfd"), std::string::npos) << o.out;
  const nlohmann::json report = nlohmann::json::parse(read_file(dir_ / "out.json"));
  EXPECT_EQ(report["all_verified"], true);
  ASSERT_EQ(report["results"].size(), 1u);
  const auto& r = report["results"][0];
  EXPECT_EQ(r["benchmark"], "cfd");
  EXPECT_EQ(r["unit"], "LUP/s");
  EXPECT_GT(r["value"].get<double>(), 0);
  EXPECT_EQ(r["verification"]["passed"], true);
  EXPECT_EQ(r["parameters"]["profiles_file"], "p.csv");
  EXPECT_EQ(r["parameters"]["steady"], true);
  EXPECT_EQ(files(), (std::vector<std::string>{"flow.svg", "flow.vtk", "out.json", "p.csv"}));  // no temporaries
  EXPECT_NE(read_file(dir_ / "p.csv").find("position,u_vertical,v_horizontal"), std::string::npos);
  EXPECT_EQ(read_file(dir_ / "flow.vtk").rfind("# vtk DataFile", 0), 0u);
  EXPECT_NE(read_file(dir_ / "flow.svg").find("<polyline"), std::string::npos);
}

TEST_F(CfdEndToEnd, TaylorGreenRunIsVerified) {
  Outcome o = run("cfd --case taylor-green --n 32 --json tg.json --quiet");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const nlohmann::json report = nlohmann::json::parse(read_file(dir_ / "tg.json"));
  EXPECT_EQ(report["results"][0]["verification"]["passed"], true);
  EXPECT_GT(report["results"][0]["parameters"]["taylor_green_max_error"].get<double>(), 0);
}

TEST_F(CfdEndToEnd, BadInputIsOneLineAndExitTwo) {
  for (const char* args : {"cfd --re -1", "cfd --re 0", "cfd --n 4", "cfd --case poiseuille", "cfd --tol -3",
                           "cfd --case taylor-green --profiles p.csv", "cfd --vtk no/such/dir/f.vtk"}) {
    Outcome o = run(args);
    EXPECT_EQ(o.exit_code, 2) << args << "\n" << o.err;
    EXPECT_EQ(line_count(o.err), 1) << args << "\n" << o.err;
    EXPECT_TRUE(files().empty()) << args;
  }
  EXPECT_NE(run("cfd --re -1").err.find("--re"), std::string::npos);
  EXPECT_NE(run("cfd --n 4").err.find("--n"), std::string::npos);
  EXPECT_NE(run("cfd --case poiseuille").err.find("--case"), std::string::npos);
}

TEST_F(CfdEndToEnd, OddAndPrimeSizesAreVerifiedAtTheSpeedOfTheirNeighbours) {
  // 31 and 33 once stopped multigrid at the fine grid itself (no halving), swept to convergence:
  // 60 times slower than 32. Each now takes about as long as 32 (well under a second alone).
  for (const char* n : {"31", "33", "37"}) {
    Outcome o = run(fmt::format("cfd --n {} --json r.json --quiet", n));
    ASSERT_EQ(o.exit_code, 0) << n << "\n" << o.err;
    const nlohmann::json r = nlohmann::json::parse(read_file(dir_ / "r.json"))["results"][0];
    EXPECT_EQ(r["verification"]["passed"], true) << n;
    EXPECT_EQ(r["parameters"]["steady"], true) << n;
    EXPECT_GE(r["parameters"]["multigrid_levels"].get<int>(), 4) << n;
    EXPECT_LT(r["parameters"]["poisson_cycles_per_solve"].get<double>(), 4) << n;
  }
}

TEST_F(CfdEndToEnd, SizesThatDoNotSplitOverTheRanksAreRefusedAtOnce) {
  const std::string mpirun =
      fmt::format("OMP_NUM_THREADS=1 {} --oversubscribe --allow-run-as-root -np 2", SUANLI_MPIEXEC);
  for (const char* n : {"33", "34"}) {
    Outcome o = run(fmt::format("cfd --n {}", n), mpirun);
    EXPECT_EQ(o.exit_code, 2) << n << "\n" << o.err;
    // One line from suanli (rank 0 alone speaks); mpirun adds its own box about the exit code.
    int ours = 0;
    for (std::size_t at = o.err.find("suanli: "); at != std::string::npos; at = o.err.find("suanli: ", at + 1)) ++ours;
    EXPECT_EQ(ours, 1) << n << "\n" << o.err;
    EXPECT_NE(o.err.find("suanli: --n: "), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("do not split over 2 ranks"), std::string::npos) << o.err;
  }
}

TEST_F(CfdEndToEnd, ATerminalSeesTheMarchTowardsSteadyState) {
  // The line is drawn only on a terminal: script(1) gives the run one.
  if (std::system("command -v script >/dev/null 2>&1") != 0) GTEST_SKIP() << "script(1) is not installed";
  const std::string command = fmt::format("cd '{}' && script -qec \"'{}' cfd --n 32\" /dev/null >tty.txt 2>&1",
                                          dir_.string(), SUANLI_BINARY);
  ASSERT_EQ(std::system(command.c_str()), 0);
  const std::string seen = read_file(dir_ / "tty.txt");
  EXPECT_NE(seen.find("cfd: step "), std::string::npos) << seen;
  EXPECT_NE(seen.find("(steady at 1e-04)"), std::string::npos) << seen;
}

}  // namespace
