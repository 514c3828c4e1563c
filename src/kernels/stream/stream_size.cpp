#include "kernels/stream/stream_size.hpp"

#include <algorithm>

namespace suanli::kernels::stream {
namespace {

constexpr std::size_t alignment = 64;  // the arrays' alignment and the vector kernels' step
constexpr std::size_t mebibyte = std::size_t{1} << 20;

std::size_t round_down(std::size_t bytes, std::size_t multiple) { return bytes / multiple * multiple; }
std::size_t round_up(std::size_t bytes, std::size_t multiple) { return (bytes + multiple - 1) / multiple * multiple; }

}  // namespace

ArraySize array_size(const ArraySizeInputs& in) {
  const std::size_t ranks = static_cast<std::size_t>(std::max(1, in.ranks_on_host));
  ArraySize s;
  s.llc_unknown = in.llc_bytes == 0;
  const std::size_t llc = s.llc_unknown ? assumed_llc_bytes_when_unknown : in.llc_bytes;
  // Each rank's share of 4x the host's caches, rounded up so that the sum over ranks is not short.
  s.stream_minimum_bytes = std::max(minimum_array_bytes, round_up((llc_multiple * llc + ranks - 1) / ranks, alignment));

  if (in.requested_bytes) {
    s.bytes = round_down(*in.requested_bytes, alignment);
  } else {
    s.bytes = round_up(s.stream_minimum_bytes, mebibyte);
    if (s.llc_unknown) s.bytes = std::max(s.bytes, unknown_llc_array_bytes);
    if (in.memory_available_bytes > 0) {
      const std::size_t cap = round_down(in.memory_available_bytes / 2 / 3 / ranks, alignment);
      if (cap < s.bytes) {
        s.bytes = cap;
        s.memory_capped = true;
      }
    }
  }
  s.cache_sized = s.bytes < s.stream_minimum_bytes;
  return s;
}

}  // namespace suanli::kernels::stream
