// `suanli comm` on the world ctest gives it (1, 2, 3 and 4 ranks): every collective
// delivers the known answer at even and odd rank counts, a planted wrong element is
// counted, ping-pong returns what was sent, and the benchmark reports through the
// registry, refusing bad options on every rank before any communication.
#include <gtest/gtest.h>

#include <cmath>
#include <variant>

#include "core/error.hpp"
#include "harness/benchmark.hpp"
#include "../support/run_registered.hpp"
#include "par/collectives.hpp"

namespace suanli {
namespace {

constexpr par::Collective all_collectives[] = {par::Collective::allreduce, par::Collective::reduce_scatter,
                                               par::Collective::allgather, par::Collective::alltoall,
                                               par::Collective::bcast};

std::vector<Result> run_comm(const std::vector<std::pair<std::string, std::string>>& options) {
  return test_support::run_registered("comm", options);
}

const ParameterValue* parameter(const Result& r, const std::string& name) {
  for (const Parameter& p : r.parameters)
    if (p.name == name) return &p.value;
  return nullptr;
}

TEST(MpiComm, EveryCollectiveDeliversTheKnownAnswer) {
  par::World world;
  const int n = world.size();
  // 8 bytes: one element (too few for the blocked collectives above 1 rank); 8 KiB + 3
  // elements: blocks that are not a power of two.
  for (std::size_t bytes : {std::size_t{8}, std::size_t{96}, std::size_t{8192 + 24}}) {
    for (par::Collective op : all_collectives) {
      const par::CollectiveShape shape = par::collective_shape(op, n, bytes);
      if (shape.chunk == 0) continue;
      std::vector<double> send(shape.send + 1), recv(shape.recv + 1);
      par::fill_buffers(op, world.rank(), n, shape, send, recv);
      par::time_collective(op, shape, send, recv, 2);
      EXPECT_EQ(par::count_wrong(op, world.rank(), n, shape, recv), 0u)
          << par::collective_key(op) << " " << bytes << " B on rank " << world.rank();
      // The table-driven check agrees with the element-by-element oracle.
      std::size_t differ = 0;
      for (std::size_t i = 0; i < shape.recv; ++i)
        differ += recv[i] != par::expected_value(op, world.rank(), n, shape, i);
      EXPECT_EQ(differ, 0u) << par::collective_key(op);
    }
  }
}

TEST(MpiComm, APlantedWrongElementIsCounted) {
  par::World world;
  const int n = world.size();
  for (par::Collective op : all_collectives) {
    const par::CollectiveShape shape = par::collective_shape(op, n, 64 * 8 * static_cast<std::size_t>(n));
    std::vector<double> send(shape.send), recv(shape.recv);
    par::fill_buffers(op, world.rank(), n, shape, send, recv);
    par::time_collective(op, shape, send, recv, 1);
    if (world.rank() == n - 1) recv[shape.recv / 2] += 1;  // exact values: off by one is wrong
    const double wrong = world.sum(static_cast<double>(par::count_wrong(op, world.rank(), n, shape, recv)));
    EXPECT_EQ(wrong, 1.0) << par::collective_key(op);
  }
}

TEST(MpiComm, PingPongReturnsWhatWasSentOnTwoRanks) {
  par::World world;
  if (world.size() < 2) GTEST_SKIP() << "ping-pong needs 2 ranks";
  const par::Pair pair{0, 1};
  for (std::size_t bytes : {std::size_t{1}, std::size_t{1000}, std::size_t{1} << 16}) {
    world.barrier();
    if (world.rank() > 1) continue;
    std::vector<unsigned char> send(bytes), recv(bytes, par::message_sentinel);
    par::fill_message(send);
    const double seconds = par::ping_pong(world, pair, send, recv, 10);
    EXPECT_GT(seconds, 0);
    EXPECT_EQ(par::count_wrong_bytes(recv), 0u) << bytes << " B on rank " << world.rank();
    // Windowed and bidirectional: the receivers get every byte too.
    std::fill(recv.begin(), recv.end(), par::message_sentinel);
    par::window_bandwidth(world, pair, send, recv, 4, 2);
    if (world.rank() == pair.second) {
      EXPECT_EQ(par::count_wrong_bytes(recv), 0u) << bytes;
    }
    std::fill(recv.begin(), recv.end(), par::message_sentinel);
    par::bidirectional_bandwidth(world, pair, send, recv, 4, 2);
    EXPECT_EQ(par::count_wrong_bytes(recv), 0u) << bytes;
  }
  world.barrier();
  // OSU's ping-pong: the second rank answers from its own send buffer, not an echo, so a
  // byte wrong in the first rank's message reaches the second rank only.
  if (world.rank() <= 1) {
    std::vector<unsigned char> send(256), recv(256, par::message_sentinel);
    par::fill_message(send);
    if (world.rank() == pair.first) send[5] ^= 1;
    par::ping_pong(world, pair, send, recv, 3);
    EXPECT_EQ(par::count_wrong_bytes(recv), world.rank() == pair.second ? 1u : 0u) << "rank " << world.rank();
  }
  world.barrier();
  // A corrupted byte is seen.
  std::vector<unsigned char> received(64);
  par::fill_message(received);
  received[17] ^= 1;
  EXPECT_EQ(par::count_wrong_bytes(received), 1u);
}

TEST(MpiComm, TheBenchmarkReportsEveryOperation) {
  par::World world;
  const auto results = run_comm({{"max-size", "4Ki"}, {"iterations", "20"}});
  ASSERT_EQ(results.size(), 8u);
  for (const Result& r : results) {
    EXPECT_EQ(r.benchmark, "comm");
    EXPECT_TRUE(r.verification.passed) << r.metric << " wrong " << r.verification.value;
    if (world.size() == 1) {  // explained, not measured
      EXPECT_TRUE(std::isnan(r.value)) << r.metric;
      ASSERT_FALSE(r.notes.empty()) << r.metric;
      EXPECT_NE(r.notes[0].find("mpirun -np 2"), std::string::npos) << r.notes[0];
      continue;
    }
    EXPECT_GT(r.value, 0) << r.metric;
    EXPECT_DOUBLE_EQ(world.max(r.value), world.min(r.value)) << r.metric;  // rank 0's figures everywhere
    ASSERT_NE(parameter(r, "sizes_bytes"), nullptr) << r.metric;
  }
  if (world.size() == 1) return;
  const Result& pingpong = results[0];
  EXPECT_EQ(pingpong.metric, "pingpong");
  EXPECT_EQ(pingpong.unit, "s");
  EXPECT_EQ(std::get<double>(*parameter(pingpong, "size_1_latency_s")), pingpong.value);
  EXPECT_NE(parameter(pingpong, "size_4096_latency_s"), nullptr);
  EXPECT_EQ(std::get<bool>(*parameter(pingpong, "same_host")), true);  // ctest runs on one host
  EXPECT_EQ(results[1].unit, "B/s");
  const Result& allreduce = results[3];
  EXPECT_EQ(allreduce.metric, "allreduce");
  EXPECT_DOUBLE_EQ(std::get<double>(*parameter(allreduce, "bus_bandwidth_factor")),
                   2.0 * (world.size() - 1) / world.size());
  EXPECT_EQ(std::get<std::int64_t>(*parameter(allreduce, "size_4096_wrong_elements")), 0);
  const double busbw = std::get<double>(*parameter(allreduce, "size_4096_busbw_bytes_per_s"));
  const double algbw = std::get<double>(*parameter(allreduce, "size_4096_algbw_bytes_per_s"));
  EXPECT_DOUBLE_EQ(busbw, algbw * 2.0 * (world.size() - 1) / world.size());
  EXPECT_LE(std::get<double>(*parameter(allreduce, "size_4096_time_min_s")),
            std::get<double>(*parameter(allreduce, "size_4096_time_max_s")));
}

TEST(MpiComm, BadOptionsAreRefusedOnEveryRankBeforeAnyCommunication) {
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"ops", "allreduce,scatter"}, {"ops", ""}, {"max-size", "4"}, {"max-size", "2Gi"},
           {"max-size", "lots"}, {"iterations", "0"}}) {
    try {
      run_comm({{key, value}});
      ADD_FAILURE() << "--" << key << " " << value << " accepted";
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("--" + key), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace suanli
