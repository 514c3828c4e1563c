// The data suanli io writes and checks. A file is a row of 4 KiB sectors; each
// sector starts with a 32-byte header naming the seed, the file offset, the
// writing rank and a generation (the trial or phase that wrote it), and goes on
// with a body taken from a per-rank random reference at offset mod period. A
// sector read back is right only when every byte matches: a block written to the
// wrong place, by the wrong rank, or left over from an earlier trial is caught by
// its header, corruption by its body. Filling costs 32 bytes per 4 KiB once the
// body is in a buffer (stamp), so the write loop stays at disk speed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace suanli::storage {

inline constexpr std::size_t sector_bytes = 4096;
inline constexpr std::size_t header_bytes = 32;

class DataPattern {
 public:
  // period: bytes of random reference, a multiple of sector_bytes (usually the transfer block).
  DataPattern(std::uint64_t seed, int writer, std::size_t period);

  // The bytes of [offset, offset + bytes) of a file as written in `generation`.
  // offset and bytes are multiples of sector_bytes.
  void fill(std::byte* buffer, std::uint64_t offset, std::size_t bytes, std::uint32_t generation) const;
  // Only the headers: the buffer already holds a fill of an offset congruent modulo the period.
  void stamp(std::byte* buffer, std::uint64_t offset, std::size_t bytes, std::uint32_t generation) const;
  // Sectors of [offset, offset + bytes) that differ from what `generation` wrote.
  std::size_t bad_sectors(const std::byte* buffer, std::uint64_t offset, std::size_t bytes,
                          std::uint32_t generation) const;

  std::size_t period() const { return reference_.size(); }
  int writer() const { return writer_; }

 private:
  void header(std::byte* out, std::uint64_t offset, std::uint32_t generation) const;
  std::uint64_t seed_;
  int writer_;
  std::vector<std::byte> reference_;
};

// splitmix64: the generator of the reference bytes and of random offsets.
inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace suanli::storage
