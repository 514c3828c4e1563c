// What `suanli comm` knows about each collective without running it: the bus
// bandwidth factor (nccl-tests' PERFORMANCE doc), how many elements each buffer
// holds, what each rank sends and what it must receive. Every value is a small
// integer made from (rank, index), so sums over ranks are exact in double and a
// wrong element is wrong by at least 1. Pure functions: no MPI, the test oracle.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace suanli::par {

enum class Collective { allreduce, reduce_scatter, allgather, alltoall, bcast };

std::string_view collective_key(Collective op);  // "reduce_scatter"
std::optional<Collective> parse_collective(std::string_view key);

// busbw = algbw · factor, so that busbw is comparable with the link's bandwidth
// whatever the rank count n: allreduce 2(n−1)/n; reduce-scatter, allgather,
// alltoall (n−1)/n; broadcast 1. Zero on one rank (nothing crosses a link).
double bus_bandwidth_factor(Collective op, int ranks);

// The elements of one collective call. `chunk` is the count MPI is given: the whole
// buffer for allreduce and bcast, the block each rank receives (reduce-scatter),
// contributes (allgather) or exchanges with each rank (alltoall).
struct CollectiveShape {
  std::size_t chunk = 0;
  std::size_t send = 0;  // elements in the send buffer (bcast: 0, it works in the receive buffer)
  std::size_t recv = 0;  // elements in the receive buffer
  std::size_t bytes = 0;  // S of algbw = S/t, as nccl-tests counts it
};

// The largest call of at most `bytes` (8-byte elements), as nccl-tests sizes it:
// per-rank blocks round down, so S is a multiple of 8n for the blocked collectives.
// chunk == 0 where `bytes` is too small to give every rank one element.
CollectiveShape collective_shape(Collective op, int ranks, std::size_t bytes);

// Rank `rank`'s value at position `index` of its send buffer: 1 … 64.
inline double fill_value(int rank, std::size_t index) {
  return static_cast<double>((static_cast<std::size_t>(rank) * 7 + index * 3) % 64 + 1);
}

// The root of bcast.
inline constexpr int bcast_root = 0;

// Fills this rank's send buffer (bcast: the root's receive buffer) and sets every
// element the collective must write to a sentinel no answer can have.
void fill_buffers(Collective op, int rank, int ranks, const CollectiveShape& shape, std::span<double> send,
                  std::span<double> recv);

// The element at `index` of `rank`'s receive buffer after the collective.
double expected_value(Collective op, int rank, int ranks, const CollectiveShape& shape, std::size_t index);

// Elements of the receive buffer that differ from expected_value (nccl-tests' #wrong).
std::size_t count_wrong(Collective op, int rank, int ranks, const CollectiveShape& shape,
                        std::span<const double> recv);

// Point-to-point payloads: byte `index` of every message (0 … 250), a sentinel for
// receive buffers (255, never a payload byte), and the count of received bytes that differ.
inline unsigned char message_byte(std::size_t index) { return static_cast<unsigned char>((index * 131 + 7) % 251); }
inline constexpr unsigned char message_sentinel = 255;
void fill_message(std::span<unsigned char> buffer);
std::size_t count_wrong_bytes(std::span<const unsigned char> received);

}  // namespace suanli::par
