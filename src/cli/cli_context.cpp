#include "cli/cli_context.hpp"

#include "harness/rpeak_clock.hpp"
#include "par/affinity.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace suanli::cli {

const Machine& CliContext::machine() {
  if (!machine_) machine_ = detect_machine();
  return *machine_;
}

bool CliContext::raise_rpeak_clock(double hz, std::string_view why) {
  machine();
  return harness::raise_rpeak_clock(*machine_, hz, why);
}

void CliContext::print(const std::string& text) const {
  if (!world_.is_root()) return;
  std::fputs(text.c_str(), stdout);
  std::fflush(stdout);
}

std::string utc_timestamp() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

namespace {

#ifndef SUANLI_BUILD_TYPE
#define SUANLI_BUILD_TYPE "unknown"
#endif

std::vector<Parameter> build_versions() {
  return {
      {"suanli", std::string(SUANLI_VERSION)},
      {"compiler", std::string("GCC ") + __VERSION__},
      {"build_type", std::string(SUANLI_BUILD_TYPE)},
      {"mpi", par::mpi_library_version()},
      {"openmp", static_cast<std::int64_t>(_OPENMP)},
      {"fmt", static_cast<std::int64_t>(FMT_VERSION)},
  };
}

}  // namespace

Report CliContext::new_report() {
  Report report;
  report.command_line = command_line_;
  report.versions = build_versions();
  report.start_time = utc_timestamp();
  report.machine = machine();
  report.world = world_.describe(omp_get_max_threads());
  // Before any benchmark: every figure in the report is measured with the same placement.
  report.world.thread_placement = par::pin_openmp_threads(world_);
  return report;
}

}  // namespace suanli::cli
