#include "core/machine/machine.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/machine/caches.hpp"
#include "core/machine/cpuid.hpp"
#include "core/machine/flops_per_cycle.hpp"
#include "core/machine/frequency.hpp"
#include "core/machine/memory.hpp"
#include "core/machine/microarchitecture.hpp"
#include "core/machine/sysfs.hpp"
#include "core/machine/topology.hpp"

namespace suanli {
namespace {

namespace fs = std::filesystem;

// Detection measures the clock (about 0.2 s): do it once for all tests.
const Machine& this_machine() {
  static const Machine machine = detect_machine();
  return machine;
}

// A directory of made-up sysfs/proc files, removed at the end of the test.
class FakeTree {
 public:
  FakeTree() : root_(fs::temp_directory_path() / ("suanli-machine-test-" + std::to_string(getpid()) + "-" +
                                                  std::to_string(counter_++))) {
    fs::create_directories(root_);
  }
  ~FakeTree() { fs::remove_all(root_); }
  FakeTree(const FakeTree&) = delete;
  FakeTree& operator=(const FakeTree&) = delete;

  void write(const fs::path& relative, const std::string& content) const {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative) << content << "\n";
  }
  const fs::path& root() const { return root_; }

 private:
  static inline int counter_ = 0;
  fs::path root_;
};

CpuFeatures zen5_features() {
  CpuFeatures f;
  f.sse2 = f.sse3 = f.ssse3 = f.sse4_1 = f.sse4_2 = true;
  f.avx = f.avx2 = f.fma = f.f16c = true;
  f.avx512f = f.avx512dq = f.avx512bw = f.avx512vl = true;
  f.avx512_bf16 = f.avx512_vnni = f.avx_vnni = true;
  return f;
}

CpuFeatures avx2_features() {
  CpuFeatures f;
  f.sse2 = f.sse3 = f.ssse3 = f.sse4_1 = f.sse4_2 = true;
  f.avx = f.avx2 = f.fma = f.f16c = true;
  return f;
}

CpuFeatures sapphire_rapids_features() {
  CpuFeatures f = zen5_features();
  f.avx512_fp16 = true;
  f.amx_tile = f.amx_bf16 = f.amx_int8 = true;
  return f;
}

const PeakEntry& entry(const std::vector<PeakEntry>& entries, Precision p) {
  for (const PeakEntry& e : entries)
    if (e.precision == p) return e;
  throw std::logic_error("precision missing from the table");
}

// --- detection on this machine ---------------------------------------------

// This machine's caches and features are not assumed: only that what detection
// says is consistent with where it says it came from.
TEST(MachineDetect, FindsCoresMemoryAndCaches) {
  const Machine& m = this_machine();
  EXPECT_FALSE(m.vendor.empty());
  EXPECT_GE(m.sockets, 1);
  EXPECT_GE(m.physical_cores, m.sockets);
  EXPECT_GE(m.logical_cpus, m.physical_cores);
  EXPECT_EQ(m.smt, m.logical_cpus > m.physical_cores);
  EXPECT_GE(m.numa_nodes, 1);
  EXPECT_NE(m.topology_source, "unknown");
  EXPECT_TRUE(m.numa_source == "sysfs" || m.numa_source == "assumed") << m.numa_source;
  EXPECT_TRUE(m.memory_source == "meminfo" || m.memory_source == "sysconf") << m.memory_source;
  EXPECT_GT(m.memory_total_bytes, 0u);
  EXPECT_GT(m.memory_available_bytes, 0u);
  EXPECT_LE(m.memory_available_bytes, m.memory_total_bytes);
  if (m.memory_limit_bytes > 0) {
    EXPECT_EQ(m.memory_limit_source.rfind("cgroup", 0), 0u) << m.memory_limit_source;
  }
  if (m.caches.empty()) {
    EXPECT_EQ(m.caches_source, "unknown");
  } else {
    EXPECT_TRUE(m.caches_source == "sysfs" || m.caches_source == "cpuid") << m.caches_source;
  }
  for (const CacheLevel& c : m.caches) {
    EXPECT_GE(c.level, 1);
    EXPECT_GE(c.instances, 1);
    if (c.size_bytes == 0) {
      EXPECT_FALSE(m.detection_notes.empty()) << "a size left unknown says why";
    }
  }
}

TEST(MachineDetect, FeaturesAreConsistent) {
  const CpuFeatures& f = this_machine().features;
  EXPECT_TRUE(f.sse2);  // every x86-64
  if (f.avx512f) {
    EXPECT_TRUE(f.avx2);
  }
  if (f.avx2) {
    EXPECT_TRUE(f.avx);
  }
  if (f.fma) {
    EXPECT_TRUE(f.avx);
  }
  if (f.avx512_bf16 || f.avx512_vnni || f.avx512_fp16) {
    EXPECT_TRUE(f.avx512f);
  }
  if (f.amx_bf16 || f.amx_int8 || f.amx_fp16) {
    EXPECT_TRUE(f.amx_tile);
  }
}

TEST(MachineDetect, MeasuredFrequencyIsSaneUnderEveryLoadTheCpuHas) {
  const Machine& m = this_machine();
  const CpuFeatures& f = m.features;
  EXPECT_GE(m.measured_hz_scalar, min_plausible_hz);
  EXPECT_LE(m.measured_hz_scalar, max_plausible_hz);
  if (f.avx2 && f.fma) {
    EXPECT_GE(m.measured_hz_avx2, min_plausible_hz);
    EXPECT_LE(m.measured_hz_avx2, max_plausible_hz);
  }
  if (f.avx512f) {
    EXPECT_GE(m.measured_hz_avx512, min_plausible_hz);
    EXPECT_LE(m.measured_hz_avx512, max_plausible_hz);
    EXPECT_EQ(m.rpeak_hz, m.measured_hz_avx512);
    EXPECT_EQ(m.rpeak_hz_source, "measured under AVX-512 FMA load");
  } else {
    EXPECT_EQ(m.measured_hz_avx512, 0);
  }
}

TEST(MachineDetect, WithoutMeasuringRpeakUsesTheNominalClock) {
  const Machine m = detect_machine({.measure_frequency = false});
  EXPECT_EQ(m.measured_hz_scalar, 0);
  EXPECT_EQ(m.measured_hz_avx2, 0);
  EXPECT_EQ(m.measured_hz_avx512, 0);
  EXPECT_EQ(m.rpeak_hz, m.nominal_hz);
  if (m.nominal_hz > 0) {
    EXPECT_EQ(m.rpeak_hz_source.rfind("nominal", 0), 0u) << m.rpeak_hz_source;
  }
}

TEST(MachineDetect, PeaksCoverEveryPrecisionInOrder) {
  const Machine& m = this_machine();
  ASSERT_EQ(m.peaks.size(), all_precisions.size());
  for (std::size_t i = 0; i < all_precisions.size(); ++i) {
    EXPECT_EQ(m.peaks[i].precision, all_precisions[i]);
    EXPECT_EQ(m.peak(all_precisions[i]), &m.peaks[i]);
    EXPECT_FALSE(m.peaks[i].instruction.empty());
  }
}

TEST(Rpeak, EqualsCoresTimesClockTimesFlopsPerCycle) {
  const Machine& m = this_machine();
  for (const PeakEntry& p : m.peaks) {
    EXPECT_DOUBLE_EQ(p.rpeak_core, m.rpeak_hz * p.flops_per_cycle) << precision_key(p.precision);
    EXPECT_DOUBLE_EQ(p.rpeak_node, m.physical_cores * m.rpeak_hz * p.flops_per_cycle) << precision_key(p.precision);
  }
}

TEST(Rpeak, PeaksForFollowsAChangedClock) {
  Machine m;
  m.microarchitecture = "zen5";
  m.features = zen5_features();
  m.physical_cores = 96;
  m.rpeak_hz = 2.5e9;
  const auto peaks = peaks_for(m);
  EXPECT_DOUBLE_EQ(entry(peaks, Precision::fp64).rpeak_core, 80e9);       // 2.5 GHz x 32
  EXPECT_DOUBLE_EQ(entry(peaks, Precision::fp64).rpeak_node, 7.68e12);    // x 96 cores
  EXPECT_DOUBLE_EQ(entry(peaks, Precision::int8).rpeak_node, 61.44e12);   // 256 OP/cycle
}

// --- the FLOP/cycle table ----------------------------------------------------

TEST(RpeakTable, Zen5HasA512BitDatapathWithTwoFmaPipes) {
  const auto t = flops_per_cycle_table("zen5", zen5_features());
  ASSERT_EQ(t.size(), all_precisions.size());
  EXPECT_EQ(entry(t, Precision::fp64).flops_per_cycle, 32);
  EXPECT_EQ(entry(t, Precision::fp64).instruction, "vfmadd231pd zmm x2");
  EXPECT_EQ(entry(t, Precision::fp32).flops_per_cycle, 64);
  EXPECT_EQ(entry(t, Precision::bf16).flops_per_cycle, 128);
  EXPECT_TRUE(entry(t, Precision::bf16).native);
  EXPECT_EQ(entry(t, Precision::int32).flops_per_cycle, 64);
  EXPECT_EQ(entry(t, Precision::int8).flops_per_cycle, 256);
  EXPECT_TRUE(entry(t, Precision::int8).native);
  for (Precision p : {Precision::tf32, Precision::fp16, Precision::fp8, Precision::fp4}) {
    EXPECT_FALSE(entry(t, p).native) << precision_key(p);
    EXPECT_EQ(entry(t, p).flops_per_cycle, 64) << precision_key(p);  // the FP32 path
  }
}

TEST(RpeakTable, Zen4DoublePumps512BitOperations) {
  const auto t = flops_per_cycle_table("zen4", zen5_features());
  EXPECT_EQ(entry(t, Precision::fp64).flops_per_cycle, 16);
  EXPECT_EQ(entry(t, Precision::fp32).flops_per_cycle, 32);
  EXPECT_EQ(entry(t, Precision::bf16).flops_per_cycle, 64);
  EXPECT_EQ(entry(t, Precision::int8).flops_per_cycle, 128);
}

TEST(RpeakTable, UnknownCoreIsDerivedFromFeatures) {
  const auto with_avx512 = flops_per_cycle_table("unknown", zen5_features());
  EXPECT_EQ(entry(with_avx512, Precision::fp64).flops_per_cycle, 32);
  EXPECT_EQ(entry(with_avx512, Precision::fp32).flops_per_cycle, 64);
  EXPECT_EQ(entry(with_avx512, Precision::bf16).flops_per_cycle, 128);

  const auto with_avx2 = flops_per_cycle_table("unknown", avx2_features());
  EXPECT_EQ(entry(with_avx2, Precision::fp64).flops_per_cycle, 16);
  EXPECT_EQ(entry(with_avx2, Precision::fp32).flops_per_cycle, 32);
  EXPECT_FALSE(entry(with_avx2, Precision::bf16).native);
  EXPECT_EQ(entry(with_avx2, Precision::bf16).flops_per_cycle, 32);

  CpuFeatures sse2_only;
  sse2_only.sse2 = true;
  const auto with_sse2 = flops_per_cycle_table("unknown", sse2_only);
  EXPECT_EQ(entry(with_sse2, Precision::fp64).flops_per_cycle, 4);
  EXPECT_EQ(entry(with_sse2, Precision::fp32).flops_per_cycle, 8);
  EXPECT_FALSE(entry(with_sse2, Precision::int8).native);
}

TEST(RpeakTable, KnownCoreWithAvx512DisabledFallsBackToAvx2) {
  // The OS (or a hypervisor) can leave AVX-512 state off: the 512-bit rows do not hold.
  const auto t = flops_per_cycle_table("skylake-sp", avx2_features());
  EXPECT_EQ(entry(t, Precision::fp64).flops_per_cycle, 16);
  EXPECT_EQ(entry(t, Precision::fp32).flops_per_cycle, 32);
}

TEST(RpeakTable, SapphireRapidsUsesAmxOnlyWhenEnabled) {
  const auto with_amx = flops_per_cycle_table("sapphirerapids", sapphire_rapids_features());
  EXPECT_EQ(entry(with_amx, Precision::bf16).flops_per_cycle, 1024);
  EXPECT_EQ(entry(with_amx, Precision::int8).flops_per_cycle, 2048);
  EXPECT_EQ(entry(with_amx, Precision::fp16).flops_per_cycle, 128);
  EXPECT_TRUE(entry(with_amx, Precision::fp16).native);
  EXPECT_EQ(entry(with_amx, Precision::fp64).flops_per_cycle, 32);

  CpuFeatures no_amx = sapphire_rapids_features();
  no_amx.amx_tile = no_amx.amx_bf16 = no_amx.amx_int8 = false;
  const auto without_amx = flops_per_cycle_table("sapphirerapids", no_amx);
  EXPECT_EQ(entry(without_amx, Precision::bf16).flops_per_cycle, 128);
  EXPECT_EQ(entry(without_amx, Precision::int8).flops_per_cycle, 256);
}

TEST(RpeakTable, SkylakeSpInt8DependsOnVnni) {
  CpuFeatures skylake = zen5_features();
  skylake.avx512_bf16 = skylake.avx_vnni = skylake.avx512_vnni = false;
  EXPECT_EQ(entry(flops_per_cycle_table("skylake-sp", skylake), Precision::int8).flops_per_cycle, 128);
  CpuFeatures cascade_lake = skylake;
  cascade_lake.avx512_vnni = true;
  EXPECT_EQ(entry(flops_per_cycle_table("skylake-sp", cascade_lake), Precision::int8).flops_per_cycle, 256);
}

TEST(RpeakTable, HaswellHasTwo256BitFmaUnits) {
  const auto t = flops_per_cycle_table("haswell", avx2_features());
  EXPECT_EQ(entry(t, Precision::fp64).flops_per_cycle, 16);
  EXPECT_EQ(entry(t, Precision::fp32).flops_per_cycle, 32);
  EXPECT_EQ(entry(t, Precision::int32).flops_per_cycle, 8);
  EXPECT_EQ(entry(t, Precision::int8).flops_per_cycle, 32);
}

TEST(RpeakTable, EveryKnownCoreHasAPositiveRateForEveryPrecision) {
  for (const char* core : {"zen3", "zen4", "zen5", "haswell", "broadwell", "skylake-sp", "icelake-sp",
                           "sapphirerapids", "emeraldrapids", "graniterapids", "unknown"}) {
    const auto t = flops_per_cycle_table(core, sapphire_rapids_features());
    ASSERT_EQ(t.size(), all_precisions.size()) << core;
    for (std::size_t i = 0; i < t.size(); ++i) {
      EXPECT_EQ(t[i].precision, all_precisions[i]) << core;
      EXPECT_GT(t[i].flops_per_cycle, 0) << core << " " << precision_key(t[i].precision);
      EXPECT_FALSE(t[i].instruction.empty()) << core;
    }
    EXPECT_FALSE(entry(t, Precision::tf32).native) << core;  // no CPU here has TF32
    EXPECT_TRUE(entry(t, Precision::fp64).native) << core;
  }
}

// --- cpuid decoding and the microarchitecture -------------------------------

CpuidLeaves avx512_leaves(std::uint64_t xcr0) {
  CpuidLeaves l;
  l.leaf1_edx = 1u << 26;                                         // sse2
  l.leaf1_ecx = (1u << 28) | (1u << 12) | (1u << 27);             // avx, fma, osxsave
  l.leaf7_ebx = (1u << 5) | (1u << 16) | (1u << 30) | (1u << 31);  // avx2, avx512f, bw, vl
  l.leaf7_ecx = 1u << 11;                                         // avx512_vnni
  l.leaf7_edx = (1u << 24) | (1u << 22) | (1u << 25);             // amx tile, bf16, int8
  l.leaf7_1_eax = 1u << 5;                                        // avx512_bf16
  l.xcr0 = xcr0;
  return l;
}

TEST(CpuFeatures, DecodesLeafBitsWhenTheOsEnablesTheState) {
  const CpuFeatures f = decode_cpu_features(avx512_leaves(xcr0_avx512_state | xcr0_amx_state | 1));
  EXPECT_TRUE(f.sse2);
  EXPECT_TRUE(f.avx && f.avx2 && f.fma);
  EXPECT_TRUE(f.avx512f && f.avx512bw && f.avx512vl && f.avx512_vnni && f.avx512_bf16);
  EXPECT_FALSE(f.avx512dq);
  EXPECT_TRUE(f.amx_tile && f.amx_bf16 && f.amx_int8);
}

TEST(CpuFeatures, VectorStateTheOsLeavesOffIsNotAFeature) {
  const CpuFeatures avx_only = decode_cpu_features(avx512_leaves(0x7));
  EXPECT_TRUE(avx_only.avx2);
  EXPECT_FALSE(avx_only.avx512f);
  EXPECT_FALSE(avx_only.avx512_bf16);
  EXPECT_FALSE(avx_only.amx_tile);
  const CpuFeatures no_xsave = decode_cpu_features(avx512_leaves(0));
  EXPECT_TRUE(no_xsave.sse2);
  EXPECT_FALSE(no_xsave.avx);
  EXPECT_FALSE(no_xsave.fma);
}

TEST(CpuFeatures, NamesRoundTrip) {
  const CpuFeatures f = sapphire_rapids_features();
  const auto names = f.names();
  EXPECT_EQ(names.front(), "sse2");
  EXPECT_NE(std::find(names.begin(), names.end(), "avx512_bf16"), names.end());
  EXPECT_EQ(features_from_names(names).names(), names);
  EXPECT_TRUE(features_from_names({"avx2", "not_a_feature"}).avx2);
}

TEST(CpuMicroarchitecture, KnownServerCores) {
  EXPECT_EQ(microarchitecture_name("AuthenticAMD", 0x1A, 0x02), "zen5");  // EPYC 9B45 (Turin)
  EXPECT_EQ(microarchitecture_name("AuthenticAMD", 0x19, 0x11), "zen4");  // Genoa
  EXPECT_EQ(microarchitecture_name("AuthenticAMD", 0x19, 0xA0), "zen4");  // Bergamo
  EXPECT_EQ(microarchitecture_name("AuthenticAMD", 0x19, 0x01), "zen3");  // Milan
  EXPECT_EQ(microarchitecture_name("GenuineIntel", 6, 0x3F), "haswell");
  EXPECT_EQ(microarchitecture_name("GenuineIntel", 6, 0x4F), "broadwell");
  EXPECT_EQ(microarchitecture_name("GenuineIntel", 6, 0x55), "skylake-sp");
  EXPECT_EQ(microarchitecture_name("GenuineIntel", 6, 0x6A), "icelake-sp");
  EXPECT_EQ(microarchitecture_name("GenuineIntel", 6, 0x8F), "sapphirerapids");
  EXPECT_EQ(microarchitecture_name("GenuineIntel", 6, 0xCF), "emeraldrapids");
  EXPECT_EQ(microarchitecture_name("GenuineIntel", 6, 0xAD), "graniterapids");
}

TEST(CpuMicroarchitecture, OthersAreUnknown) {
  EXPECT_EQ(microarchitecture_name("GenuineIntel", 6, 0x97), "unknown");  // Alder Lake client
  EXPECT_EQ(microarchitecture_name("AuthenticAMD", 0x17, 0x31), "unknown");  // Zen 2
  EXPECT_EQ(microarchitecture_name("HygonGenuine", 0x18, 0x00), "unknown");
  EXPECT_EQ(microarchitecture_name("", 0, 0), "unknown");
}

TEST(CpuMicroarchitecture, ThisMachineMatchesItsCpuid) {
  const Machine& m = this_machine();
  EXPECT_EQ(m.microarchitecture, microarchitecture_name(m.vendor, m.cpu_family, m.cpu_model));
}

// --- frequency ---------------------------------------------------------------

TEST(CpuFrequency, ParsesTheModelName) {
  EXPECT_DOUBLE_EQ(frequency_from_model_name("Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz"), 2.4e9);
  EXPECT_DOUBLE_EQ(frequency_from_model_name("Some CPU @ 3GHz"), 3e9);
  EXPECT_EQ(frequency_from_model_name("AMD EPYC 9B45"), 0);
}

TEST(CpuFrequency, ParsesCpuinfoMhz) {
  EXPECT_DOUBLE_EQ(frequency_from_cpuinfo_mhz("processor\t: 0\ncpu MHz\t\t: 2100.000\ncpu MHz : 5\n"), 2.1e9);
  EXPECT_EQ(frequency_from_cpuinfo_mhz("processor\t: 0\n"), 0);
}

TEST(CpuFrequency, NominalPrefersSysfsThenModelNameThenCpuinfo) {
  FakeTree tree;
  const std::string cpuinfo = "cpu MHz\t\t: 2100.000\n";
  NominalFrequency n = nominal_frequency(tree.root(), "Xeon @ 2.40GHz", cpuinfo);
  EXPECT_DOUBLE_EQ(n.hz, 2.4e9);
  EXPECT_EQ(n.source, "model name");
  n = nominal_frequency(tree.root(), "AMD EPYC", cpuinfo);
  EXPECT_DOUBLE_EQ(n.hz, 2.1e9);
  EXPECT_NE(n.source.find("cpu MHz"), std::string::npos);
  tree.write("cpuinfo_max_freq", "3700000");
  EXPECT_DOUBLE_EQ(nominal_frequency(tree.root(), "Xeon @ 2.40GHz", cpuinfo).hz, 3.7e9);
  tree.write("base_frequency", "2000000");
  n = nominal_frequency(tree.root(), "Xeon @ 2.40GHz", cpuinfo);
  EXPECT_DOUBLE_EQ(n.hz, 2.0e9);
  EXPECT_EQ(n.source, "sysfs cpufreq base_frequency");
  EXPECT_EQ(nominal_frequency(tree.root() / "missing", "", "").hz, 0);
}

TEST(CpuFrequency, RpeakClockIsTheWidestMeasuredLoad) {
  const NominalFrequency nominal{2.1e9, "model name"};
  EXPECT_DOUBLE_EQ(choose_rpeak_frequency({3.5e9, 3.4e9, 3.2e9}, nominal).hz, 3.2e9);
  EXPECT_DOUBLE_EQ(choose_rpeak_frequency({3.5e9, 3.4e9, 0}, nominal).hz, 3.4e9);
  EXPECT_DOUBLE_EQ(choose_rpeak_frequency({3.5e9, 0, 0}, nominal).hz, 3.5e9);
  const RpeakFrequency fallback = choose_rpeak_frequency({}, nominal);
  EXPECT_DOUBLE_EQ(fallback.hz, 2.1e9);
  EXPECT_EQ(fallback.source, "nominal: model name");
  EXPECT_EQ(choose_rpeak_frequency({}, {}).hz, 0);
}

// --- topology, caches, memory from made-up files -----------------------------

TEST(MachineTopology, ParsesKernelCpuLists) {
  using machine_detail::parse_cpu_list;
  EXPECT_EQ(parse_cpu_list("0-3,8,10-11\n"), (std::vector<int>{0, 1, 2, 3, 8, 10, 11}));
  EXPECT_EQ(parse_cpu_list("5"), (std::vector<int>{5}));
  EXPECT_TRUE(parse_cpu_list("").empty());
  EXPECT_TRUE(parse_cpu_list("3-1").empty());
  EXPECT_TRUE(parse_cpu_list("a").empty());
}

TEST(MachineTopology, FromSysfsTwoSocketsWithSmt) {
  FakeTree tree;
  tree.write("cpu/online", "0-7");
  for (int cpu = 0; cpu < 8; ++cpu) {
    const std::string dir = "cpu/cpu" + std::to_string(cpu) + "/topology/";
    tree.write(dir + "physical_package_id", cpu < 4 ? "0" : "1");
    const int first_sibling = cpu & ~1;
    tree.write(dir + "core_cpus_list", std::to_string(first_sibling) + "-" + std::to_string(first_sibling + 1));
    tree.write(dir + "core_id", std::to_string((cpu / 2) % 2));  // repeats across packages
  }
  tree.write("node/online", "0-1");
  const auto t = topology_from_sysfs(tree.root() / "cpu", tree.root() / "node");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->sockets, 2);
  EXPECT_EQ(t->physical_cores, 4);
  EXPECT_EQ(t->logical_cpus, 8);
  EXPECT_EQ(t->numa_nodes, 2);
  EXPECT_FALSE(topology_from_sysfs(tree.root() / "missing", tree.root() / "node"));
}

TEST(MachineTopology, FromCpuinfo) {
  const std::string cpuinfo =
      "processor\t: 0\nphysical id\t: 0\ncore id\t\t: 0\n\n"
      "processor\t: 1\nphysical id\t: 0\ncore id\t\t: 0\n\n"
      "processor\t: 2\nphysical id\t: 1\ncore id\t\t: 0\n\n"
      "processor\t: 3\nphysical id\t: 1\ncore id\t\t: 1\n";
  const auto t = topology_from_cpuinfo(cpuinfo);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->logical_cpus, 4);
  EXPECT_EQ(t->sockets, 2);
  EXPECT_EQ(t->physical_cores, 3);
  const auto bare = topology_from_cpuinfo("processor\t: 0\nprocessor\t: 1\n");  // some VMs list no ids
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->physical_cores, 2);
  EXPECT_FALSE(topology_from_cpuinfo(""));
}

TEST(MachineCaches, CountsASharedCacheOnce) {
  FakeTree tree;
  tree.write("online", "0-3");
  for (int cpu = 0; cpu < 4; ++cpu) {
    const std::string dir = "cpu" + std::to_string(cpu) + "/cache/";
    tree.write(dir + "index0/level", "1");
    tree.write(dir + "index0/type", "Data");
    tree.write(dir + "index0/size", "48K");
    tree.write(dir + "index0/shared_cpu_list", std::to_string(cpu));
    tree.write(dir + "index1/level", "3");
    tree.write(dir + "index1/type", "Unified");
    tree.write(dir + "index1/size", "32768K");
    tree.write(dir + "index1/shared_cpu_list", "0-3");
  }
  const auto caches = caches_from_sysfs(tree.root());
  ASSERT_EQ(caches.size(), 2u);
  EXPECT_EQ(caches[0].level, 1);
  EXPECT_EQ(caches[0].type, "data");
  EXPECT_EQ(caches[0].size_bytes, 48u * 1024);
  EXPECT_EQ(caches[0].instances, 4);
  EXPECT_EQ(caches[1].level, 3);
  EXPECT_EQ(caches[1].type, "unified");
  EXPECT_EQ(caches[1].instances, 1);
  Machine m;
  m.caches = caches;
  EXPECT_EQ(m.last_level_cache_bytes(), 32u << 20);
}

TEST(MachineCaches, ParsesSizes) {
  EXPECT_EQ(parse_cache_size("48K"), 48u * 1024);
  EXPECT_EQ(parse_cache_size("2M\n"), 2u << 20);
  EXPECT_EQ(parse_cache_size("1024"), 1024u);
  EXPECT_FALSE(parse_cache_size("big"));
  EXPECT_FALSE(parse_cache_size("4X"));
}

TEST(MachineCaches, LastLevelSumsEveryInstanceOfTheHighestLevel) {
  Machine m;
  m.caches = {{1, "instruction", 32 << 10, 8}, {2, "unified", 1 << 20, 8}, {3, "unified", 32 << 20, 2}};
  EXPECT_EQ(m.last_level_cache_bytes(), 64u << 20);
  m.caches.clear();
  EXPECT_EQ(m.last_level_cache_bytes(), 0u);
}

TEST(MachineMemory, ParsesMeminfo) {
  const auto info = memory_from_meminfo("MemTotal:       24684092 kB\nMemFree:  100 kB\nMemAvailable:   24345640 kB\n");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->total_bytes, 24684092ull * 1024);
  EXPECT_EQ(info->available_bytes, 24345640ull * 1024);
  const auto old_kernel = memory_from_meminfo("MemTotal: 2048 kB\nMemFree: 1024 kB\n");
  ASSERT_TRUE(old_kernel);
  EXPECT_EQ(old_kernel->available_bytes, 1024u * 1024);
  EXPECT_FALSE(memory_from_meminfo("MemFree: 1 kB\n"));
}

TEST(MachineMemory, CgroupLimitLowersAvailable) {
  MemoryInfo host;
  host.total_bytes = 8ull << 30;
  host.available_bytes = 6ull << 30;
  const MemoryInfo limited = apply_cgroup_limit(host, {1ull << 30, 256ull << 20, "cgroup v2"});
  EXPECT_EQ(limited.limit_bytes, 1ull << 30);
  EXPECT_EQ(limited.available_bytes, 768ull << 20);
  EXPECT_EQ(limited.total_bytes, host.total_bytes);
  EXPECT_EQ(limited.limit_source, "cgroup v2");

  const MemoryInfo unlimited = apply_cgroup_limit(host, {0, 0, "cgroup v1"});
  EXPECT_EQ(unlimited.available_bytes, host.available_bytes);
  EXPECT_EQ(unlimited.limit_bytes, 0u);
  EXPECT_EQ(unlimited.limit_source, "cgroup v1");
  EXPECT_EQ(apply_cgroup_limit(host, {16ull << 30, 0, "cgroup v1"}).limit_bytes, 0u);  // above MemTotal: the host's
}

}  // namespace
}  // namespace suanli
