// 4 KiB random reads or writes at a fixed queue depth through io_uring (liburing):
// `depth` requests always in flight, each completion verified (reads) and replaced by
// a new request at a fresh random sector until the time is up, every request's
// latency from submission to completion recorded.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "storage/file.hpp"
#include "storage/pattern.hpp"

namespace suanli::storage {

struct RandomSpec {
  bool write = false;
  unsigned depth = 1;
  double seconds = 1;
  std::uint64_t file_bytes = 0;   // the file's length, already written (a multiple of 4096)
  std::uint32_t generation = 0;   // what writes stamp
  std::uint64_t seed = 1;         // of the random offsets
};

struct RandomOutcome {
  std::uint64_t operations = 0;
  double seconds = 0;               // first submission to last completion
  std::vector<double> latencies_s;  // one per operation
  std::uint64_t bad_blocks = 0;     // reads whose 4 KiB differed from what was last written there
};

// `generations[i]`: the generation sector i of the file last held; writes update it,
// reads check against it. `stop`: polled at each completion; true ends the run early.
RandomOutcome run_random(const std::string& path, CacheDefeat defeat, const DataPattern& pattern,
                         const RandomSpec& spec, std::vector<std::uint32_t>& generations,
                         const std::function<bool()>& stop);

}  // namespace suanli::storage
