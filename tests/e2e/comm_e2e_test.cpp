// `suanli comm` as a user runs it: every operation verified on two ranks with its
// per-size curve in the JSON, one rank explained with exit 0, bad input one line
// with exit 2 and nothing written.
#include <nlohmann/json.hpp>

#include "e2e_fixture.hpp"

namespace {

using suanli::e2e::Outcome;
using suanli::e2e::read_file;
class CommEndToEnd : public suanli::e2e::EndToEnd {};

std::string two_ranks() {
  return fmt::format("OMP_NUM_THREADS=1 {} --oversubscribe --allow-run-as-root -np 2", SUANLI_MPIEXEC);
}

TEST_F(CommEndToEnd, EveryOperationIsVerifiedOnTwoRanks) {
  Outcome o = run("comm --max-size 64Ki --iterations 100 --json comm.json --quiet", two_ranks());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const nlohmann::json report = nlohmann::json::parse(read_file(dir_ / "comm.json"));
  EXPECT_EQ(report["all_verified"], true);
  ASSERT_EQ(report["results"].size(), 8u);
  std::vector<std::string> metrics;
  for (const auto& r : report["results"]) {
    metrics.push_back(r["metric"]);
    EXPECT_EQ(r["benchmark"], "comm");
    EXPECT_EQ(r["verification"]["passed"], true) << r["metric"];
    EXPECT_EQ(r["verification"]["value"], 0) << r["metric"];
    EXPECT_GT(r["value"].get<double>(), 0) << r["metric"];
  }
  EXPECT_EQ(metrics, (std::vector<std::string>{"pingpong", "bandwidth", "bibandwidth", "allreduce", "reduce_scatter",
                                               "allgather", "alltoall", "bcast"}));
  const auto& pingpong = report["results"][0];
  EXPECT_EQ(pingpong["unit"], "s");
  EXPECT_LT(pingpong["value"].get<double>(), 1e-3);  // a small message's one-way latency
  EXPECT_EQ(pingpong["parameters"]["same_host"], true);
  EXPECT_EQ(pingpong["parameters"]["mpi_thread_level"], "single");  // one OpenMP thread per rank
  EXPECT_EQ(pingpong["parameters"]["sizes_bytes"].get<std::string>().rfind("1,2,4,", 0), 0u);
  EXPECT_EQ(pingpong["parameters"]["size_1_latency_s"], pingpong["value"]);
  EXPECT_GT(pingpong["parameters"]["size_65536_bandwidth_bytes_per_s"].get<double>(), 0);
  const auto& allreduce = report["results"][3];
  EXPECT_EQ(allreduce["unit"], "B/s");
  EXPECT_EQ(allreduce["parameters"]["bus_bandwidth_factor"], 1.0);  // 2(n-1)/n at n = 2
  EXPECT_EQ(allreduce["parameters"]["size_8_wrong_elements"], 0);
  EXPECT_GT(allreduce["parameters"]["size_65536_busbw_bytes_per_s"].get<double>(), 0);
  EXPECT_EQ(files(), (std::vector<std::string>{"comm.json"}));
}

TEST_F(CommEndToEnd, MoreThreadsAskForFunneled) {
  const std::string launcher = fmt::format("OMP_NUM_THREADS=2 {} --oversubscribe --allow-run-as-root -np 2",
                                           SUANLI_MPIEXEC);
  Outcome o = run("comm --ops pingpong --max-size 8 --iterations 10 --json threads.json --quiet", launcher);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const nlohmann::json report = nlohmann::json::parse(read_file(dir_ / "threads.json"));
  EXPECT_EQ(report["results"][0]["parameters"]["mpi_thread_level"], "funneled");
}

TEST_F(CommEndToEnd, OneRankExplainsAndExitsZero) {
  Outcome o = run("comm --max-size 64 --json one.json");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("mpirun -np 2"), std::string::npos) << o.out;
  const nlohmann::json report = nlohmann::json::parse(read_file(dir_ / "one.json"));
  EXPECT_EQ(report["all_verified"], true);
  ASSERT_EQ(report["results"].size(), 8u);
  for (const auto& r : report["results"]) {
    EXPECT_TRUE(r["value"].is_null()) << r["metric"];
    EXPECT_FALSE(r["notes"].empty()) << r["metric"];
  }
}

TEST_F(CommEndToEnd, BadInputIsOneLineAndExitTwo) {
  for (const char* args : {"comm --ops pingpong,scatter", "comm --max-size 4", "comm --max-size 2Gi",
                           "comm --max-size lots", "comm --iterations 0", "comm --iterations -5"}) {
    Outcome o = run(std::string(args) + " --json bad.json");
    EXPECT_EQ(o.exit_code, 2) << args << "\n" << o.err;
    EXPECT_EQ(line_count(o.err), 1) << args << "\n" << o.err;
    EXPECT_TRUE(files().empty()) << args;
  }
  EXPECT_NE(run("comm --ops pingpong,scatter").err.find("--ops"), std::string::npos);
  EXPECT_NE(run("comm --max-size 2Gi").err.find("--max-size"), std::string::npos);
  // Refused on two ranks as well, before any communication: one line, not one per rank.
  Outcome two = run("comm --ops nope", two_ranks());
  EXPECT_EQ(two.exit_code, 2) << two.err;
  EXPECT_NE(two.err.find("--ops"), std::string::npos) << two.err;
}

}  // namespace
