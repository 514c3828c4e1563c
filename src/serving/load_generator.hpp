// The load generator of `suanli cloud`: C TCP connections to the server spread
// over client threads (an epoll loop each), every reply checked against the
// reference answer of its request.
//   closed loop: each connection has one request in flight and sends the next
//                when the reply arrives (users who wait for their answer);
//   open loop:   requests are due at Poisson arrival times at a fixed total rate,
//                whether or not earlier ones have been answered, and latency runs
//                from the due time, so a slow server's queueing is counted
//                (no coordinated omission).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/serving/request_tasks.hpp"

namespace suanli::serving {

struct MixEntry {
  kernels::serving::Task task;
  std::size_t elements;  // make_payload's size: bytes, values, fields, pairs, or microseconds to wait
  double weight = 1;
};

struct LoadConfig {
  int port = 0;
  int connections = 1;
  int threads = 1;
  double seconds = 1;           // the measured window
  double warmup_seconds = 0.1;  // before it: connections made, caches warm
  double open_loop_rate = 0;    // requests per second over all connections; 0: closed loop
  std::vector<MixEntry> mix{};
  std::uint64_t seed = 1;
  std::vector<int> cpus{};  // pin client thread i to cpus[i % size] when given
};

struct LoadResult {
  std::uint64_t requests = 0;       // answered in the window, right or wrong
  std::uint64_t wrong = 0;          // an answer that is not the reference's
  std::uint64_t error_replies = 0;  // a status other than ok
  std::uint64_t unanswered = 0;     // sent in the window, no reply by the end of the drain
  std::uint64_t failed_connections = 0;
  double seconds = 0;
  double integer_operations = 0;  // task_operations of the answered hash, sort and parse requests
  double float_operations = 0;    // of the vector requests
  std::vector<double> latency_s;  // every answered request in the window (core/stats: percentiles)
  double requests_per_second() const { return seconds > 0 ? static_cast<double>(requests) / seconds : 0; }
};

// Runs the load against 127.0.0.1:port. Throws std::system_error when no
// connection at all can be made.
LoadResult run_load(const LoadConfig& config);

}  // namespace suanli::serving
