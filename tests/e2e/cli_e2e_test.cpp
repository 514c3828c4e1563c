// The real binary: its exit codes, its one-line errors, its JSON.
#include <cstdio>
#include <regex>
#include <nlohmann/json.hpp>

#include "e2e_fixture.hpp"

namespace {

using suanli::e2e::Outcome;
using suanli::e2e::read_file;
class CliEndToEnd : public suanli::e2e::EndToEnd {};

TEST_F(CliEndToEnd, HelpListsTheCommandsAndExitsZero) {
  Outcome o = run("--help");
  EXPECT_EQ(o.exit_code, 0);
  for (const char* command : {"info", "formats", "units", "run", "stream", "peak", "gemm", "hpl", "mxp", "hpcg", "cfd"})
    EXPECT_NE(o.out.find(command), std::string::npos) << command;
  EXPECT_EQ(run("stream --help").exit_code, 0);
}

TEST_F(CliEndToEnd, UnknownCommandOrOptionIsOneLineAndExitTwo) {
  for (const char* args : {"frobnicate", "stream --no-such-option", "", "run --profile fast",
                           "formats --decode 0x4049 --as bf17", "formats pi", "formats --decode 0x1ff --as fp8_e4m3",
                           "stream --trials 0", "stream --size=-3"}) {
    Outcome o = run(args);
    EXPECT_EQ(o.exit_code, 2) << args << "\n" << o.err;
    EXPECT_EQ(line_count(o.err), 1) << args << "\n" << o.err;
    EXPECT_TRUE(files().empty()) << args;
  }
  EXPECT_NE(run("stream --size=-3").err.find("--size"), std::string::npos);
  EXPECT_NE(run("frobnicate").err.find("frobnicate"), std::string::npos);
  EXPECT_NE(run("formats --decode 0x4049 --as bf17").err.find("--as"), std::string::npos);
}

TEST_F(CliEndToEnd, ASizeBeyondMemoryIsRejectedWithTheLargestThatFits) {
  Outcome o = run("stream --size 64Ti --json out.json");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(line_count(o.err), 1) << o.err;
  EXPECT_NE(o.err.find("largest"), std::string::npos) << o.err;
  EXPECT_TRUE(files().empty());
}

TEST_F(CliEndToEnd, EnvironmentTwinSetsAnOption) {
  Outcome o = run("stream --quiet", "SUANLI_STREAM_SIZE=-1");
  EXPECT_EQ(o.exit_code, 2) << o.err;
  EXPECT_NE(o.err.find("--size"), std::string::npos) << o.err;
}

void expect_valid_stream_report(const nlohmann::json& report, int ranks) {
  EXPECT_EQ(report["schema"], "suanli/1");
  EXPECT_EQ(report["world"]["ranks"], ranks);
  EXPECT_EQ(report["all_verified"], true);
  EXPECT_TRUE(report["machine"].is_object());
  int stream_results = 0;
  for (const auto& r : report["results"]) {
    if (r["benchmark"] != "stream") continue;
    ++stream_results;
    EXPECT_EQ(r["unit"], "B/s");
    EXPECT_EQ(r["verification"]["passed"], true);
    EXPECT_GT(r["value"].get<double>(), 0);
  }
  EXPECT_EQ(stream_results, 4);
}

TEST_F(CliEndToEnd, StreamWritesAVerifiedReport) {
  Outcome o = run("stream --size 4Mi --trials 3 --json out.json");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("triad"), std::string::npos) << o.out;
  expect_valid_stream_report(nlohmann::json::parse(read_file(dir_ / "out.json")), 1);
  EXPECT_EQ(files(), std::vector<std::string>{"out.json"});  // no temporary left
}

TEST_F(CliEndToEnd, StreamUnderMpirunSumsTwoRanks) {
  Outcome o = run("stream --size 4Mi --trials 3 --json out.json --quiet",
                  fmt::format("OMP_NUM_THREADS=1 {} --oversubscribe --allow-run-as-root -np 2", SUANLI_MPIEXEC));
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_TRUE(o.out.empty()) << o.out;  // --quiet
  expect_valid_stream_report(nlohmann::json::parse(read_file(dir_ / "out.json")), 2);
}

TEST_F(CliEndToEnd, InfoPrintsRpeakAndWritesJson) {
  Outcome o = run("info --json machine.json");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  for (const char* word : {"FP64", "FP32", "BF16", "INT8"}) EXPECT_NE(o.out.find(word), std::string::npos) << word;
  nlohmann::json machine = nlohmann::json::parse(read_file(dir_ / "machine.json"));
  EXPECT_GT(machine["rpeak_hz"].get<double>(), 0);
  EXPECT_FALSE(machine["peaks"].empty());
  // The libraries the dense products run on, and why, before any benchmark runs.
  EXPECT_NE(o.out.find("Dense BLAS"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("FP32 GEMM"), std::string::npos) << o.out;
  const std::string engine = machine["dense_libraries"]["Dense BLAS"].get<std::string>();
  EXPECT_TRUE(engine.rfind("BLIS ", 0) == 0 || engine.rfind("OpenBLAS ", 0) == 0) << engine;
}

TEST_F(CliEndToEnd, FormatsEncodesAndDecodes) {
  Outcome table = run("formats");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  for (const char* name : {"FP64", "BF16", "E4M3", "E2M1", "INT4"}) EXPECT_NE(table.out.find(name), std::string::npos);
  Outcome value = run("formats 3.14159");
  ASSERT_EQ(value.exit_code, 0) << value.err;
  EXPECT_NE(value.out.find("3.140625"), std::string::npos) << value.out;  // BF16's nearest
  EXPECT_NE(value.out.find("0|10000000|1001001"), std::string::npos) << value.out;
  Outcome decoded = run("formats --decode 0x4049 --as bf16");
  ASSERT_EQ(decoded.exit_code, 0) << decoded.err;
  EXPECT_NE(decoded.out.find("3.140625"), std::string::npos) << decoded.out;
}

TEST_F(CliEndToEnd, UnitsShowsThePrefixTableAndTheMachine) {
  Outcome o = run("units");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  for (const char* word : {"yotta", "每秒十亿次", "FP64", "FP32"}) EXPECT_NE(o.out.find(word), std::string::npos) << word;
}

TEST_F(CliEndToEnd, PeakAndGemmRejectBadInputBeforeAnyWork) {
  for (const char* args : {"peak --precision fp65", "peak --threads 100000", "gemm --precision bf17",
                           "gemm --sizes 2x", "gemm --shapes 512x768", "gemm --sizes 1000000 --precision fp64",
                           "peak --seconds -1"}) {
    Outcome o = run(args);
    EXPECT_EQ(o.exit_code, 2) << args << "\n" << o.err;
    EXPECT_EQ(line_count(o.err), 1) << args << "\n" << o.err;
    EXPECT_TRUE(files().empty()) << args;
  }
  EXPECT_NE(run("peak --precision fp65").err.find("--precision"), std::string::npos);
  EXPECT_NE(run("gemm --sizes 1000000 --precision fp64").err.find("fits"), std::string::npos);
}

TEST_F(CliEndToEnd, PeakReportsNativePrecisionsAndNamesTheOthers) {
  Outcome o = run("peak --precision fp64,fp16,tf32 --seconds 0.02 --trials 1 --json peak.json");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const nlohmann::json report = nlohmann::json::parse(read_file(dir_ / "peak.json"));
  EXPECT_EQ(report["all_verified"], true);
  int fp64 = 0, not_native = 0;
  for (const auto& r : report["results"]) {
    EXPECT_FALSE(r["parameters"]["openblas_core"].get<std::string>().empty());
    if (r["precision"] == "fp64") ++fp64;
    if (r["metric"] == "not_native") {
      ++not_native;
      EXPECT_TRUE(r["value"].is_null());  // never a made-up figure
    }
  }
  EXPECT_GE(fp64, 2);  // one core and all cores
  EXPECT_GE(not_native, __builtin_cpu_supports("avx512fp16") ? 1 : 2);
}

TEST_F(CliEndToEnd, PeakStatesRpeakAtAClockNoLowerThanAnyHeldAndFlagsInTheJson) {
  Outcome o = run("peak --precision fp64,fp32 --seconds 0.02 --trials 1 --json peak.json");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const nlohmann::json report = nlohmann::json::parse(read_file(dir_ / "peak.json"));
  const double machine_rpeak_hz = report["machine"]["rpeak_hz"].get<double>();
  for (const auto& r : report["results"]) {
    SCOPED_TRACE(r["metric"].get<std::string>());
    ASSERT_TRUE(r["above_rpeak"].is_boolean());
    const double held = r["parameters"]["frequency_held_hz"].get<double>();
    EXPECT_GT(held, 0);
    EXPECT_GE(machine_rpeak_hz, held);  // Rpeak's clock is raised to every clock the cores held
    if (r["rpeak"].is_number()) {
      EXPECT_DOUBLE_EQ(r["parameters"]["rpeak_hz"].get<double>(), machine_rpeak_hz);
      if (r["efficiency"].is_number()) {
        EXPECT_LE(r["efficiency"].get<double>(), 1.0);
      }
      EXPECT_EQ(r["above_rpeak"].get<bool>(), r.contains("rpeak_model_error"));
    }
  }
  // The table's percentages (efficiency, cv): none above 100.
  const std::regex percentage(R"(([0-9]+\.[0-9])%)");
  for (auto it = std::sregex_iterator(o.out.begin(), o.out.end(), percentage); it != std::sregex_iterator(); ++it)
    EXPECT_LE(std::stod((*it)[1].str()), 100.0) << o.out;
}

TEST_F(CliEndToEnd, GemmVerifiesEachPrecision) {
  Outcome o = run("gemm --sizes 128 --shapes 64x96x80 --trials 1 --json gemm.json");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const nlohmann::json report = nlohmann::json::parse(read_file(dir_ / "gemm.json"));
  EXPECT_EQ(report["all_verified"], true);
  int measured = 0;
  for (const auto& r : report["results"])
    if (r["metric"] != "not_native") {
      ++measured;
      EXPECT_EQ(r["roofline_role"], "point");
    }
  EXPECT_EQ(measured, 8);  // fp64, fp32, bf16, int8 at two shapes
}

TEST_F(CliEndToEnd, HplRejectsBadInputWithOneLine) {
  for (const char* args : {"hpl --n 0", "hpl --nb 0", "hpl --n 100 --nb 101", "hpl --p 2 --q 2",
                           "hpl --n 10000000", "hpl --bcast star --n 100", "hpl --depth 3 --n 100",
                           "hpl --mem-fraction 1.5"}) {
    Outcome o = run(args);
    EXPECT_EQ(o.exit_code, 2) << args << "\n" << o.err;
    EXPECT_EQ(line_count(o.err), 1) << args << "\n" << o.err;
    EXPECT_TRUE(files().empty()) << args;
  }
  EXPECT_NE(run("hpl --n 10000000").err.find("largest n"), std::string::npos);
  EXPECT_NE(run("hpl --p 2 --q 2").err.find("--p/--q"), std::string::npos);
}

TEST_F(CliEndToEnd, HplSolvesOnTwoRanksAndReportsTheSplit) {
  Outcome o = run("hpl --n 301 --nb 32 --json hpl.json --quiet",
                  fmt::format("OMP_NUM_THREADS=1 {} --oversubscribe --allow-run-as-root -np 2", SUANLI_MPIEXEC));
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const nlohmann::json report = nlohmann::json::parse(read_file(dir_ / "hpl.json"));
  const auto& r = report["results"][0];
  EXPECT_EQ(r["verification"]["passed"], true);
  EXPECT_LT(r["verification"]["value"].get<double>(), 16.0);
  EXPECT_EQ(r["parameters"]["p"], 1);
  EXPECT_EQ(r["parameters"]["q"], 2);
  for (const char* phase : {"panel_seconds", "broadcast_seconds", "wait_seconds", "swap_seconds", "trsm_seconds",
                            "update_seconds", "solve_seconds", "other_seconds"})
    EXPECT_GE(r["parameters"][phase].get<double>(), 0.0) << phase;
}

TEST_F(CliEndToEnd, HplSaysWhenASmallBlockSizeIsWhatMakesItSlow) {
  // NB 1 ran 10 times slower than 192 at n = 2000 (BLAS-2 panels): the result says so.
  auto notes_of = [&](const std::string& args) {
    Outcome o = run(args + " --json r.json --quiet");
    EXPECT_EQ(o.exit_code, 0) << args << "\n" << o.err;
    return nlohmann::json::parse(read_file(dir_ / "r.json"))["results"][0]["notes"].dump();
  };
  EXPECT_NE(notes_of("hpl --n 200 --nb 8").find("NB = 8 is below 32"), std::string::npos);
  EXPECT_EQ(notes_of("hpl --n 200 --nb 32").find("is below 32"), std::string::npos);
  EXPECT_NE(notes_of("mxp --n 200 --nb 16").find("NB = 16 is below 32"), std::string::npos);
}

TEST_F(CliEndToEnd, MxpConvergesOrFailsWithExitOne) {
  Outcome ok = run("mxp --n 300 --nb 32 --compare-hpl --json mxp.json --quiet");
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  const nlohmann::json report = nlohmann::json::parse(read_file(dir_ / "mxp.json"));
  ASSERT_EQ(report["results"].size(), 2u);  // the MxP run and FP64 HPL at the same n
  EXPECT_EQ(report["results"][1]["precision"], "fp64");
  EXPECT_EQ(report["results"][1]["verification"]["passed"], true);
  EXPECT_GT(report["results"][0]["parameters"]["speedup_over_hpl"].get<double>(), 0.0);
  EXPECT_EQ(report["results"][0]["verification"]["passed"], true);
  EXPECT_LE(report["results"][0]["verification"]["value"].get<double>(), 16.0);
  // One refinement iteration cannot reach FP64 accuracy: reported invalid, exit 1, figures still written.
  Outcome capped = run("mxp --n 300 --nb 32 --max-iter 1 --json capped.json --quiet");
  EXPECT_EQ(capped.exit_code, 1) << capped.err;
  EXPECT_EQ(nlohmann::json::parse(read_file(dir_ / "capped.json"))["all_verified"], false);
  Outcome half = run("mxp --precision fp16 --json half.json --quiet");
  EXPECT_EQ(half.exit_code, 0) << half.err;
  const nlohmann::json half_report = nlohmann::json::parse(read_file(dir_ / "half.json"));
  if (!__builtin_cpu_supports("avx512fp16")) {
    EXPECT_EQ(half_report["results"][0]["metric"], "not_native");
    EXPECT_TRUE(half_report["results"][0]["value"].is_null());
  }
  Outcome bf16 = run("mxp --n 300 --nb 32 --precision bf16 --json bf16.json --quiet");
  ASSERT_EQ(bf16.exit_code, 0) << bf16.err;
  EXPECT_EQ(nlohmann::json::parse(read_file(dir_ / "bf16.json"))["results"][0]["precision"], "bf16");
  Outcome bad = run("mxp --precision fp8");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(line_count(bad.err), 1) << bad.err;
}

TEST_F(CliEndToEnd, HpcgRejectsBadInputBeforeAnyWork) {
  for (const char* args : {"hpcg --nx 20", "hpcg --nx 8", "hpcg --nx 16 --nz 200", "hpcg --nx 16 --npx 2",
                           "hpcg --nx 16 --npx 2 --npy 1 --npz 1", "hpcg --nx 4000", "hpcg --time 0",
                           "hpcg --mem-fraction 0.9"}) {
    Outcome o = run(args);
    EXPECT_EQ(o.exit_code, 2) << args << "\n" << o.err;
    EXPECT_EQ(line_count(o.err), 1) << args << "\n" << o.err;
    EXPECT_TRUE(files().empty()) << args;
  }
  EXPECT_NE(run("hpcg --nx 20").err.find("multiple of 8"), std::string::npos);
}

TEST_F(CliEndToEnd, HpcgValidatesOnTwoRanksWithEitherKernelSet) {
  const std::string mpirun =
      fmt::format("OMP_NUM_THREADS=1 {} --oversubscribe --allow-run-as-root -np 2", SUANLI_MPIEXEC);
  for (const char* kernels : {"", "--reference"}) {
    Outcome o = run(fmt::format("hpcg --nx 16 --time 0.1 {} --json hpcg.json --quiet", kernels), mpirun);
    ASSERT_EQ(o.exit_code, 0) << o.err;
    const nlohmann::json report = nlohmann::json::parse(read_file(dir_ / "hpcg.json"));
    const auto& r = report["results"][0];
    EXPECT_EQ(r["verification"]["passed"], true) << kernels;
    EXPECT_EQ(r["precision"], "fp64");
    EXPECT_EQ(r["parameters"]["npz"], 2);
    EXPECT_EQ(r["parameters"]["kernels"], std::string(kernels).empty() ? "optimised" : "reference");
    EXPECT_GT(r["parameters"]["stream_triad_bytes_per_s"].get<double>(), 0.0);
    EXPECT_EQ(report["results"][1]["unit"], "B/s");
  }
}

TEST_F(CliEndToEnd, RunWritesTheReportWithMachineRpeakAndStream) {
  // STREAM on 4 MiB arrays (below its 16 MiB floor: cache-sized on any machine), fast.
  Outcome o = run("run --profile quick",
                  "SUANLI_STREAM_SIZE=4Mi SUANLI_PEAK_SECONDS=0.02 SUANLI_PEAK_TRIALS=1 SUANLI_GEMM_SIZES=256 "
                  "SUANLI_HPL_N=500 SUANLI_MXP_N=500 SUANLI_HPCG_NX=16 SUANLI_HPCG_TIME=0.1 "
                  "SUANLI_HPCG_STREAM_SIZE=4Mi");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("Rpeak"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("triad"), std::string::npos) << o.out;
  nlohmann::json report = nlohmann::json::parse(read_file(dir_ / "suanli-report.json"));
  expect_valid_stream_report(report, 1);
  bool has_peak = false, has_gemm = false;
  for (const auto& r : report["results"]) {
    has_peak |= r["benchmark"] == "peak";
    has_gemm |= r["benchmark"] == "gemm";
  }
  EXPECT_TRUE(has_peak);
  EXPECT_TRUE(has_gemm);
  // The cache-sized Triad is flagged and is no memory roof, no bytes_per_flop and no HPCG share.
  for (const auto& r : report["results"]) {
    if (r["benchmark"] == "stream" && r["metric"] == "triad") {
      EXPECT_EQ(r["parameters"]["cache_sized"], true);
      EXPECT_NE(r["roofline_role"], "memory_roof");
    }
    if (r["benchmark"] == "hpcg") {
      EXPECT_TRUE(r["parameters"]["stream_triad_bytes_per_s"].is_null());
    }
  }
  // The HTML page beside the JSON, with the same figures.
  const std::string html = read_file(dir_ / "suanli-report.html");
  EXPECT_NE(html.find("<h2 id=\"machine\">"), std::string::npos);
  EXPECT_NE(html.find("triad"), std::string::npos);
  EXPECT_NE(html.find("memory roof: none: STREAM ran on cache-sized arrays"), std::string::npos);
  EXPECT_NE(html.find("<td>bytes_per_flop</td><td class=\"num\">not used</td>"), std::string::npos);
  EXPECT_EQ(files(), (std::vector<std::string>{"suanli-report.html", "suanli-report.json"}));
}

}  // namespace
