#include "par/collectives.hpp"

#include <mpi.h>

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "core/error.hpp"
#include "par/mpi_check.hpp"

namespace suanli::par {

namespace {

constexpr int data_tag = 1;
constexpr int ack_tag = 2;

int count_of(std::size_t bytes) {
  if (bytes > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw RunError(fmt::format("comm: a message of {} bytes exceeds MPI's int count", bytes));
  return static_cast<int>(bytes);
}

int peer_of(const World& world, Pair pair) { return world.rank() == pair.first ? pair.second : pair.first; }

}  // namespace

double ping_pong(const World& world, Pair pair, std::span<const unsigned char> send, std::span<unsigned char> recv,
                 int iterations) {
  const int peer = peer_of(world, pair);
  const int n = count_of(recv.size());
  const bool first = world.rank() == pair.first;
  const double start = MPI_Wtime();
  for (int i = 0; i < iterations; ++i) {
    if (first) {
      check_mpi(MPI_Send(send.data(), n, MPI_BYTE, peer, data_tag, MPI_COMM_WORLD), "MPI_Send(ping)");
      check_mpi(MPI_Recv(recv.data(), n, MPI_BYTE, peer, data_tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv(pong)");
    } else {
      // The answer comes from `send`, as in OSU and hpcc. Echoing `recv` would make every
      // pong carry lines this core has just written: on this VM's slow mode (ranks far
      // apart, 0.35 µs latency) that costs a third of the bandwidth (docs/comm.md).
      check_mpi(MPI_Recv(recv.data(), n, MPI_BYTE, peer, data_tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv(ping)");
      check_mpi(MPI_Send(send.data(), n, MPI_BYTE, peer, data_tag, MPI_COMM_WORLD), "MPI_Send(pong)");
    }
  }
  return MPI_Wtime() - start;
}

double window_bandwidth(const World& world, Pair pair, std::span<const unsigned char> send,
                        std::span<unsigned char> recv, int window, int iterations) {
  const int peer = peer_of(world, pair);
  const int n = count_of(recv.size());
  const bool sender = world.rank() == pair.first;
  std::vector<MPI_Request> requests(static_cast<std::size_t>(window));
  int ack = 0;
  const double start = MPI_Wtime();
  for (int i = 0; i < iterations; ++i) {
    for (auto& request : requests) {
      if (sender)
        check_mpi(MPI_Isend(send.data(), n, MPI_BYTE, peer, data_tag, MPI_COMM_WORLD, &request), "MPI_Isend");
      else
        check_mpi(MPI_Irecv(recv.data(), n, MPI_BYTE, peer, data_tag, MPI_COMM_WORLD, &request), "MPI_Irecv");
    }
    check_mpi(MPI_Waitall(window, requests.data(), MPI_STATUSES_IGNORE), "MPI_Waitall(window)");
    if (sender)
      check_mpi(MPI_Recv(&ack, 1, MPI_INT, peer, ack_tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv(ack)");
    else
      check_mpi(MPI_Send(&ack, 1, MPI_INT, peer, ack_tag, MPI_COMM_WORLD), "MPI_Send(ack)");
  }
  return MPI_Wtime() - start;
}

double bidirectional_bandwidth(const World& world, Pair pair, std::span<const unsigned char> send,
                               std::span<unsigned char> recv, int window, int iterations) {
  const int peer = peer_of(world, pair);
  const int n = count_of(recv.size());
  std::vector<MPI_Request> requests(2 * static_cast<std::size_t>(window));
  const double start = MPI_Wtime();
  for (int i = 0; i < iterations; ++i) {
    for (int w = 0; w < window; ++w)
      check_mpi(MPI_Irecv(recv.data(), n, MPI_BYTE, peer, data_tag, MPI_COMM_WORLD, &requests[w]), "MPI_Irecv");
    for (int w = 0; w < window; ++w)
      check_mpi(MPI_Isend(send.data(), n, MPI_BYTE, peer, data_tag, MPI_COMM_WORLD, &requests[window + w]), "MPI_Isend");
    check_mpi(MPI_Waitall(2 * window, requests.data(), MPI_STATUSES_IGNORE), "MPI_Waitall(window)");
  }
  return MPI_Wtime() - start;
}

double time_collective(Collective op, const CollectiveShape& shape, std::span<const double> send,
                       std::span<double> recv, int iterations) {
  const int chunk = count_of(shape.chunk);
  // MPI takes non-const send buffers in older headers; nothing writes through it.
  void* in = const_cast<double*>(send.data());
  double* out = recv.data();
  const double start = MPI_Wtime();
  for (int i = 0; i < iterations; ++i) {
    switch (op) {
      case Collective::allreduce:
        check_mpi(MPI_Allreduce(in, out, chunk, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD), "MPI_Allreduce");
        break;
      case Collective::reduce_scatter:
        check_mpi(MPI_Reduce_scatter_block(in, out, chunk, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD), "MPI_Reduce_scatter_block");
        break;
      case Collective::allgather:
        check_mpi(MPI_Allgather(in, chunk, MPI_DOUBLE, out, chunk, MPI_DOUBLE, MPI_COMM_WORLD), "MPI_Allgather");
        break;
      case Collective::alltoall:
        check_mpi(MPI_Alltoall(in, chunk, MPI_DOUBLE, out, chunk, MPI_DOUBLE, MPI_COMM_WORLD), "MPI_Alltoall");
        break;
      case Collective::bcast:
        check_mpi(MPI_Bcast(out, chunk, MPI_DOUBLE, bcast_root, MPI_COMM_WORLD), "MPI_Bcast");
        break;
    }
  }
  return MPI_Wtime() - start;
}

void broadcast(std::vector<double>& values, int root) {
  check_mpi(MPI_Bcast(values.data(), count_of(values.size()), MPI_DOUBLE, root, MPI_COMM_WORLD), "MPI_Bcast");
}

std::vector<std::string> all_gather_text(const World& world, const std::string& text) {
  const int length = count_of(text.size());
  std::vector<int> lengths(static_cast<std::size_t>(world.size()));
  check_mpi(MPI_Allgather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, MPI_COMM_WORLD), "MPI_Allgather(lengths)");
  std::vector<int> offsets(lengths.size());
  int total = 0;
  for (std::size_t r = 0; r < lengths.size(); ++r) {
    offsets[r] = total;
    total += lengths[r];
  }
  std::string all(static_cast<std::size_t>(total), '\0');
  check_mpi(MPI_Allgatherv(text.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR,
                           MPI_COMM_WORLD),
            "MPI_Allgatherv(text)");
  std::vector<std::string> out;
  for (std::size_t r = 0; r < lengths.size(); ++r)
    out.push_back(all.substr(static_cast<std::size_t>(offsets[r]), static_cast<std::size_t>(lengths[r])));
  return out;
}

}  // namespace suanli::par
