// A progress line for long benchmarks: on rank 0, on stderr, only when stderr is
// a terminal and the run is not --quiet; the step and an estimate of the time
// left, rewritten in place (at most 4 times a second) and cleared at the end. Logs
// and pipes get the results alone.
#pragma once

#include <string>

#include "harness/benchmark.hpp"

namespace suanli::harness {

// "hpl: panel 12/48, about 35 s left" — the estimate from the time so far, once a step is done:
// elapsed · (1 − f)/f for the share f of the work done, done/total unless the caller knows better
// (LU's panels shrink: f = 1 − (1 − done/total)³).
std::string progress_line(const std::string& what, const std::string& unit, long done, long total, double elapsed_s,
                          double work_done = -1);

class Progress {
 public:
  Progress(const RunContext& ctx, std::string what, std::string unit, long total);
  ~Progress();  // clears the line
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // `done` of the total steps are finished (work_done: the share of the work, when steps differ).
  // Any rank may call it; only an active one prints.
  void update(long done, double work_done = -1);
  // For loops whose length is known only once they start (HPCG's CG sets).
  void set_total(long total) { total_ = total; }
  bool active() const { return active_; }

 private:
  std::string what_, unit_;
  long total_;
  bool active_;
  double start_, last_print_ = -1;
  // The first update's time and share of the work: the estimate runs from there, so that set-up
  // before the first step (HPCG's validation, say) does not inflate it.
  double first_time_ = -1, first_work_ = 0;
  std::size_t printed_ = 0;  // width of the line on screen, to clear it
};

}  // namespace suanli::harness
