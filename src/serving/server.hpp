// The server of `suanli cloud`: answers request_tasks over loopback TCP with one
// event loop (epoll) per thread, as a cloud front end does. The threads share
// one listening socket (EPOLLEXCLUSIVE wakes one of them per connection); each
// connection then lives on the thread that accepted it. A `wait` request is held
// on a timer (timerfd) without blocking the loop: an IO wait on a backend.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

namespace suanli::serving {

struct ServerConfig {
  int threads = 1;
  std::size_t max_payload = 64 * 1024;  // larger requests get `too_large` and their connection closed
  std::vector<int> cpus{};              // pin thread i to cpus[i % size] when given
};

struct ServerCounts {
  std::uint64_t replies = 0;        // requests answered (ok)
  std::uint64_t error_replies = 0;  // malformed, too large, unknown task, invalid payload
  std::uint64_t connections = 0;    // accepted
};

class Server {
 public:
  // Listens on 127.0.0.1 at an ephemeral port and starts the threads. Throws
  // std::system_error when the socket cannot be made.
  explicit Server(const ServerConfig& config);
  ~Server();  // stops and joins
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const { return port_; }
  ServerCounts counts() const;
  void stop();

 private:
  struct Loop;
  ServerConfig config_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::vector<std::unique_ptr<Loop>> loops_;
  std::vector<std::thread> threads_;
};

}  // namespace suanli::serving
