// `suanli cfd` as a user runs it: a small verified cavity with all its files, a Taylor–Green run,
// and bad input as one line with exit code 2 and nothing written.
#include <nlohmann/json.hpp>

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

}  // namespace
