#include "harness/trials.hpp"

#include "core/error.hpp"
#include "core/timer.hpp"

namespace suanli::harness {

std::vector<PhaseTimes> time_phases(const par::World& world, const TrialPlan& plan,
                                    const std::vector<Phase>& phases) {
  if (plan.trials < 1 || plan.warmup < 0) throw UsageError("--trials: expected a whole number of at least 1");
  std::vector<PhaseTimes> times;
  for (const Phase& phase : phases) times.push_back({phase.name, {}, {}});
  for (int round = 0; round < plan.warmup + plan.trials; ++round) {
    const bool timed = round >= plan.warmup;
    for (std::size_t p = 0; p < phases.size(); ++p) {
      world.barrier();
      const double start = now_seconds();
      phases[p].run();
      const double seconds = now_seconds() - start;
      if (!timed) continue;
      times[p].rank_seconds.push_back(seconds);
      times[p].world_seconds.push_back(world.max(seconds));
    }
  }
  return times;
}

std::vector<double> rates(double amount, const std::vector<double>& seconds) {
  std::vector<double> out;
  out.reserve(seconds.size());
  for (double s : seconds) out.push_back(s > 0 ? amount / s : 0.0);
  return out;
}

}  // namespace suanli::harness
