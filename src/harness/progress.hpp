// A progress line for long benchmarks: on rank 0, on stderr, only when stderr is
// a terminal and the run is not --quiet; the step and an estimate of the time
// left, rewritten in place (at most 4 times a second) and cleared at the end. Logs
// and pipes get the results alone.
#pragma once

#include <functional>
#include <string>

#include "harness/benchmark.hpp"

namespace suanli::harness {

// "hpl: panel 12/48, about 35 s left": elapsed · (1 − f)/f for the share f of the work
// done since the estimate started, done/total unless the caller knows better (LU's
// panels shrink: lu::work_done). No estimate without elapsed time or work.
std::string progress_line(const std::string& what, const std::string& unit, long done, long total, double elapsed_s,
                          double work_done = -1);

// Work with no known total (a march to a steady state): "cfd: step 1200, max |du/dt| 3.1e-03
// (steady at 1e-04), 12 s elapsed", and ", about 8 s left" when the caller has an estimate
// (left_s ≥ 0, e.g. from DecayEstimate).
std::string open_progress_line(const std::string& what, const std::string& unit, long done,
                               const std::string& detail, double elapsed_s, double left_s = -1);

// When a quantity that falls roughly exponentially (a residual towards its tolerance) reaches its
// target: the seconds its last whole decade took, times the decades still to go. No estimate until
// it has crossed two decades (the transient before is no guide); a rise is ignored, so the
// estimate runs from the lowest value seen.
class DecayEstimate {
 public:
  explicit DecayEstimate(double target) : target_(target) {}
  // The seconds left, or −1 without an estimate.
  double update(double value, double elapsed_s);

 private:
  double target_;
  int decade_ = 0;            // floor(log10) of the lowest value seen
  bool started_ = false;
  double last_crossing_ = -1;  // when the value entered decade_
  double per_decade_ = -1;
};

class Progress {
 public:
  Progress(const RunContext& ctx, std::string what, std::string unit);
  ~Progress();  // clears the line
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // `done` of `total` steps are finished (work_done: the share of the work, when steps
  // differ). The estimate runs from the first update, so set-up before the first step
  // (HPCG's validation, say) does not inflate it. Any rank may call it; only an
  // active one prints.
  void update(long done, long total, double work_done = -1);
  // `done` steps of an open-ended run; detail() says how far towards its end, and is called only
  // when the line is due (at most 4 times a second), so a per-step call costs a clock read.
  void update_open(long done, const std::function<std::string()>& detail, double left_s = -1);
  bool active() const { return active_; }

 private:
  std::string what_, unit_;
  bool active_;
  double last_print_ = -1;
  double first_time_ = -1, first_work_ = 0;  // at the first update
  std::size_t printed_ = 0;  // width of the line on screen, to clear it
  void print(const std::string& line);
};

}  // namespace suanli::harness
