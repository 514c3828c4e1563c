#include "serving/server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <queue>
#include <system_error>
#include <unordered_map>

#include "core/timer.hpp"
#include "kernels/serving/request_tasks.hpp"
#include "serving/protocol.hpp"

namespace suanli::serving {
namespace {

namespace ks = kernels::serving;
using Bytes = std::vector<std::uint8_t>;

[[noreturn]] void fail(const char* what) { throw std::system_error(errno, std::generic_category(), what); }


struct Connection {
  Bytes in;
  Bytes out;
  std::size_t out_offset = 0;
  bool close_after_flush = false;
  bool want_write = false;
  std::uint64_t serial = 0;  // a timer's reply goes only to the connection it was made for
};

struct Timer {
  std::int64_t due_ns;
  int fd;
  std::uint64_t serial;
  std::uint32_t id;
  Bytes answer;
  bool operator>(const Timer& other) const { return due_ns > other.due_ns; }
};

}  // namespace

struct Server::Loop {
  int epoll_fd = -1, wake_fd = -1, timer_fd = -1, listen_fd = -1;
  std::size_t max_payload = 0;
  std::unordered_map<int, Connection> connections;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers;
  std::uint64_t next_serial = 1;
  std::atomic<std::uint64_t> replies{0}, error_replies{0}, accepted{0};

  Loop(int listen, std::size_t max) : listen_fd(listen), max_payload(max) {
    epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (epoll_fd < 0 || wake_fd < 0 || timer_fd < 0) fail("epoll/eventfd/timerfd");
    watch(listen_fd, EPOLLIN | EPOLLEXCLUSIVE);
    watch(wake_fd, EPOLLIN);
    watch(timer_fd, EPOLLIN);
  }
  ~Loop() {
    for (auto& [fd, c] : connections) close(fd);
    close(epoll_fd);
    close(wake_fd);
    close(timer_fd);
  }

  void watch(int fd, std::uint32_t events) {
    epoll_event e{};
    e.events = events;
    e.data.fd = fd;
    if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &e) != 0) fail("epoll_ctl");
  }

  void set_writing(int fd, Connection& c, bool writing) {
    if (c.want_write == writing) return;
    c.want_write = writing;
    epoll_event e{};
    e.events = EPOLLIN | EPOLLRDHUP | (writing ? EPOLLOUT : 0u);
    e.data.fd = fd;
    epoll_ctl(epoll_fd, EPOLL_CTL_MOD, fd, &e);
  }

  void drop(int fd) {
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
    close(fd);
    connections.erase(fd);
  }

  void accept_all() {
    while (true) {
      const int fd = accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;  // EAGAIN: another loop took it, or none left
      const int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      Connection& c = connections[fd];
      c.serial = next_serial++;
      watch(fd, EPOLLIN | EPOLLRDHUP);
      ++accepted;
    }
  }

  void reply(Connection& c, Status status, std::uint16_t task, std::uint32_t id, std::span<const std::uint8_t> body) {
    append_frame(c.out, {reply_magic, static_cast<std::uint16_t>(status), task,
                         static_cast<std::uint32_t>(body.size()), id},
                 body);
    (status == Status::ok ? replies : error_replies)++;
  }

  // Answers every whole request in c.in; false when the connection must close after flushing.
  void serve(int fd, Connection& c) {
    std::size_t at = 0;
    while (!c.close_after_flush && c.in.size() - at >= header_bytes) {
      const Header h = read_header(c.in.data() + at);
      if (h.magic != request_magic) {
        reply(c, Status::malformed, 0, h.id, {});
        c.close_after_flush = true;
        break;
      }
      if (h.length > max_payload) {
        reply(c, Status::too_large, h.code, h.id, {});
        c.close_after_flush = true;
        break;
      }
      if (c.in.size() - at < header_bytes + h.length) break;  // the rest has not arrived
      const std::span<const std::uint8_t> payload(c.in.data() + at + header_bytes, h.length);
      at += header_bytes + h.length;
      const auto task = ks::task_from_code(h.code);
      if (!task) {
        reply(c, Status::unknown_task, h.code, h.id, {});
        continue;
      }
      std::optional<Bytes> answer = ks::answer(*task, payload);
      if (!answer) {
        reply(c, Status::invalid_payload, h.code, h.id, {});
      } else if (*task == ks::Task::wait) {
        std::uint32_t microseconds;
        std::memcpy(&microseconds, payload.data(), 4);
        schedule({now_nanoseconds() + std::int64_t{microseconds} * 1000, fd, c.serial, h.id, std::move(*answer)});
      } else {
        reply(c, Status::ok, h.code, h.id, *answer);
      }
    }
    c.in.erase(c.in.begin(), c.in.begin() + static_cast<std::ptrdiff_t>(at));
  }

  void schedule(Timer t) {
    const bool earliest = timers.empty() || t.due_ns < timers.top().due_ns;
    timers.push(std::move(t));
    if (earliest) arm();
  }

  void arm() {
    itimerspec spec{};
    if (!timers.empty()) {
      const std::int64_t due = std::max<std::int64_t>(timers.top().due_ns, 1);
      spec.it_value.tv_sec = due / 1000000000;
      spec.it_value.tv_nsec = due % 1000000000;
    }
    timerfd_settime(timer_fd, TFD_TIMER_ABSTIME, &spec, nullptr);
  }

  void fire_timers() {
    std::uint64_t expirations;
    while (read(timer_fd, &expirations, sizeof expirations) > 0) {
    }
    const std::int64_t now = now_nanoseconds();
    while (!timers.empty() && timers.top().due_ns <= now) {
      Timer t = timers.top();
      timers.pop();
      auto it = connections.find(t.fd);
      if (it == connections.end() || it->second.serial != t.serial) continue;  // the client has gone
      reply(it->second, Status::ok, static_cast<std::uint16_t>(ks::Task::wait), t.id, t.answer);
      flush(t.fd, it->second);
    }
    arm();
  }

  // Writes what it can; drops the connection when done with a close-after-flush or on error.
  void flush(int fd, Connection& c) {
    while (c.out_offset < c.out.size()) {
      const ssize_t n = send(fd, c.out.data() + c.out_offset, c.out.size() - c.out_offset, MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        drop(fd);
        return;
      }
      c.out_offset += static_cast<std::size_t>(n);
    }
    if (c.out_offset == c.out.size()) {
      c.out.clear();
      c.out_offset = 0;
      if (c.close_after_flush) {
        drop(fd);
        return;
      }
    }
    set_writing(fd, c, c.out_offset < c.out.size());
  }

  void readable(int fd, Connection& c) {
    std::uint8_t buffer[65536];
    while (true) {
      const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
      if (n > 0) {
        c.in.insert(c.in.end(), buffer, buffer + n);
        if (static_cast<std::size_t>(n) < sizeof buffer) break;
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      drop(fd);  // closed by the client (mid-request or not) or an error: it costs nothing else
      return;
    }
    serve(fd, c);
    flush(fd, c);
  }

  void run() {
    epoll_event events[256];
    while (true) {
      const int n = epoll_wait(epoll_fd, events, 256, -1);
      if (n < 0) {
        if (errno == EINTR) continue;
        return;
      }
      for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        if (fd == wake_fd) return;
        if (fd == listen_fd) {
          accept_all();
          continue;
        }
        if (fd == timer_fd) {
          fire_timers();
          continue;
        }
        auto it = connections.find(fd);
        if (it == connections.end()) continue;
        if (events[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
          readable(fd, it->second);
          it = connections.find(fd);
          if (it == connections.end()) continue;
        }
        if (events[i].events & EPOLLOUT) flush(fd, it->second);
      }
    }
  }
};

Server::Server(const ServerConfig& config) : config_(config) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) fail("socket");
  const int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // traffic stays on loopback
  address.sin_port = 0;
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) fail("bind");
  if (listen(listen_fd_, 4096) != 0) fail("listen");
  socklen_t length = sizeof address;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  for (int t = 0; t < std::max(1, config.threads); ++t) loops_.push_back(std::make_unique<Loop>(listen_fd_, config.max_payload));
  for (std::size_t t = 0; t < loops_.size(); ++t) {
    threads_.emplace_back([this, t] { loops_[t]->run(); });
    if (!config.cpus.empty()) {
      cpu_set_t set;
      CPU_ZERO(&set);
      CPU_SET(config.cpus[t % config.cpus.size()], &set);
      pthread_setaffinity_np(threads_.back().native_handle(), sizeof set, &set);
    }
  }
}

Server::~Server() {
  stop();
  close(listen_fd_);
}

void Server::stop() {
  for (auto& loop : loops_) {
    const std::uint64_t one = 1;
    if (write(loop->wake_fd, &one, sizeof one) < 0) {
    }
  }
  for (std::thread& t : threads_)
    if (t.joinable()) t.join();
}

ServerCounts Server::counts() const {
  ServerCounts c;
  for (const auto& loop : loops_) {
    c.replies += loop->replies;
    c.error_replies += loop->error_replies;
    c.connections += loop->accepted;
  }
  return c;
}

}  // namespace suanli::serving
