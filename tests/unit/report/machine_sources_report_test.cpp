// Where each machine figure came from, and what no source could read, in `info` and the JSON.
#include <gtest/gtest.h>

#include <string>

#include "core/machine/machine.hpp"
#include "report/machine_json.hpp"
#include "report/machine_text.hpp"

namespace suanli {
namespace {

// This VM as detection describes it without cache directories: the L3 CPUID reports is not believable.
Machine vm_with_unknown_l3() {
  Machine m;
  m.vendor = "AuthenticAMD";
  m.physical_cores = m.logical_cpus = 2;
  m.topology_source = "sysfs";
  m.numa_source = "assumed";
  m.caches_source = "cpuid";
  m.caches = {{1, "data", 48 << 10, 2}, {2, "unified", 1 << 20, 2}, {3, "unified", 0, 1}};
  m.memory_source = "meminfo";
  m.memory_limit_source = "cgroup v2";
  m.memory_total_bytes = 24ull << 30;
  m.memory_available_bytes = 6ull << 30;
  m.memory_limit_bytes = 8ull << 30;
  m.detection_notes = {"L3 size unknown: cpuid 0x80000006 reports 508 MiB"};
  return m;
}

TEST(MachineSourcesJson, EverySourceAndTheNotesAreWritten) {
  const nlohmann::json j = machine_to_json(vm_with_unknown_l3());
  EXPECT_EQ(j["topology_source"], "sysfs");
  EXPECT_EQ(j["numa_source"], "assumed");
  EXPECT_EQ(j["caches_source"], "cpuid");
  EXPECT_EQ(j["memory_source"], "meminfo");
  EXPECT_EQ(j["memory_limit_source"], "cgroup v2");
  EXPECT_EQ(j["memory_limit_bytes"], 8ull << 30);
  ASSERT_EQ(j["detection_notes"].size(), 1u);
  // Unknown sizes are null, never 0 shown as a size.
  EXPECT_TRUE(j["caches"][2]["size_bytes"].is_null());
  EXPECT_TRUE(j["last_level_cache_bytes"].is_null());
  EXPECT_TRUE(machine_to_json(Machine{})["memory_total_bytes"].is_null());
}

TEST(MachineSourcesJson, RoundTripKeepsSourcesAndUnknownSizes) {
  const Machine back = machine_from_json(machine_to_json(vm_with_unknown_l3()));
  EXPECT_EQ(back.caches_source, "cpuid");
  EXPECT_EQ(back.memory_limit_source, "cgroup v2");
  EXPECT_EQ(back.detection_notes, vm_with_unknown_l3().detection_notes);
  ASSERT_EQ(back.caches.size(), 3u);
  EXPECT_EQ(back.caches[2].size_bytes, 0u);
  EXPECT_EQ(back.caches[0].size_bytes, 48u << 10);
  // A report written before sources were recorded reads as "unknown".
  EXPECT_EQ(machine_from_json(nlohmann::json{{"sockets", 1}}).caches_source, "unknown");
}

TEST(MachineSourcesText, ShowsSourcesUnknownSizesAndWhy) {
  const std::string text = render_machine_text(vm_with_unknown_l3());
  EXPECT_NE(text.find("L3 size unknown x1 (last level unknown) (from cpuid)"), std::string::npos) << text;
  EXPECT_NE(text.find("(from sysfs)"), std::string::npos) << text;
  EXPECT_NE(text.find("NUMA nodes    1 (assumed)"), std::string::npos) << text;
  EXPECT_NE(text.find("limit 8.00 GiB (from cgroup v2)"), std::string::npos) << text;
  EXPECT_NE(text.find("Detection     L3 size unknown: cpuid 0x80000006 reports 508 MiB"), std::string::npos) << text;
  EXPECT_NE(render_machine_text(Machine{}).find("Caches        unknown (neither sysfs nor CPUID"), std::string::npos);
}

}  // namespace
}  // namespace suanli
