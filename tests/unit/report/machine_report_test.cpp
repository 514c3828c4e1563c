#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "core/machine/machine.hpp"
#include "report/machine_json.hpp"
#include "report/machine_text.hpp"

namespace suanli {
namespace {

// A Zen 5 node as detect_machine would report it, without touching this machine.
Machine sample_machine() {
  Machine m;
  m.vendor = "AuthenticAMD";
  m.model = "AMD EPYC 9B45";
  m.microarchitecture = "zen5";
  m.cpu_family = 0x1A;
  m.cpu_model = 0x02;
  m.sockets = 2;
  m.physical_cores = 256;
  m.logical_cpus = 512;
  m.smt = true;
  m.numa_nodes = 2;
  m.caches = {{1, "data", 48 << 10, 256}, {2, "unified", 1 << 20, 256}, {3, "unified", 32 << 20, 32}};
  m.memory_total_bytes = 1536ull << 30;
  m.memory_available_bytes = 1500ull << 30;
  m.features.sse2 = m.features.avx = m.features.avx2 = m.features.fma = true;
  m.features.avx512f = m.features.avx512_bf16 = m.features.avx512_vnni = true;
  m.nominal_hz = 2.1e9;
  m.nominal_source = "/proc/cpuinfo cpu MHz";
  m.measured_hz_scalar = 3.4e9;
  m.measured_hz_avx2 = 3.4e9;
  m.measured_hz_avx512 = 3.375e9;
  m.rpeak_hz = 3.375e9;
  m.rpeak_hz_source = "measured under AVX-512 FMA load";
  m.peaks = peaks_for(m);
  return m;
}

TEST(MachineJson, HasSnakeCaseKeysWithUnits) {
  const nlohmann::json j = machine_to_json(sample_machine());
  for (const char* key : {"vendor", "model", "microarchitecture", "sockets", "physical_cores", "logical_cpus", "smt",
                          "numa_nodes", "caches", "last_level_cache_bytes", "memory_total_bytes",
                          "memory_available_bytes", "features", "nominal_hz", "nominal_source", "measured_hz_scalar",
                          "measured_hz_avx2", "measured_hz_avx512", "rpeak_hz", "rpeak_hz_source", "peaks"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["memory_total_bytes"], 1536ull << 30);
  EXPECT_EQ(j["last_level_cache_bytes"], 1024ull << 20);
  EXPECT_EQ(j["caches"][0]["size_bytes"], 48 << 10);
  ASSERT_EQ(j["peaks"].size(), all_precisions.size());
  const auto& fp64 = j["peaks"][0];
  EXPECT_EQ(fp64["precision"], "fp64");
  EXPECT_EQ(fp64["flops_per_cycle"], 32);
  EXPECT_EQ(fp64["native"], true);
  EXPECT_EQ(fp64["instruction"], "vfmadd231pd zmm x2");
  EXPECT_DOUBLE_EQ(fp64["rpeak_core_flops"].get<double>(), 3.375e9 * 32);
  EXPECT_DOUBLE_EQ(fp64["rpeak_node_flops"].get<double>(), 256 * 3.375e9 * 32);
  EXPECT_EQ(j["peaks"][8]["unit"], "OP/s");
}

TEST(MachineJson, UnmeasuredAndNonFiniteFiguresAreNull) {
  Machine m = sample_machine();
  m.measured_hz_avx512 = 0;
  m.nominal_hz = 0;
  m.peaks[0].rpeak_core = std::numeric_limits<double>::infinity();
  const nlohmann::json j = machine_to_json(m);
  EXPECT_TRUE(j["measured_hz_avx512"].is_null());
  EXPECT_TRUE(j["nominal_hz"].is_null());
  EXPECT_TRUE(j["memory_limit_bytes"].is_null());
  EXPECT_TRUE(j["peaks"][0]["rpeak_core_flops"].is_null());
}

TEST(MachineJson, RoundTripsThroughASavedReport) {
  const Machine original = sample_machine();
  const Machine back = machine_from_json(nlohmann::json::parse(machine_to_json(original).dump()));
  EXPECT_EQ(machine_to_json(back), machine_to_json(original));
  EXPECT_EQ(back.features.names(), original.features.names());
  ASSERT_EQ(back.peaks.size(), original.peaks.size());
  EXPECT_EQ(back.peaks[3].precision, Precision::bf16);
  EXPECT_EQ(machine_from_json(nlohmann::json::object()).physical_cores, 1);  // defaults survive
}

TEST(MachineText, ShowsTheMachineAndEveryPrecision) {
  const std::string text = render_machine_text(sample_machine());
  for (const char* expected : {"AMD EPYC 9B45", "zen5", "2 sockets", "256 physical cores", "512 logical CPUs", "SMT",
                               "NUMA nodes", "L3 32.0 MiB x32", "1.50 TiB total", "avx512_bf16", "2.10 GHz",
                               "3.38 GHz", "measured under AVX-512 FMA load"})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  for (Precision p : all_precisions)
    EXPECT_NE(text.find(std::string(precision_label(p))), std::string::npos) << precision_label(p);
  EXPECT_NE(text.find("108 GFLOPS"), std::string::npos) << text;    // FP64 per core: 3.375 GHz x 32
  EXPECT_NE(text.find("27.6 TFLOPS"), std::string::npos) << text;   // x 256 cores
  EXPECT_NE(text.find("221 TOPS"), std::string::npos) << text;      // INT8 node: 256 OP/cycle
  EXPECT_NE(text.find("emulated"), std::string::npos);
  EXPECT_NE(text.find("native"), std::string::npos);
}

TEST(MachineText, SaysWhenLogicalCpusDoNotShareCores) {
  Machine m = sample_machine();
  m.logical_cpus = m.physical_cores;
  m.smt = false;
  m.measured_hz_avx512 = 0;
  const std::string text = render_machine_text(m);
  EXPECT_NE(text.find("no SMT"), std::string::npos) << text;
  EXPECT_NE(text.find("- AVX-512"), std::string::npos) << text;
}

}  // namespace
}  // namespace suanli
