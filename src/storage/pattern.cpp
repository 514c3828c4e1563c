#include "storage/pattern.hpp"

#include <cstring>
#include <stdexcept>

namespace suanli::storage {

namespace {
constexpr std::uint64_t magic = 0x73756e6c69696f31ULL;  // "sunliio1"
}

DataPattern::DataPattern(std::uint64_t seed, int writer, std::size_t period)
    : seed_(seed), writer_(writer), reference_(period) {
  if (period == 0 || period % sector_bytes != 0)
    throw std::invalid_argument("DataPattern: the period must be a positive multiple of 4096");
  std::uint64_t state = seed ^ (0x51ed270b27a5c3d9ULL * static_cast<std::uint64_t>(writer + 1));
  for (std::size_t i = 0; i < period; i += 8) {
    const std::uint64_t v = splitmix64(state);
    std::memcpy(reference_.data() + i, &v, 8);
  }
}

void DataPattern::header(std::byte* out, std::uint64_t offset, std::uint32_t generation) const {
  const std::uint64_t who = (static_cast<std::uint64_t>(static_cast<std::uint32_t>(writer_)) << 32) | generation;
  std::uint64_t state = seed_ ^ offset ^ (who * 0x9e3779b97f4a7c15ULL);
  const std::uint64_t words[4] = {magic ^ seed_, offset, who, splitmix64(state)};
  std::memcpy(out, words, header_bytes);
}

void DataPattern::fill(std::byte* buffer, std::uint64_t offset, std::size_t bytes, std::uint32_t generation) const {
  const std::size_t period = reference_.size();
  for (std::size_t done = 0; done < bytes;) {
    const std::size_t at = static_cast<std::size_t>((offset + done) % period);
    const std::size_t n = std::min(bytes - done, period - at);
    std::memcpy(buffer + done, reference_.data() + at, n);
    done += n;
  }
  stamp(buffer, offset, bytes, generation);
}

void DataPattern::stamp(std::byte* buffer, std::uint64_t offset, std::size_t bytes, std::uint32_t generation) const {
  for (std::size_t s = 0; s < bytes; s += sector_bytes) header(buffer + s, offset + s, generation);
}

std::size_t DataPattern::bad_sectors(const std::byte* buffer, std::uint64_t offset, std::size_t bytes,
                                     std::uint32_t generation) const {
  const std::size_t period = reference_.size();
  std::size_t bad = 0;
  for (std::size_t s = 0; s < bytes; s += sector_bytes) {
    std::byte expected[header_bytes];
    header(expected, offset + s, generation);
    const std::size_t at = static_cast<std::size_t>((offset + s) % period);
    const bool right = std::memcmp(buffer + s, expected, header_bytes) == 0 &&
                       std::memcmp(buffer + s + header_bytes, reference_.data() + at + header_bytes,
                                   sector_bytes - header_bytes) == 0;
    bad += !right;
  }
  return bad;
}

}  // namespace suanli::storage
