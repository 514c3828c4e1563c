// The progress line's text and its estimate of the time left; inactive off a terminal.
#include "harness/progress.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/machine/machine.hpp"
#include "../../support/mpi_singleton.hpp"

namespace suanli::harness {
namespace {

TEST(Progress, LineSaysTheStepAndTheTimeLeft) {
  EXPECT_EQ(progress_line("hpl", "panel", 0, 48, 0), "hpl: panel 0/48");
  EXPECT_EQ(progress_line("hpl", "panel", 12, 48, 10), "hpl: panel 12/48, about 30 s left");
  EXPECT_EQ(progress_line("hpl", "panel", 1, 100, 30), "hpl: panel 1/100, about 50 min left");
  EXPECT_EQ(progress_line("hpl", "panel", 1, 1000, 60), "hpl: panel 1/1000, about 16.6 h left");
  EXPECT_EQ(progress_line("cloud", "point", 10, 10, 5), "cloud: point 10/10");
  // Steps of unequal work: half the work done in 10 s leaves about 10 s.
  EXPECT_EQ(progress_line("hpl", "panel", 10, 48, 10, 0.5), "hpl: panel 10/48, about 10 s left");
}

TEST(Progress, OpenEndedLineSaysTheStepHowFarAndTheTimeSpent) {
  EXPECT_EQ(open_progress_line("cfd", "step", 0, "", 0), "cfd: step 0");
  EXPECT_EQ(open_progress_line("cfd", "step", 1200, "max |du/dt| 3.1e-03 (steady at 1e-04)", 12.2),
            "cfd: step 1200, max |du/dt| 3.1e-03 (steady at 1e-04), 13 s elapsed");
  EXPECT_EQ(open_progress_line("cfd", "step", 90000, "", 1500), "cfd: step 90000, 25 min elapsed");
  EXPECT_EQ(open_progress_line("cfd", "step", 5, "r 1e-2", 3, 7.5), "cfd: step 5, r 1e-2, 3 s elapsed, about 8 s left");
}

TEST(Progress, DecayEstimateGoesAtThePaceOfTheLastDecade) {
  DecayEstimate e(1e-4);
  EXPECT_LT(e.update(300, 0), 0);   // the start: no pace yet
  EXPECT_LT(e.update(500, 1), 0);   // a rise changes nothing
  EXPECT_LT(e.update(50, 2), 0);    // the first crossing (into 1e1) starts the clock
  EXPECT_LT(e.update(20, 3), 0);
  // Into 1e0 at t = 6: 4 s a decade; 1.5 → 1e-4 is 4.2 decades.
  EXPECT_NEAR(e.update(1.5, 6), 4 * std::log10(1.5 / 1e-4), 1e-12);
  // Two decades at once (1e0 → 1e-2) in 2 s: 1 s a decade.
  EXPECT_NEAR(e.update(0.01, 8), 2, 1e-12);
  EXPECT_EQ(e.update(5e-5, 9), 0);  // there
}

TEST(Progress, IsSilentWhenStderrIsNotATerminalOrTheRunIsQuiet) {
  test_support::ensure_mpi();
  par::World world;
  const Machine machine{};
  const RunContext quiet{machine, world, {}, Profile::quick, true};
  EXPECT_FALSE(Progress(quiet, "x", "step").active());
  const RunContext loud{machine, world, {}, Profile::quick, false};
  // ctest runs with stderr on a pipe: never a terminal here.
  EXPECT_FALSE(Progress(loud, "x", "step").active());
}

}  // namespace
}  // namespace suanli::harness
