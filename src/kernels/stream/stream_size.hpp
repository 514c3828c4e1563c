// How large STREAM's arrays are, and whether the figure they give is a STREAM
// result. A pure function of the machine's facts, so it is tested on machines
// suanli is not running on (docs/stream.md, "Array size").
#pragma once

#include <cstddef>
#include <optional>

namespace suanli::kernels::stream {

// When no last-level cache could be detected, STREAM assumes the host's caches
// sum to at most this; 4x it is the 1 GiB per host the default then gives each
// array. Larger caches exist (stacked L3 of up to 1.1 GiB per socket): on such
// a host the cache must be detected, or --size given.
inline constexpr std::size_t assumed_llc_bytes_when_unknown = std::size_t{256} << 20;
// With the LLC unknown the default gives every rank arrays of this size when memory allows.
inline constexpr std::size_t unknown_llc_array_bytes = std::size_t{1} << 30;
// STREAM's rule: each array at least 4x the last-level cache (summed over the host's ranks).
inline constexpr std::size_t llc_multiple = 4;
// No default below this, whatever the cache: timer resolution and loop overhead.
inline constexpr std::size_t minimum_array_bytes = std::size_t{16} << 20;

struct ArraySizeInputs {
  std::size_t llc_bytes = 0;               // sum of every last-level cache of the host; 0: unknown
  int ranks_on_host = 1;                   // ranks sharing those caches and that memory
  std::size_t memory_available_bytes = 0;  // of the host; 0: unknown (no cap)
  std::optional<std::size_t> requested_bytes;  // --size, per array and rank
};

struct ArraySize {
  std::size_t bytes = 0;   // per array, on each rank; a multiple of 64
  // The smallest per-rank array that is not cache-sized: 4x the LLC (or the
  // assumed one) shared among the host's ranks, at least minimum_array_bytes.
  std::size_t stream_minimum_bytes = 0;
  bool llc_unknown = false;
  bool memory_capped = false;  // the default was lowered so that three arrays fit in half the available memory
  bool cache_sized = false;    // bytes < stream_minimum_bytes: the figure includes cache bandwidth
};

// The requested size as given (only rounded down to 64 bytes), else the
// default: 4x the LLC over the host's ranks (floor 16 MiB), or 1 GiB per rank
// when the LLC is unknown; either capped so that the host's three arrays per
// rank fit in half its available memory. Whether the requested size fits at
// all is the caller's check.
ArraySize array_size(const ArraySizeInputs& in);

}  // namespace suanli::kernels::stream
