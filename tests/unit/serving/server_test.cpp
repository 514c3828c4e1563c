// The cloud server under its load generator: right answers at 256 concurrent
// connections, closed and open loop; and robustness: garbage, an oversized
// request, an unknown task, a refused payload, a client gone mid-request — each
// answered or absorbed while the server goes on serving.
#include "serving/server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "core/stats.hpp"

#include "serving/load_generator.hpp"
#include "serving/protocol.hpp"

namespace suanli::serving {
namespace {

namespace ks = kernels::serving;

const std::vector<MixEntry> cpu_mix = {
    {ks::Task::hash, 256}, {ks::Task::sort, 64}, {ks::Task::parse, 16}, {ks::Task::vector, 64}};

// A raw client for the robustness tests: blocking, one request, one reply.
class RawClient {
 public:
  explicit RawClient(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    EXPECT_EQ(connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    timeval two_seconds{2, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &two_seconds, sizeof two_seconds);
  }
  ~RawClient() { close(fd_); }

  void send_bytes(const std::vector<std::uint8_t>& bytes) {
    ASSERT_EQ(send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL), static_cast<ssize_t>(bytes.size()));
  }
  void send_request(std::uint16_t task, const std::vector<std::uint8_t>& payload, std::uint32_t id,
                    std::uint32_t claimed_length = UINT32_MAX) {
    std::vector<std::uint8_t> frame;
    append_frame(frame, {request_magic, task, 0, claimed_length == UINT32_MAX ? static_cast<std::uint32_t>(payload.size()) : claimed_length, id},
                 payload);
    send_bytes(frame);
  }
  // The next reply's header and answer; magic 0 when the connection closed first.
  std::pair<Header, std::vector<std::uint8_t>> reply() {
    std::uint8_t head[header_bytes];
    if (!read_exactly(head, header_bytes)) return {};
    const Header h = read_header(head);
    std::vector<std::uint8_t> body(h.length);
    if (h.length && !read_exactly(body.data(), h.length)) return {};
    return {h, body};
  }
  bool closed_by_server() {
    std::uint8_t b;
    return recv(fd_, &b, 1, 0) == 0;
  }

 private:
  bool read_exactly(std::uint8_t* to, std::size_t n) {
    for (std::size_t got = 0; got < n;) {
      const ssize_t r = recv(fd_, to + got, n - got, 0);
      if (r <= 0) return false;
      got += static_cast<std::size_t>(r);
    }
    return true;
  }
  int fd_ = -1;
};

void expect_serves(const Server& server) {
  LoadConfig load{.port = server.port(), .connections = 4, .threads = 1, .seconds = 0.1, .warmup_seconds = 0.02,
                  .mix = cpu_mix};
  const LoadResult r = run_load(load);
  EXPECT_GT(r.requests, 0u);
  EXPECT_EQ(r.wrong, 0u);
  EXPECT_EQ(r.error_replies, 0u);
}

TEST(CloudServer, AnswersRightUnder256Connections) {
  Server server({.threads = 2});
  LoadConfig load{.port = server.port(), .connections = 256, .threads = 2, .seconds = 0.4, .warmup_seconds = 0.1,
                  .mix = cpu_mix};
  const LoadResult r = run_load(load);
  EXPECT_EQ(r.failed_connections, 0u);
  EXPECT_GT(r.requests, 256u);
  EXPECT_EQ(r.wrong, 0u);
  EXPECT_EQ(r.error_replies, 0u);
  EXPECT_EQ(r.unanswered, 0u);
  EXPECT_EQ(r.latency_s.size(), r.requests);
  EXPECT_GT(r.integer_operations, 0);
  EXPECT_GT(r.float_operations, 0);
  EXPECT_LE(percentiles(r.latency_s).p50, percentiles(r.latency_s).p99);
  EXPECT_GE(server.counts().connections, 256u);
}

TEST(CloudServer, OpenLoopKeepsItsRate) {
  Server server({.threads = 1});
  LoadConfig load{.port = server.port(), .connections = 8, .threads = 1, .seconds = 0.5, .warmup_seconds = 0.05,
                  .open_loop_rate = 2000, .mix = cpu_mix};
  const LoadResult r = run_load(load);
  EXPECT_EQ(r.wrong, 0u);
  EXPECT_NEAR(static_cast<double>(r.requests), 1000, 200);  // Poisson: 1000 ± 3σ is ±95
}

TEST(CloudServer, WaitRequestsAreHeldWithoutBlockingTheLoop) {
  Server server({.threads = 1});
  // 32 connections each waiting 20 ms on one thread: concurrency, not parallelism.
  LoadConfig load{.port = server.port(), .connections = 32, .threads = 1, .seconds = 0.4, .warmup_seconds = 0.05,
                  .mix = {{ks::Task::wait, 20000}}};
  const LoadResult r = run_load(load);
  EXPECT_EQ(r.wrong, 0u);
  EXPECT_GE(*std::min_element(r.latency_s.begin(), r.latency_s.end()), 0.020);
  // One at a time would be 20 requests in 0.4 s; 32 in flight give about 32 × 20.
  EXPECT_GT(r.requests, 300u);
}

TEST(CloudServer, GarbageGetsAnErrorAndTheServerGoesOn) {
  Server server({.threads = 1});
  {
    RawClient c(server.port());
    c.send_bytes(std::vector<std::uint8_t>(header_bytes, 0xab));
    const auto [h, body] = c.reply();
    EXPECT_EQ(h.magic, reply_magic);
    EXPECT_EQ(h.code, static_cast<std::uint16_t>(Status::malformed));
    EXPECT_TRUE(c.closed_by_server());
  }
  expect_serves(server);
}

TEST(CloudServer, OversizedRequestGetsAnErrorAndTheServerGoesOn) {
  Server server({.threads = 1, .max_payload = 1024});
  {
    RawClient c(server.port());
    c.send_request(1, {}, 7, 1u << 30);
    const auto [h, body] = c.reply();
    EXPECT_EQ(h.code, static_cast<std::uint16_t>(Status::too_large));
    EXPECT_EQ(h.id, 7u);
    EXPECT_TRUE(c.closed_by_server());
  }
  expect_serves(server);
}

TEST(CloudServer, UnknownTaskAndRefusedPayloadKeepTheConnection) {
  Server server({.threads = 1});
  RawClient c(server.port());
  c.send_request(99, {1, 2, 3}, 1);
  EXPECT_EQ(c.reply().first.code, static_cast<std::uint16_t>(Status::unknown_task));
  c.send_request(static_cast<std::uint16_t>(ks::Task::sort), {1, 2, 3}, 2);  // not whole int32s
  EXPECT_EQ(c.reply().first.code, static_cast<std::uint16_t>(Status::invalid_payload));
  const auto payload = ks::make_payload(ks::Task::sort, 10, 3);
  c.send_request(static_cast<std::uint16_t>(ks::Task::sort), payload, 3);
  const auto [h, body] = c.reply();
  EXPECT_EQ(h.code, static_cast<std::uint16_t>(Status::ok));
  EXPECT_EQ(h.id, 3u);
  EXPECT_TRUE(ks::answer_is_right(ks::Task::sort, payload, body));
  EXPECT_EQ(server.counts().error_replies, 2u);
}

TEST(CloudServer, AClientGoneMidRequestCostsNothingElse) {
  Server server({.threads = 1});
  {
    RawClient c(server.port());
    std::vector<std::uint8_t> frame;
    const auto payload = ks::make_payload(ks::Task::hash, 1000, 1);
    append_frame(frame, {request_magic, 1, 0, static_cast<std::uint32_t>(payload.size()), 1}, payload);
    frame.resize(frame.size() / 2);  // half a request, then gone
    c.send_bytes(frame);
  }
  {
    RawClient c(server.port());  // and one gone while its wait is pending
    c.send_request(static_cast<std::uint16_t>(ks::Task::wait), ks::make_payload(ks::Task::wait, 50000, 1), 1);
  }
  expect_serves(server);
}

}  // namespace
}  // namespace suanli::serving
