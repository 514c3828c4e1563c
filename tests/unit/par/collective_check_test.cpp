// The arithmetic of `suanli comm` without MPI: nccl-tests' bus bandwidth factors,
// the sizes of each collective at odd rank counts, and the checker against a
// collective simulated here from every rank's send buffer.
#include "par/collective_check.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace suanli::par {
namespace {

constexpr Collective all_collectives[] = {Collective::allreduce, Collective::reduce_scatter, Collective::allgather,
                                          Collective::alltoall, Collective::bcast};

TEST(CollectiveCheck, BusBandwidthFactorsAreNcclTests) {
  EXPECT_DOUBLE_EQ(bus_bandwidth_factor(Collective::allreduce, 2), 1.0);
  EXPECT_DOUBLE_EQ(bus_bandwidth_factor(Collective::allreduce, 4), 1.5);
  EXPECT_DOUBLE_EQ(bus_bandwidth_factor(Collective::allreduce, 3), 4.0 / 3.0);
  for (Collective op : {Collective::reduce_scatter, Collective::allgather, Collective::alltoall}) {
    EXPECT_DOUBLE_EQ(bus_bandwidth_factor(op, 2), 0.5);
    EXPECT_DOUBLE_EQ(bus_bandwidth_factor(op, 3), 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(bus_bandwidth_factor(op, 8), 7.0 / 8.0);
  }
  EXPECT_DOUBLE_EQ(bus_bandwidth_factor(Collective::bcast, 5), 1.0);
  for (Collective op : all_collectives) EXPECT_EQ(bus_bandwidth_factor(op, 1), 0.0);
}

TEST(CollectiveCheck, KeysRoundTrip) {
  for (Collective op : all_collectives) EXPECT_EQ(parse_collective(collective_key(op)), op);
  EXPECT_FALSE(parse_collective("gather").has_value());
}

TEST(CollectiveCheck, ShapesRoundBlocksDownAsNcclTests) {
  // 3 ranks, 1 KiB = 128 doubles: blocks of 42, S = 3·42·8 = 1008 bytes.
  const CollectiveShape rs = collective_shape(Collective::reduce_scatter, 3, 1024);
  EXPECT_EQ(rs.chunk, 42u);
  EXPECT_EQ(rs.send, 126u);
  EXPECT_EQ(rs.recv, 42u);
  EXPECT_EQ(rs.bytes, 1008u);
  const CollectiveShape ag = collective_shape(Collective::allgather, 3, 1024);
  EXPECT_EQ(ag.send, 42u);
  EXPECT_EQ(ag.recv, 126u);
  EXPECT_EQ(ag.bytes, 1008u);
  EXPECT_EQ(collective_shape(Collective::alltoall, 3, 1024).bytes, 1008u);
  EXPECT_EQ(collective_shape(Collective::allreduce, 3, 1024).bytes, 1024u);
  EXPECT_EQ(collective_shape(Collective::bcast, 3, 1024).send, 0u);
  EXPECT_EQ(collective_shape(Collective::allgather, 4, 16).chunk, 0u);  // 2 doubles for 4 ranks
  EXPECT_EQ(collective_shape(Collective::allgather, 4, 16).bytes, 0u);
}

// What every rank receives, computed from every rank's send buffer as MPI defines the collective.
std::vector<std::vector<double>> simulate(Collective op, int ranks, const CollectiveShape& s) {
  std::vector<std::vector<double>> send(ranks), recv(ranks);
  for (int r = 0; r < ranks; ++r) {
    send[r].resize(s.send);
    recv[r].resize(s.recv);
    fill_buffers(op, r, ranks, s, send[r], recv[r]);
  }
  const std::vector<double> root = recv[bcast_root];
  for (int r = 0; r < ranks; ++r)
    for (std::size_t i = 0; i < s.recv; ++i) {
      double& out = recv[r][i];
      switch (op) {
        case Collective::allreduce:
          out = 0;
          for (int q = 0; q < ranks; ++q) out += send[q][i];
          break;
        case Collective::reduce_scatter:
          out = 0;
          for (int q = 0; q < ranks; ++q) out += send[q][r * s.chunk + i];
          break;
        case Collective::allgather: out = send[i / s.chunk][i % s.chunk]; break;
        case Collective::alltoall: out = send[i / s.chunk][r * s.chunk + i % s.chunk]; break;
        case Collective::bcast: out = root[i]; break;
      }
    }
  return recv;
}

TEST(CollectiveCheck, ASimulatedCollectiveIsRightAndAPlantedErrorIsCounted) {
  for (int ranks : {1, 2, 3, 4, 7}) {
    for (Collective op : all_collectives) {
      const CollectiveShape s = collective_shape(op, ranks, 8 * 1000);
      ASSERT_GT(s.chunk, 0u);
      auto recv = simulate(op, ranks, s);
      for (int r = 0; r < ranks; ++r)
        EXPECT_EQ(count_wrong(op, r, ranks, s, recv[r]), 0u) << collective_key(op) << " n=" << ranks << " r=" << r;
      recv[ranks - 1][s.recv - 1] += 1;
      EXPECT_EQ(count_wrong(op, ranks - 1, ranks, s, recv[ranks - 1]), 1u) << collective_key(op);
      // Another rank's answer is wrong where answers differ by rank (a misplaced block).
      if (ranks > 1 && (op == Collective::reduce_scatter || op == Collective::alltoall)) {
        auto swapped = simulate(op, ranks, s);
        std::swap(swapped[0], swapped[1]);
        EXPECT_GT(count_wrong(op, 0, ranks, s, swapped[0]), 0u) << collective_key(op);
      }
    }
  }
}

TEST(CollectiveCheck, ANeverWrittenBufferIsAllWrong) {
  const CollectiveShape s = collective_shape(Collective::allgather, 3, 8 * 300);
  std::vector<double> send(s.send), recv(s.recv);
  fill_buffers(Collective::allgather, 1, 3, s, send, recv);
  EXPECT_EQ(count_wrong(Collective::allgather, 1, 3, s, recv), s.recv);
}

TEST(CollectiveCheck, MessagesAreCheckedByteByByte) {
  std::vector<unsigned char> m(1000);
  fill_message(m);
  EXPECT_EQ(count_wrong_bytes(m), 0u);
  for (unsigned char b : m) EXPECT_NE(b, message_sentinel);
  m[999] = message_sentinel;
  EXPECT_EQ(count_wrong_bytes(m), 1u);
}

}  // namespace
}  // namespace suanli::par
