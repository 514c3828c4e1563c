// The timing loop every benchmark uses: warm-up, then trials, all ranks in
// lockstep. A benchmark supplies the operations; the harness owns the loop.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "par/world.hpp"

namespace suanli::harness {

struct TrialPlan {
  int warmup = 1;  // untimed rounds before the trials
  int trials = 5;
};

// One named operation timed in every round, e.g. STREAM's "copy".
struct Phase {
  std::string name;
  std::function<void()> run;
};

struct PhaseTimes {
  std::string name;
  std::vector<double> rank_seconds;   // this rank's time per trial
  std::vector<double> world_seconds;  // slowest rank's time per trial: what the world achieved
};

// Runs the phases in order, warmup + trials rounds. Before each phase every rank
// waits at a barrier, so ranks run each phase together and the slowest rank
// defines the world's time. Must be called by every rank.
std::vector<PhaseTimes> time_phases(const par::World& world, const TrialPlan& plan,
                                    const std::vector<Phase>& phases);

// Rates (amount / seconds) of each trial.
std::vector<double> rates(double amount, const std::vector<double>& seconds);

}  // namespace suanli::harness
