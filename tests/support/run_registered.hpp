// A registered benchmark run as `suanli <name> --<key> <value> …` would run it,
// on every rank of the world, in the quick profile, quietly.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "harness/benchmark.hpp"

namespace suanli::test_support {

inline std::vector<Result> run_registered(const std::string& name,
                                          const std::vector<std::pair<std::string, std::string>>& options) {
  par::World world;
  static const Machine machine = detect_machine({.measure_frequency = false});
  RunContext ctx{machine, world, {}, Profile::quick, true};
  for (const auto& [key, value] : options) ctx.options.set(key, value);
  return Registry::instance().find(name)->run(ctx);
}

}  // namespace suanli::test_support
