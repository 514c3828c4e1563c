// The progress line's text and its estimate of the time left; inactive off a terminal.
#include "harness/progress.hpp"

#include <gtest/gtest.h>

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
