// The root-path seam of machine detection: where /sys and /proc are read and
// where CPUID answers come from. Live, they are this machine's; in tests, a
// recorded description directory (tests/data/machines/<name>/) of another one.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/machine/cpuid_source.hpp"
#include "core/machine/machine.hpp"

namespace suanli {

// Default-constructed: this machine (the same as live_machine_sources()).
struct MachineSources {
  std::filesystem::path root = "/";  // sys/... and proc/... are read below it
  std::shared_ptr<const CpuidSource> cpuid = std::make_shared<LiveCpuid>();
  // May detection also ask the running system (sched_getaffinity, sysconf,
  // hardware_concurrency, the timed clock loops)? Never for a recording: the
  // answers would describe the test machine, not the recorded one.
  bool live = true;

  // An absolute system path ("/proc/meminfo") under root.
  std::filesystem::path path(const std::filesystem::path& system_path) const {
    return root / system_path.relative_path();
  }
};

MachineSources live_machine_sources();

// A recorded description: <dir>/sys/..., <dir>/proc/... (only the files
// detection reads) and <dir>/cpuid.txt (see RecordedCpuid). nullopt and *error
// set when cpuid.txt is missing or malformed.
std::optional<MachineSources> recorded_machine_sources(const std::filesystem::path& dir, std::string* error);

// detect_machine() is detect_machine(live_machine_sources(), options). With
// sources.live false the clock is never measured: Rpeak uses the nominal clock.
Machine detect_machine(const MachineSources& sources, const DetectOptions& options = {});

}  // namespace suanli
