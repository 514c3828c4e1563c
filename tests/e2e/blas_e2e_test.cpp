// The dense BLAS engine as a user meets it: `--blas`, and a CPU without AVX-512 played by forcing
// BLIS's haswell configuration and OpenBLAS's Haswell core, under which gemm, hpl, mxp and the
// transformer still run and verify, each result saying which kernels it ran on and why.
#include <nlohmann/json.hpp>

#include "e2e_fixture.hpp"

namespace {

using suanli::e2e::Outcome;
using suanli::e2e::read_file;
class BlasEndToEnd : public suanli::e2e::EndToEnd {};

// BLIS_ARCH_TYPE by name: suanli translates it into the number BLIS 0.9.0 reads.
const std::string avx2_only = "BLIS_ARCH_TYPE=haswell OPENBLAS_CORETYPE=Haswell OMP_NUM_THREADS=1";

nlohmann::json verified_report(const Outcome& o, const std::filesystem::path& json) {
  EXPECT_EQ(o.exit_code, 0) << o.err;
  const nlohmann::json report = nlohmann::json::parse(read_file(json));
  EXPECT_EQ(report["all_verified"], true);
  EXPECT_FALSE(report["results"].empty());
  return report;
}

void expect_blis_haswell_from_environment(const nlohmann::json& result) {
  const auto& p = result["parameters"];
  EXPECT_EQ(p["blas_engine"], "blis") << result.dump();
  EXPECT_EQ(p["blis_config"], "haswell") << result.dump();
  EXPECT_EQ(p["blis_config_source"], "environment");
  EXPECT_EQ(p["blis_config_reason"], "BLIS_ARCH_TYPE=haswell from the environment");
  EXPECT_EQ(p["blas_library"].get<std::string>().rfind("BLIS 0.", 0), 0u) << p["blas_library"];
}

TEST_F(BlasEndToEnd, WithoutAvx512KernelsGemmHplMxpAndTransformerRunAndVerify) {
  Outcome o = run("gemm --precision fp64,fp32 --sizes 192 --json gemm.json --quiet", avx2_only);
  const nlohmann::json gemm = verified_report(o, dir_ / "gemm.json");
  for (const auto& r : gemm["results"]) {
    expect_blis_haswell_from_environment(r);
    EXPECT_NE(r["parameters"]["library"].get<std::string>().find("gemm haswell"), std::string::npos);
  }

  o = run("gemm --precision fp64 --sizes 192 --blas openblas --json openblas.json --quiet", avx2_only);
  const nlohmann::json openblas = verified_report(o, dir_ / "openblas.json")["results"][0]["parameters"];
  EXPECT_EQ(openblas["blas_engine"], "openblas");
  EXPECT_NE(openblas["library"].get<std::string>().find("dgemm Haswell"), std::string::npos) << openblas["library"];
  EXPECT_EQ(openblas["blas_engine_reason"], "--blas (the default here is blis)");

  o = run("hpl --n 300 --nb 64 --json hpl.json --quiet", avx2_only);
  expect_blis_haswell_from_environment(verified_report(o, dir_ / "hpl.json")["results"][0]);

  o = run("mxp --n 300 --nb 64 --json mxp.json --quiet", avx2_only);
  expect_blis_haswell_from_environment(verified_report(o, dir_ / "mxp.json")["results"][0]);

  o = run("transformer --d-model 64 --heads 2 --ffn 128 --seq 32 --layers 1 --precision fp32 --json t.json --quiet",
          avx2_only);
  const nlohmann::json transformer = verified_report(o, dir_ / "t.json");
  for (const auto& r : transformer["results"]) expect_blis_haswell_from_environment(r);
}

// FP32 goes to oneDNN's sgemm by default where the CPU has AVX-512, to the named engine with --blas.
TEST_F(BlasEndToEnd, Fp32GemmRecordsTheLibraryThatRanIt) {
  Outcome o = run("gemm --precision fp32 --sizes 160 --json default.json --quiet", "OMP_NUM_THREADS=1");
  const nlohmann::json by_default = verified_report(o, dir_ / "default.json")["results"][0]["parameters"];
  o = run("gemm --precision fp32 --sizes 160 --blas blis --json blis.json --quiet", "OMP_NUM_THREADS=1");
  const nlohmann::json named = verified_report(o, dir_ / "blis.json")["results"][0]["parameters"];
  EXPECT_EQ(named["blas_engine"], "blis");
  EXPECT_NE(named["library"].get<std::string>().find("BLIS"), std::string::npos) << named["library"];
  if (by_default["blas_engine"] == "onednn") {  // a CPU with AVX-512
    EXPECT_EQ(by_default["library"].get<std::string>().rfind("oneDNN ", 0), 0u) << by_default["library"];
    EXPECT_EQ(by_default["blas_library"], by_default["library"]);
    EXPECT_NE(by_default["blas_engine_reason"].get<std::string>().find("AVX-512"), std::string::npos);
  } else {
    EXPECT_EQ(by_default["blas_engine"], "openblas") << by_default.dump();  // without AVX-512 the rule keeps OpenBLAS
  }
}

TEST_F(BlasEndToEnd, TheBinarysCblasCallsBindToOpenBlas) {
  // The loader's own account of each binding it makes (glibc's LD_DEBUG), for the binary as built.
  const Outcome o =
      run("gemm --precision fp64,fp32 --sizes 64 --blas openblas --quiet", "LD_DEBUG=bindings OMP_NUM_THREADS=1");
  ASSERT_EQ(o.exit_code, 0);
  std::istringstream lines(o.err);
  int to_openblas = 0, to_blis = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.find(std::string("binding file ") + SUANLI_BINARY + " ") == std::string::npos) continue;
    if (line.find("symbol `cblas_") == std::string::npos) continue;
    if (line.find("libopenblas") != std::string::npos) ++to_openblas;
    if (line.find("libblis") != std::string::npos) ++to_blis;
  }
  EXPECT_GE(to_openblas, 2);  // cblas_dgemm and cblas_sgemm at least
  EXPECT_EQ(to_blis, 0);
}

TEST_F(BlasEndToEnd, UnknownEngineIsOneLineAndExitTwo) {
  Outcome o = run("gemm --blas mkl --json never.json");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.err, "suanli: --blas: expected blis or openblas, got 'mkl'\n");
  EXPECT_TRUE(files().empty());
}

TEST_F(BlasEndToEnd, BlisConfigurationSuanliCannotRunIsOneLineAndExitTwo) {
  Outcome o = run("hpl --n 200 --json never.json", "BLIS_ARCH_TYPE=knl");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.err.rfind("suanli: BLIS_ARCH_TYPE=knl: expected one of the BLIS configurations skx (", 0), 0u) << o.err;
  EXPECT_EQ(line_count(o.err), 1) << o.err;
  EXPECT_TRUE(files().empty());
}

}  // namespace
