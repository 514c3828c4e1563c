// The operations `suanli comm` times, each a thin loop over MPI calls on
// MPI_COMM_WORLD that returns the seconds this rank spent in it (MPI_Wtime).
// Warm-up is the caller's: call once with the warm-up count, then with the timed one.
// Methodology and formulas: docs/comm.md.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "par/collective_check.hpp"
#include "par/world.hpp"

namespace suanli::par {

// The pair of a point-to-point test: `first` starts every exchange. Only the two
// ranks of the pair may call the point-to-point functions.
struct Pair {
  int first = 0;
  int second = 1;
};

// OSU latency (osu_latency, as hpcc's ping-pong): `first` sends `send` and receives
// into `recv`; `second` receives into `recv` and answers with its own `send` (the same
// bytes), not the buffer it received into. One iteration is one round trip, so the
// one-way latency is seconds / (2 · iterations).
double ping_pong(const World& world, Pair pair, std::span<const unsigned char> send, std::span<unsigned char> recv,
                 int iterations);

// OSU bandwidth: per iteration `first` posts `window` non-blocking sends of `send`,
// `second` posts `window` receives into `recv` (the same buffer, as OSU does), both
// wait, then `second` sends a 4-byte acknowledgement. Bytes moved: window · size · iterations.
double window_bandwidth(const World& world, Pair pair, std::span<const unsigned char> send,
                        std::span<unsigned char> recv, int window, int iterations);

// OSU bidirectional bandwidth: both ranks post `window` receives and `window`
// sends per iteration and wait for all. Bytes moved: 2 · window · size · iterations.
double bidirectional_bandwidth(const World& world, Pair pair, std::span<const unsigned char> send,
                               std::span<unsigned char> recv, int window, int iterations);

// `iterations` calls of `op` with the counts of `shape` (collective_check.hpp).
// Every rank must call it. bcast works in `recv`, rooted at bcast_root.
double time_collective(Collective op, const CollectiveShape& shape, std::span<const double> send,
                       std::span<double> recv, int iterations);

// Rank `root`'s values on every rank (sizes must agree). Every rank must call it.
void broadcast(std::vector<double>& values, int root);

// Every rank's text, in rank order, on every rank.
std::vector<std::string> all_gather_text(const World& world, const std::string& text);

}  // namespace suanli::par
