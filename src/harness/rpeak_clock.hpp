// The clock Rpeak is computed from, kept an upper bound over a whole run.
// Rpeak starts from the clock measured at start-up; every peak kernel measures
// the clock its cores held beside it, and when a later measurement is higher,
// the run's Rpeak is raised to it and every result's Rpeak (earlier ones too)
// is restated at the raised clock. docs/rpeak.md gives the rule.
#pragma once

#include <string_view>
#include <vector>

#include "core/machine/machine.hpp"
#include "core/result.hpp"
#include "core/rpeak_guard.hpp"  // the parameter names

namespace suanli::harness {

struct HeldClock {
  double highest = 0;  // the fastest thread's: what Rpeak must not be below
  double slowest = 0;  // 0 when no thread measured one
};

// The clock `threads` OpenMP threads hold right after a kernel of `vector_bits`
// wide registers, while the cores are still at its load: each times the add
// chain beside FMAs of that width (core/machine/frequency.hpp), all at once;
// about 55 ms. Call it right after the kernel.
HeldClock clock_held(const Machine& machine, int threads, int vector_bits);

// The highest held clock among results (0 when none measured one).
double highest_held_clock(const std::vector<Result>& results);

// Restates Rpeak of every result that has one at rpeak_hz (Rpeak is linear in
// the clock). A result not yet stamped with rpeak_hz_parameter was measured
// against clock_used. Efficiency is set through the guard (core/rpeak_guard):
// capped at 1 within the tolerance, unset above it.
void restate_rpeak(std::vector<Result>& results, double clock_used, double rpeak_hz);

inline constexpr std::string_view raised_by_held_clock = "highest clock held beside a peak kernel in this run";
inline constexpr std::string_view raised_to_ranks_highest = "highest start-up clock over the ranks";

// Raises m.rpeak_hz to hz and recomputes m.peaks; never lowers it. `why` becomes
// the start of rpeak_hz_source, which keeps the start-up figure. True when raised.
bool raise_rpeak_clock(Machine& m, double hz, std::string_view why = raised_by_held_clock);

}  // namespace suanli::harness
