#include "par/collective_check.hpp"

#include <algorithm>
#include <array>

namespace suanli::par {

namespace {

constexpr double sentinel = -1.0;  // fill_value is 1 … 64, sums are positive
constexpr std::size_t value_period = 64;  // fill_value(r, i) depends on i mod 64 only

struct CollectiveName {
  Collective op;
  std::string_view key;
};
constexpr std::array<CollectiveName, 5> names = {{{Collective::allreduce, "allreduce"},
                                                  {Collective::reduce_scatter, "reduce_scatter"},
                                                  {Collective::allgather, "allgather"},
                                                  {Collective::alltoall, "alltoall"},
                                                  {Collective::bcast, "bcast"}}};

// Σ over ranks of fill_value(q, i), for i mod 64: the answer of every reduction.
std::array<double, value_period> rank_sums(int ranks) {
  std::array<double, value_period> sums{};
  for (std::size_t i = 0; i < value_period; ++i)
    for (int q = 0; q < ranks; ++q) sums[i] += fill_value(q, i);
  return sums;
}

}  // namespace

std::string_view collective_key(Collective op) {
  for (const auto& n : names)
    if (n.op == op) return n.key;
  return "?";
}

std::optional<Collective> parse_collective(std::string_view key) {
  for (const auto& n : names)
    if (n.key == key) return n.op;
  return std::nullopt;
}

double bus_bandwidth_factor(Collective op, int ranks) {
  if (ranks < 2) return 0;
  const double n = ranks;
  switch (op) {
    case Collective::allreduce: return 2 * (n - 1) / n;
    case Collective::reduce_scatter:
    case Collective::allgather:
    case Collective::alltoall: return (n - 1) / n;
    case Collective::bcast: return 1;
  }
  return 0;
}

CollectiveShape collective_shape(Collective op, int ranks, std::size_t bytes) {
  const std::size_t elements = bytes / sizeof(double);
  const auto n = static_cast<std::size_t>(std::max(ranks, 1));
  CollectiveShape s;
  switch (op) {
    case Collective::allreduce:
      s.chunk = elements;
      s.send = s.recv = elements;
      break;
    case Collective::bcast:
      s.chunk = elements;
      s.recv = elements;
      break;
    case Collective::reduce_scatter:
      s.chunk = elements / n;
      s.send = s.chunk * n;
      s.recv = s.chunk;
      break;
    case Collective::allgather:
      s.chunk = elements / n;
      s.send = s.chunk;
      s.recv = s.chunk * n;
      break;
    case Collective::alltoall:
      s.chunk = elements / n;
      s.send = s.recv = s.chunk * n;
      break;
  }
  if (s.chunk == 0) return {};
  s.bytes = std::max(s.send, s.recv) * sizeof(double);
  return s;
}

void fill_buffers(Collective op, int rank, int /*ranks*/, const CollectiveShape& shape, std::span<double> send,
                  std::span<double> recv) {
  for (std::size_t i = 0; i < shape.send; ++i) send[i] = fill_value(rank, i);
  std::fill(recv.begin(), recv.begin() + static_cast<std::ptrdiff_t>(shape.recv), sentinel);
  if (op == Collective::bcast && rank == bcast_root)
    for (std::size_t i = 0; i < shape.recv; ++i) recv[i] = fill_value(rank, i);
}

double expected_value(Collective op, int rank, int ranks, const CollectiveShape& shape, std::size_t index) {
  double sum = 0;
  switch (op) {
    case Collective::allreduce:
      for (int q = 0; q < ranks; ++q) sum += fill_value(q, index);
      return sum;
    case Collective::reduce_scatter:
      for (int q = 0; q < ranks; ++q) sum += fill_value(q, static_cast<std::size_t>(rank) * shape.chunk + index);
      return sum;
    case Collective::allgather: return fill_value(static_cast<int>(index / shape.chunk), index % shape.chunk);
    case Collective::alltoall:
      return fill_value(static_cast<int>(index / shape.chunk),
                        static_cast<std::size_t>(rank) * shape.chunk + index % shape.chunk);
    case Collective::bcast: return fill_value(bcast_root, index);
  }
  return sentinel;
}

std::size_t count_wrong(Collective op, int rank, int ranks, const CollectiveShape& shape,
                        std::span<const double> recv) {
  std::size_t wrong = 0;
  if (op == Collective::allreduce || op == Collective::reduce_scatter) {
    // The same sums as expected_value, from a table: the check stays O(elements) at any rank count.
    const std::array<double, value_period> sums = rank_sums(ranks);
    const std::size_t offset = op == Collective::allreduce ? 0 : static_cast<std::size_t>(rank) * shape.chunk;
    for (std::size_t i = 0; i < shape.recv; ++i) wrong += recv[i] != sums[(offset + i) % value_period];
    return wrong;
  }
  for (std::size_t i = 0; i < shape.recv; ++i) wrong += recv[i] != expected_value(op, rank, ranks, shape, i);
  return wrong;
}

void fill_message(std::span<unsigned char> buffer) {
  for (std::size_t i = 0; i < buffer.size(); ++i) buffer[i] = message_byte(i);
}

std::size_t count_wrong_bytes(std::span<const unsigned char> received) {
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < received.size(); ++i) wrong += received[i] != message_byte(i);
  return wrong;
}

}  // namespace suanli::par
