#include "harness/progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>

#include <fmt/format.h>

#include "core/timer.hpp"

namespace suanli::harness {
namespace {


std::string duration_text(double s) {
  if (s < 60) return fmt::format("{:.0f} s", std::ceil(s));
  if (s < 3600) return fmt::format("{:.0f} min", std::ceil(s / 60));
  return fmt::format("{:.1f} h", s / 3600);
}

}  // namespace

std::string progress_line(const std::string& what, const std::string& unit, long done, long total, double elapsed_s,
                          double work_done) {
  std::string line = fmt::format("{}: {} {}/{}", what, unit, done, total);
  const double f = work_done >= 0 ? work_done : static_cast<double>(done) / static_cast<double>(total);
  if (done > 0 && done < total && elapsed_s > 0 && f > 0 && f < 1)
    line += fmt::format(", about {} left", duration_text(elapsed_s * (1 - f) / f));
  return line;
}

std::string open_progress_line(const std::string& what, const std::string& unit, long done,
                               const std::string& detail, double elapsed_s, double left_s) {
  std::string line = fmt::format("{}: {} {}", what, unit, done);
  if (!detail.empty()) line += ", " + detail;
  if (elapsed_s > 0) line += fmt::format(", {} elapsed", duration_text(elapsed_s));
  if (left_s >= 0) line += fmt::format(", about {} left", duration_text(left_s));
  return line;
}

double DecayEstimate::update(double value, double elapsed_s) {
  if (!(value > 0) || !std::isfinite(value)) return -1;
  const int decade = static_cast<int>(std::floor(std::log10(value)));
  if (!started_) {
    started_ = true;
    decade_ = decade;
  } else if (decade < decade_) {
    if (last_crossing_ >= 0) per_decade_ = (elapsed_s - last_crossing_) / (decade_ - decade);
    last_crossing_ = elapsed_s;
    decade_ = decade;
  }
  if (per_decade_ < 0) return -1;
  if (value <= target_) return 0;
  return per_decade_ * std::log10(value / target_);
}

Progress::Progress(const RunContext& ctx, std::string what, std::string unit)
    : what_(std::move(what)), unit_(std::move(unit)), active_(ctx.world.is_root() && !ctx.quiet && ::isatty(STDERR_FILENO)) {}

Progress::~Progress() {
  if (active_ && printed_ > 0) std::fprintf(stderr, "\r%*s\r", static_cast<int>(printed_), "");
}

void Progress::update(long done, long total, double work_done) {
  if (!active_ || total < 2) return;
  const double now = now_seconds();
  const double work = work_done >= 0 ? work_done : static_cast<double>(done) / static_cast<double>(total);
  if (first_time_ < 0) {
    first_time_ = now;
    first_work_ = work;
  }
  if (now - last_print_ < 0.25 && done < total) return;
  last_print_ = now;
  const double since = work > first_work_ ? (work - first_work_) / (1 - first_work_) : -1;
  print(progress_line(what_, unit_, done, total, now - first_time_, since));
}

void Progress::update_open(long done, const std::function<std::string()>& detail, double left_s) {
  if (!active_) return;
  const double now = now_seconds();
  if (first_time_ < 0) first_time_ = now;
  if (now - last_print_ < 0.25) return;
  last_print_ = now;
  print(open_progress_line(what_, unit_, done, detail(), now - first_time_, left_s));
}

void Progress::print(const std::string& line) {
  std::fprintf(stderr, "\r%-*s", static_cast<int>(printed_), line.c_str());
  std::fflush(stderr);
  printed_ = std::max(printed_, line.size());
}

}  // namespace suanli::harness
