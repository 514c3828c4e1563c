// Wall-clock timing for benchmarks: a monotonic clock, in seconds.
#pragma once

#include <chrono>

namespace suanli {

inline double now_seconds() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

}  // namespace suanli
