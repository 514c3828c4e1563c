// Wall-clock timing for benchmarks: a monotonic clock, in seconds.
#pragma once

#include <chrono>
#include <cstdint>

namespace suanli {

inline double now_seconds() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

// The same clock in whole nanoseconds (CLOCK_MONOTONIC on Linux, what timerfd counts).
inline std::int64_t now_nanoseconds() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration_cast<std::chrono::nanoseconds>(clock::now().time_since_epoch()).count();
}

}  // namespace suanli
