#include "serving/load_generator.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <random>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "core/timer.hpp"
#include "serving/protocol.hpp"

namespace suanli::serving {
namespace {

namespace ks = kernels::serving;
using Bytes = std::vector<std::uint8_t>;


// A request made once, sent many times (framed with a fresh id each time): its payload,
// its expected answer and its counted work. Clients check replies with no recomputation.
struct Prepared {
  ks::Task task;
  Bytes payload;
  ks::ExpectedAnswer expected;
  double operations;
};

constexpr int payloads_per_entry = 32;

std::vector<Prepared> prepare(const std::vector<MixEntry>& mix, std::uint64_t seed) {
  std::vector<Prepared> pool;
  for (std::size_t e = 0; e < mix.size(); ++e)
    for (int p = 0; p < payloads_per_entry; ++p) {
      Prepared r{mix[e].task, ks::make_payload(mix[e].task, mix[e].elements, seed + e * 1000 + p), {}, 0};
      r.expected = ks::expected_answer(r.task, r.payload);
      r.operations = ks::task_operations(r.task, r.payload.size());
      pool.push_back(std::move(r));
    }
  return pool;
}

struct InFlight {
  const Prepared* request;
  std::int64_t start_ns;  // sent (closed loop) or due (open loop)
};

struct ClientConnection {
  int fd = -1;
  Bytes in, out;
  std::size_t out_offset = 0;
  std::unordered_map<std::uint32_t, InFlight> in_flight;
  bool writing = false;
};

struct Window {
  std::int64_t start_ns, end_ns, drain_end_ns;
};

class ClientThread {
 public:
  ClientThread(const LoadConfig& config, int index, int connections, const std::vector<Prepared>& pool)
      : config_(config), pool_(pool), engine_(config.seed * 7919 + static_cast<std::uint64_t>(index)) {
    std::vector<double> weights;
    for (const MixEntry& m : config.mix)
      for (int p = 0; p < payloads_per_entry; ++p) weights.push_back(m.weight);
    pick_ = std::discrete_distribution<std::size_t>(weights.begin(), weights.end());
    epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
    timer_fd_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    add(timer_fd_, EPOLLIN);
    for (int c = 0; c < connections; ++c) open_connection();
    const double threads = std::max(1, config.threads);
    rate_ = config.open_loop_rate / threads;
  }
  ~ClientThread() {
    for (auto& [fd, c] : connections_) close(fd);
    close(epoll_fd_);
    close(timer_fd_);
  }

  void run(const Window& w) {
    window_ = w;
    if (rate_ > 0) {
      next_due_ns_ = now_nanoseconds();
      arm(next_due_ns_);
    } else {
      for (auto& [fd, c] : connections_) send_next(c, now_nanoseconds());
    }
    epoll_event events[256];
    while (true) {
      const std::int64_t now = now_nanoseconds();
      if (now >= window_.drain_end_ns) break;
      if (now >= window_.end_ns && outstanding() == 0) break;
      const int timeout_ms = static_cast<int>(std::max<std::int64_t>(1, (window_.drain_end_ns - now) / 1000000));
      const int n = epoll_wait(epoll_fd_, events, 256, std::min(timeout_ms, 50));
      for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        if (fd == timer_fd_) {
          open_loop_sends();
          continue;
        }
        auto it = connections_.find(fd);
        if (it == connections_.end()) continue;
        if (events[i].events & EPOLLOUT) flush(it->second);
        if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP)) receive(it->second);
      }
    }
    for (auto& [fd, c] : connections_)
      for (auto& [id, f] : c.in_flight)
        if (f.start_ns >= window_.start_ns && f.start_ns < window_.end_ns) ++result.unanswered;
  }

  LoadResult result;

 private:
  void add(int fd, std::uint32_t events) {
    epoll_event e{};
    e.events = events;
    e.data.fd = fd;
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &e);
  }

  void open_connection() {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(config_.port));
    if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      if (fd >= 0) close(fd);
      ++result.failed_connections;
      return;
    }
    // Every send and recv is MSG_DONTWAIT: the socket stays blocking only for connect.
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    connections_[fd].fd = fd;
    add(fd, EPOLLIN | EPOLLRDHUP);
    order_.push_back(fd);
  }

  std::size_t outstanding() const {
    std::size_t n = 0;
    for (const auto& [fd, c] : connections_) n += c.in_flight.size();
    return n;
  }

  void arm(std::int64_t due_ns) {
    itimerspec spec{};
    spec.it_value.tv_sec = due_ns / 1000000000;
    spec.it_value.tv_nsec = due_ns % 1000000000;
    if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0) spec.it_value.tv_nsec = 1;
    timerfd_settime(timer_fd_, TFD_TIMER_ABSTIME, &spec, nullptr);
  }

  // Sends every request now due, to the connections in turn, and arms the next arrival.
  void open_loop_sends() {
    std::uint64_t expirations;
    while (read(timer_fd_, &expirations, sizeof expirations) > 0) {
    }
    const std::int64_t now = now_nanoseconds();
    std::exponential_distribution<double> gap(rate_);
    while (next_due_ns_ <= now && next_due_ns_ < window_.end_ns && !order_.empty()) {
      ClientConnection& c = connections_[order_[next_connection_++ % order_.size()]];
      send_next(c, next_due_ns_);
      next_due_ns_ += static_cast<std::int64_t>(gap(engine_) * 1e9) + 1;
    }
    if (next_due_ns_ < window_.end_ns) arm(next_due_ns_);
  }

  void send_next(ClientConnection& c, std::int64_t start_ns) {
    if (start_ns >= window_.end_ns) return;
    const Prepared& r = pool_[pick_(engine_)];
    const std::uint32_t id = next_id_++;
    append_frame(c.out, {request_magic, static_cast<std::uint16_t>(r.task), 0, static_cast<std::uint32_t>(r.payload.size()), id},
                 r.payload);
    c.in_flight[id] = {&r, start_ns};
    flush(c);
  }

  void flush(ClientConnection& c) {
    while (c.out_offset < c.out.size()) {
      const ssize_t n = send(c.fd, c.out.data() + c.out_offset, c.out.size() - c.out_offset, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n <= 0) break;
      c.out_offset += static_cast<std::size_t>(n);
    }
    if (c.out_offset == c.out.size()) {
      c.out.clear();
      c.out_offset = 0;
    }
    const bool writing = c.out_offset < c.out.size();
    if (writing != c.writing) {
      c.writing = writing;
      epoll_event e{};
      e.events = EPOLLIN | EPOLLRDHUP | (writing ? EPOLLOUT : 0u);
      e.data.fd = c.fd;
      epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c.fd, &e);
    }
  }

  void receive(ClientConnection& c) {
    std::uint8_t buffer[65536];
    while (true) {
      const ssize_t n = recv(c.fd, buffer, sizeof buffer, MSG_DONTWAIT);
      if (n > 0) {
        c.in.insert(c.in.end(), buffer, buffer + n);
        if (static_cast<std::size_t>(n) < sizeof buffer) break;
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      // The server closed: what was in flight stays unanswered.
      epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c.fd, nullptr);
      order_.erase(std::remove(order_.begin(), order_.end(), c.fd), order_.end());
      break;
    }
    const std::int64_t now = now_nanoseconds();
    std::size_t at = 0;
    while (c.in.size() - at >= header_bytes) {
      const Header h = read_header(c.in.data() + at);
      if (c.in.size() - at < header_bytes + h.length) break;
      std::optional<Bytes> answer;
      if (h.code == static_cast<std::uint16_t>(Status::ok))
        answer = Bytes(c.in.begin() + static_cast<std::ptrdiff_t>(at + header_bytes),
                       c.in.begin() + static_cast<std::ptrdiff_t>(at + header_bytes + h.length));
      at += header_bytes + h.length;
      auto it = c.in_flight.find(h.id);
      if (h.magic != reply_magic || it == c.in_flight.end()) {
        ++result.wrong;
        continue;
      }
      const InFlight f = it->second;
      c.in_flight.erase(it);
      if (f.start_ns >= window_.start_ns && now <= window_.end_ns) {
        ++result.requests;
        if (h.code != static_cast<std::uint16_t>(Status::ok)) ++result.error_replies;
        else if (!ks::matches(f.request->expected, answer)) ++result.wrong;
        (f.request->task == ks::Task::vector ? result.float_operations : result.integer_operations) +=
            f.request->operations;
        result.latency_s.push_back(static_cast<double>(now - f.start_ns) * 1e-9);
      }
      if (rate_ == 0) send_next(c, now);
    }
    c.in.erase(c.in.begin(), c.in.begin() + static_cast<std::ptrdiff_t>(at));
  }

  const LoadConfig& config_;
  const std::vector<Prepared>& pool_;
  std::mt19937_64 engine_;
  std::discrete_distribution<std::size_t> pick_;
  int epoll_fd_ = -1, timer_fd_ = -1;
  std::unordered_map<int, ClientConnection> connections_;
  std::vector<int> order_;
  std::size_t next_connection_ = 0;
  std::uint32_t next_id_ = 1;
  double rate_ = 0;
  std::int64_t next_due_ns_ = 0;
  Window window_{};
};

}  // namespace


LoadResult run_load(const LoadConfig& config) {
  const std::vector<Prepared> pool = prepare(config.mix, config.seed);
  const int threads = std::max(1, std::min(config.threads, config.connections));
  std::vector<std::unique_ptr<ClientThread>> clients;
  for (int t = 0; t < threads; ++t) {
    const int share = config.connections / threads + (t < config.connections % threads);
    clients.push_back(std::make_unique<ClientThread>(config, t, share, pool));
  }
  std::uint64_t failed = 0;
  for (const auto& c : clients) failed += c->result.failed_connections;
  if (failed == static_cast<std::uint64_t>(config.connections))
    throw std::system_error(ECONNREFUSED, std::generic_category(), "connect to the server");

  const std::int64_t start = now_nanoseconds() + static_cast<std::int64_t>(config.warmup_seconds * 1e9);
  const Window window{start, start + static_cast<std::int64_t>(config.seconds * 1e9),
                      start + static_cast<std::int64_t>(config.seconds * 1e9) + 2'000'000'000};
  std::vector<std::thread> running;
  for (int t = 0; t < threads; ++t) {
    running.emplace_back([&, t] {
      if (!config.cpus.empty()) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(config.cpus[static_cast<std::size_t>(t) % config.cpus.size()], &set);
        pthread_setaffinity_np(pthread_self(), sizeof set, &set);
      }
      clients[t]->run(window);
    });
  }
  for (std::thread& t : running) t.join();

  LoadResult total;
  total.seconds = config.seconds;
  for (const auto& c : clients) {
    const LoadResult& r = c->result;
    total.requests += r.requests;
    total.wrong += r.wrong;
    total.error_replies += r.error_replies;
    total.unanswered += r.unanswered;
    total.failed_connections += r.failed_connections;
    total.integer_operations += r.integer_operations;
    total.float_operations += r.float_operations;
    total.latency_s.insert(total.latency_s.end(), r.latency_s.begin(), r.latency_s.end());
  }
  return total;
}

}  // namespace suanli::serving
