// Detection run on recorded machine descriptions (tests/data/machines/<name>/):
// every field and where it came from, on machines these tests do not run on.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/machine/caches.hpp"
#include "core/machine/cpuid_source.hpp"
#include "core/machine/machine.hpp"
#include "core/machine/machine_sources.hpp"
#include "core/machine/memory.hpp"
#include "core/machine/topology.hpp"

namespace suanli {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t KiB = 1024, MiB = KiB * 1024, GiB = MiB * 1024;

Machine recorded(const std::string& name) {
  std::string error;
  const auto sources = recorded_machine_sources(fs::path(SUANLI_SOURCE_DIR) / "tests/data/machines" / name, &error);
  if (!sources) throw std::runtime_error(error);
  return detect_machine(*sources);
}

// "L1d 48 KiB x2" style, so a failure shows the whole hierarchy at once.
std::string describe(const std::vector<CacheLevel>& caches) {
  std::ostringstream out;
  for (const CacheLevel& c : caches) out << "L" << c.level << " " << c.type << " " << c.size_bytes << " x" << c.instances << "; ";
  return out.str();
}

std::string expected(std::initializer_list<CacheLevel> caches) { return describe(caches); }

bool has_note(const Machine& m, const std::string& part) {
  return std::any_of(m.detection_notes.begin(), m.detection_notes.end(),
                     [&](const std::string& note) { return note.find(part) != std::string::npos; });
}

TEST(MachineRecorded, ThisVmWithoutCacheDirectoriesReadsCachesFromCpuid) {
  const Machine m = recorded("zen5-vm");
  EXPECT_EQ(m.vendor, "AuthenticAMD");
  EXPECT_EQ(m.model, "Oxide Virtual Turin-like Processor");  // the brand string, not cpuinfo's "AMD EPYC"
  EXPECT_EQ(m.cpu_family, 0x1A);
  EXPECT_EQ(m.cpu_model, 0x02);
  EXPECT_EQ(m.microarchitecture, "zen5");
  EXPECT_EQ(m.topology_source, "sysfs");
  EXPECT_EQ(m.sockets, 1);
  EXPECT_EQ(m.physical_cores, 2);
  EXPECT_EQ(m.logical_cpus, 2);
  EXPECT_FALSE(m.smt);
  EXPECT_EQ(m.numa_source, "sysfs");
  EXPECT_EQ(m.numa_nodes, 1);
  // Legacy leaves: 0x8000001D is empty and TOPOEXT is off under this hypervisor.
  EXPECT_EQ(m.caches_source, "cpuid");
  EXPECT_EQ(describe(m.caches), expected({{1, "data", 48 * KiB, 2},
                                          {1, "instruction", 32 * KiB, 2},
                                          {2, "unified", 1 * MiB, 2},
                                          {3, "unified", 0, 1}}));
  // 0x80000006 says 508 MiB (the host's): not printed as this VM's L3, and no L2 stand-in.
  EXPECT_TRUE(has_note(m, "508 MiB")) << ::testing::PrintToString(m.detection_notes);
  EXPECT_EQ(m.last_level_cache_bytes(), 0u);
  EXPECT_EQ(m.memory_source, "meminfo");
  EXPECT_EQ(m.memory_total_bytes, 24683748ull * KiB);
  EXPECT_EQ(m.memory_available_bytes, 21602364ull * KiB);
  EXPECT_EQ(m.memory_limit_source, "cgroup v1");  // read: unlimited
  EXPECT_EQ(m.memory_limit_bytes, 0u);
  EXPECT_TRUE(m.features.avx512f && m.features.avx512_bf16 && m.features.avx512_vnni);
  // A recording is never timed: Rpeak uses the nominal clock (here /proc/cpuinfo's).
  EXPECT_EQ(m.measured_hz_scalar, 0);
  EXPECT_DOUBLE_EQ(m.nominal_hz, 2095.993e6);
  EXPECT_EQ(m.rpeak_hz, m.nominal_hz);
}

TEST(MachineRecorded, ThisVmWithCacheDirectoriesPrefersSysfs) {
  const Machine m = recorded("zen5-vm-sysfs-caches");
  EXPECT_EQ(m.caches_source, "sysfs");
  EXPECT_EQ(describe(m.caches), expected({{1, "data", 48 * KiB, 2},
                                          {1, "instruction", 32 * KiB, 2},
                                          {2, "unified", 1 * MiB, 2},
                                          {3, "unified", 32 * MiB, 1}}));
  EXPECT_EQ(m.last_level_cache_bytes(), 32 * MiB);
  EXPECT_FALSE(has_note(m, "size unknown"));
  EXPECT_EQ(m.topology_source, "sysfs");
  EXPECT_EQ(m.physical_cores, 2);
}

TEST(MachineRecorded, TwoSocketIntelWithSmtUsesLeaf4) {
  const Machine m = recorded("xeon-2s-smt");
  EXPECT_EQ(m.vendor, "GenuineIntel");
  EXPECT_EQ(m.model, "Intel(R) Xeon(R) Silver 4112 CPU @ 2.60GHz");
  EXPECT_EQ(m.cpu_family, 6);
  EXPECT_EQ(m.cpu_model, 0x55);
  EXPECT_EQ(m.cpu_stepping, 4);
  EXPECT_EQ(m.microarchitecture, "skylake-sp");
  EXPECT_EQ(m.topology_source, "sysfs");
  EXPECT_EQ(m.sockets, 2);
  EXPECT_EQ(m.physical_cores, 8);
  EXPECT_EQ(m.logical_cpus, 16);
  EXPECT_TRUE(m.smt);
  EXPECT_EQ(m.numa_source, "sysfs");
  EXPECT_EQ(m.numa_nodes, 2);
  EXPECT_EQ(m.caches_source, "cpuid");
  EXPECT_TRUE(has_note(m, "leaf 4"));
  // L1/L2 shared by one core's 2 threads: one per core. L3 shared by 16 IDs, at least one per socket.
  EXPECT_EQ(describe(m.caches), expected({{1, "data", 32 * KiB, 8},
                                          {1, "instruction", 32 * KiB, 8},
                                          {2, "unified", 1 * MiB, 8},
                                          {3, "unified", 8448 * KiB, 2}}));
  EXPECT_EQ(m.last_level_cache_bytes(), 2 * 8448 * KiB);
  EXPECT_EQ(m.memory_source, "meminfo");
  EXPECT_EQ(m.memory_total_bytes, 197510728ull * KiB);
  EXPECT_EQ(m.memory_limit_source, "cgroup v2");
  EXPECT_EQ(m.memory_limit_bytes, 0u);
  EXPECT_TRUE(m.features.avx512f && m.features.avx512bw);
  EXPECT_FALSE(m.features.avx512_vnni);
  EXPECT_DOUBLE_EQ(m.nominal_hz, 2.6e9);
  EXPECT_EQ(m.nominal_source, "model name");
  EXPECT_DOUBLE_EQ(m.peak(Precision::fp64)->rpeak_node, 8 * 2.6e9 * 32);
}

TEST(MachineRecorded, SlurmJobUnderCgroupV2TakesTheJobsLimit) {
  const Machine m = recorded("slurm-job-v2");
  EXPECT_EQ(m.vendor, "AuthenticAMD");
  EXPECT_EQ(m.model, "AMD EPYC 4124P 4-Core Processor");
  EXPECT_EQ(m.cpu_family, 0x19);
  EXPECT_EQ(m.cpu_model, 0x61);
  EXPECT_EQ(m.microarchitecture, "zen4");
  // No /sys/devices/system/cpu: topology from /proc/cpuinfo, NUMA assumed.
  EXPECT_EQ(m.topology_source, "cpuinfo");
  EXPECT_EQ(m.sockets, 1);
  EXPECT_EQ(m.physical_cores, 4);
  EXPECT_EQ(m.logical_cpus, 8);
  EXPECT_TRUE(m.smt);
  EXPECT_EQ(m.numa_source, "assumed");
  EXPECT_EQ(m.numa_nodes, 1);
  EXPECT_EQ(m.caches_source, "cpuid");
  EXPECT_TRUE(has_note(m, "0x8000001D"));
  EXPECT_EQ(describe(m.caches), expected({{1, "data", 32 * KiB, 4},
                                          {1, "instruction", 32 * KiB, 4},
                                          {2, "unified", 1 * MiB, 4},
                                          {3, "unified", 16 * MiB, 1}}));
  // job_4242's memory.max (8 GiB) binds, three levels above the task's cgroup.
  EXPECT_EQ(m.memory_source, "meminfo");
  EXPECT_EQ(m.memory_total_bytes, 65536000ull * KiB);
  EXPECT_EQ(m.memory_limit_source, "cgroup v2");
  EXPECT_EQ(m.memory_limit_bytes, 8 * GiB);
  EXPECT_EQ(m.memory_available_bytes, 7 * GiB);  // the limit less the job's usage
}

TEST(MachineRecorded, SlurmJobUnderCgroupV1WithOnlyTheAffinityMask) {
  const Machine m = recorded("slurm-job-v1");
  // Neither sysfs nor /proc/cpuinfo: 4 allowed CPUs, 2 threads per core from leaf 0xB.
  EXPECT_EQ(m.topology_source, "affinity");
  EXPECT_EQ(m.logical_cpus, 4);
  EXPECT_EQ(m.physical_cores, 2);
  EXPECT_EQ(m.sockets, 1);
  EXPECT_TRUE(has_note(m, "sockets assumed 1"));
  EXPECT_EQ(m.numa_source, "assumed");
  EXPECT_EQ(m.caches_source, "cpuid");
  EXPECT_EQ(describe(m.caches), expected({{1, "data", 32 * KiB, 2},
                                          {1, "instruction", 32 * KiB, 2},
                                          {2, "unified", 1 * MiB, 2},
                                          {3, "unified", 8448 * KiB, 1}}));
  // No mountinfo: the usual v1 mount point; step_0's 2 GiB is below job_77's 4 GiB.
  EXPECT_EQ(m.memory_limit_source, "cgroup v1");
  EXPECT_EQ(m.memory_limit_bytes, 2 * GiB);
  EXPECT_EQ(m.memory_available_bytes, 2 * GiB - 512 * MiB);
}

TEST(MachineRecorded, MissingDescriptionIsAnError) {
  std::string error;
  EXPECT_FALSE(recorded_machine_sources("/nonexistent/machine", &error));
  EXPECT_NE(error.find("cpuid.txt"), std::string::npos) << error;
}

// --- the pieces ---------------------------------------------------------------

TEST(RecordedCpuid, ParsesTheTableAndReadsMissingLeavesAsZeros) {
  std::string error;
  const auto cpuid = RecordedCpuid::parse("# comment\nxcr0 e7\n00000004 1 1 2 3 4  # L1i\n0x80000006 0 0 0 04006140 0\n",
                                          &error);
  ASSERT_TRUE(cpuid) << error;
  EXPECT_EQ(cpuid->xcr0(), 0xE7u);
  EXPECT_EQ(cpuid->query(4, 1).edx, 4u);
  EXPECT_EQ(cpuid->query(0x80000006).ecx, 0x04006140u);
  EXPECT_EQ(cpuid->query(4, 2).eax, 0u);
  EXPECT_EQ(cpuid->query(1).ecx, 0u);
}

TEST(RecordedCpuid, RejectsAMalformedLineNamingIt) {
  std::string error;
  EXPECT_FALSE(RecordedCpuid::parse("xcr0 e7\n4 0 1 2 3\n", &error));
  EXPECT_EQ(error.rfind("line 2:", 0), 0u) << error;
  EXPECT_FALSE(RecordedCpuid::parse("4 0 1 2 3 zz\n", &error));
  EXPECT_FALSE(RecordedCpuid::parse("xcr0\n", &error));
}

TEST(MachineCaches, SizesNoCpuHasBecomeUnknownWithTheReason) {
  Topology two_vcpus;
  two_vcpus.logical_cpus = two_vcpus.physical_cores = 2;
  CacheDetection d;
  d.caches = {{2, "unified", 1 * MiB, 2}, {3, "unified", 508 * MiB, 1}, {4, "unified", 8 * GiB, 1}};
  reject_implausible_sizes(d, two_vcpus);
  EXPECT_EQ(d.caches[0].size_bytes, 1 * MiB);
  EXPECT_EQ(d.caches[1].size_bytes, 0u);
  EXPECT_EQ(d.caches[2].size_bytes, 0u);
  ASSERT_EQ(d.notes.size(), 2u);
  EXPECT_NE(d.notes[0].find("L3 size unknown"), std::string::npos) << d.notes[0];
  EXPECT_NE(d.notes[1].find("L4 size unknown"), std::string::npos) << d.notes[1];

  // The same 508 MiB is believable on a machine with 64 logical CPUs.
  Topology big;
  big.logical_cpus = 64;
  big.physical_cores = 32;
  CacheDetection host;
  host.caches = {{3, "unified", 508 * MiB, 1}};
  reject_implausible_sizes(host, big);
  EXPECT_EQ(host.caches[0].size_bytes, 508 * MiB);
  EXPECT_TRUE(host.notes.empty());
}

TEST(MachineCaches, UnknownLastLevelIsNotReplacedByTheLevelBelow) {
  Machine m;
  m.caches = {{2, "unified", 1 * MiB, 2}, {3, "unified", 0, 1}};
  EXPECT_EQ(m.last_level_cache_bytes(), 0u);
}

// A directory of made-up files for one cgroup layout, removed at the end.
class CgroupTree {
 public:
  CgroupTree()
      : root_(fs::temp_directory_path() /
              ("suanli-cgroup-test-" + std::to_string(getpid()) + "-" + std::to_string(counter_++))) {
    fs::create_directories(root_);
  }
  ~CgroupTree() { fs::remove_all(root_); }
  void write(const fs::path& relative, const std::string& content) const {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative) << content << "\n";
  }
  MachineSources sources() const { return MachineSources{root_, std::make_shared<RecordedCpuid>(), false}; }

 private:
  static inline int counter_ = 0;
  fs::path root_;
};

TEST(MachineMemory, ContainerSeesItsOwnCgroupAtTheMountPoint) {
  // Without a cgroup namespace the process's path names the host's hierarchy;
  // the mount shows that same cgroup (mountinfo's root field) at /sys/fs/cgroup.
  CgroupTree tree;
  tree.write("proc/self/cgroup", "0::/docker/abc");
  tree.write("proc/self/mountinfo", "29 23 0:26 /docker/abc /sys/fs/cgroup ro,nosuid - cgroup2 cgroup2 rw");
  tree.write("sys/fs/cgroup/memory.max", std::to_string(3 * GiB));
  tree.write("sys/fs/cgroup/memory.current", std::to_string(1 * GiB));
  const CgroupMemory cgroup = cgroup_memory(tree.sources());
  EXPECT_EQ(cgroup.source, "cgroup v2");
  EXPECT_EQ(cgroup.limit_bytes, 3 * GiB);
  EXPECT_EQ(cgroup.usage_bytes, 1 * GiB);
}

TEST(MachineMemory, NoCgroupFilesIsUnknown) {
  CgroupTree tree;
  tree.write("proc/meminfo", "MemTotal: 2048 kB");
  EXPECT_EQ(cgroup_memory(tree.sources()).source, "unknown");
  const MemoryInfo info = detect_memory(tree.sources());
  EXPECT_EQ(info.source, "meminfo");
  EXPECT_EQ(info.limit_source, "unknown");
  CgroupTree empty;
  EXPECT_EQ(detect_memory(empty.sources()).source, "unknown");  // not live: no sysconf fallback
}

TEST(MachineTopology, AffinityMaskSplitIntoCoresByCpuid) {
  std::string error;
  const auto smt2 = RecordedCpuid::parse("0 0 b 0 0 0\nb 0 1 2 100 0\nb 1 4 8 201 0\n", &error);
  ASSERT_TRUE(smt2) << error;
  EXPECT_EQ(threads_per_core_from_cpuid(*smt2), 2);
  const Topology partial = topology_from_affinity(3, *smt2);
  EXPECT_EQ(partial.source, "affinity");
  EXPECT_EQ(partial.logical_cpus, 3);
  EXPECT_EQ(partial.physical_cores, 2);  // 3 threads of 2-thread cores touch 2 cores

  const RecordedCpuid silent;  // a hypervisor that reports no topology leaves
  EXPECT_FALSE(threads_per_core_from_cpuid(silent));
  const Topology assumed = topology_from_affinity(4, silent);
  EXPECT_EQ(assumed.physical_cores, 4);
  ASSERT_EQ(assumed.notes.size(), 2u);
  EXPECT_NE(assumed.notes[0].find("one thread per core assumed"), std::string::npos) << assumed.notes[0];
}

TEST(MachineTopology, NothingReadableIsAssumed) {
  CgroupTree tree;
  const Topology t = detect_topology(tree.sources());
  EXPECT_EQ(t.source, "assumed");
  EXPECT_EQ(t.numa_source, "assumed");
  EXPECT_EQ(t.logical_cpus, 1);
  EXPECT_FALSE(t.notes.empty());
}

}  // namespace
}  // namespace suanli
