#include "harness/rpeak_clock.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "core/machine/frequency.hpp"
#include "core/rpeak_guard.hpp"

namespace suanli::harness {

namespace {

Parameter* find_parameter(Result& r, const char* name) {
  auto it = std::find_if(r.parameters.begin(), r.parameters.end(), [&](const Parameter& p) { return p.name == name; });
  return it == r.parameters.end() ? nullptr : &*it;
}

}  // namespace

HeldClock clock_held(const Machine& machine, int threads, int vector_bits) {
  const FrequencyLoad load =
      vector_bits >= 512 ? FrequencyLoad::avx512 : (vector_bits >= 256 ? FrequencyLoad::avx2 : FrequencyLoad::scalar);
  // Each reduction starts from its identity: a min started from 0 always gave 0.
  double highest = 0;
  double slowest = std::numeric_limits<double>::infinity();
#pragma omp parallel num_threads(threads) reduction(max : highest) reduction(min : slowest)
  {
    double hz = measure_frequency_under(load, machine.features);
    if (!(hz > 0)) hz = measure_frequency_under(FrequencyLoad::scalar, machine.features);
    highest = hz;
    slowest = hz > 0 ? hz : std::numeric_limits<double>::infinity();
  }
  return {highest, std::isfinite(slowest) ? slowest : 0};
}

double highest_held_clock(const std::vector<Result>& results) {
  double highest = 0;
  for (const Result& r : results) highest = std::max(highest, number_parameter(r, held_hz_parameter));
  return highest;
}

void restate_rpeak(std::vector<Result>& results, double clock_used, double rpeak_hz) {
  if (!(rpeak_hz > 0)) return;
  for (Result& r : results) {
    if (!r.rpeak) continue;
    Parameter* stamp = find_parameter(r, rpeak_hz_parameter);
    const double measured_at = stamp ? number_parameter(r, rpeak_hz_parameter) : clock_used;
    if (measured_at > 0) *r.rpeak *= rpeak_hz / measured_at;
    if (stamp)
      stamp->value = rpeak_hz;
    else
      r.parameters.push_back({rpeak_hz_parameter, rpeak_hz});
    r.efficiency = check_against_rpeak(r.value, r.rpeak).efficiency;
  }
}

bool raise_rpeak_clock(Machine& m, double hz, std::string_view why) {
  if (!(hz > m.rpeak_hz)) return false;
  // The source names the latest reason and keeps this process's start-up measure once, however many raises follow.
  const std::string start_marker = " (start-up: ";
  const std::size_t start = m.rpeak_hz_source.find(start_marker);
  const std::string start_up = start != std::string::npos
                                   ? m.rpeak_hz_source.substr(start)
                                   : fmt::format("{}{:.2f} GHz {})", start_marker, m.rpeak_hz / 1e9, m.rpeak_hz_source);
  m.rpeak_hz_source = std::string(why) + start_up;
  m.rpeak_hz = hz;
  m.peaks = peaks_for(m);
  return true;
}

}  // namespace suanli::harness
