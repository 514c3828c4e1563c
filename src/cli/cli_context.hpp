// What every command handler gets: the MPI world, the command line, and the
// machine (detected once, on first use).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/machine/machine.hpp"
#include "core/result.hpp"
#include "par/world.hpp"

namespace suanli::cli {

class CliContext {
 public:
  CliContext(const par::World& world, std::string command_line)
      : world_(world), command_line_(std::move(command_line)) {}

  const par::World& world() const { return world_; }
  const std::string& command_line() const { return command_line_; }
  // Detected on first call; frequency is measured on every rank (ranks may sit on different hosts).
  const Machine& machine();
  // Raises the clock Rpeak is computed from (never lowers it) and recomputes the
  // peaks, for every later benchmark of this process. True when raised.
  bool raise_rpeak_clock(double hz, std::string_view why);
  // Only rank 0 prints to stdout.
  void print(const std::string& text) const;
  // A report with machine, world, versions and start time filled in.
  Report new_report();

 private:
  const par::World& world_;
  std::string command_line_;
  std::optional<Machine> machine_;
};

// Current UTC time as ISO 8601: "2026-11-27T23:59:59Z".
std::string utc_timestamp();

}  // namespace suanli::cli
