// STREAM's array size: 4x the host's last-level caches shared among its ranks,
// 1 GiB per rank when the cache is unknown, capped by memory, and a requested
// size kept but marked cache-sized when it is below the rule.
#include "kernels/stream/stream_size.hpp"

#include <gtest/gtest.h>

namespace suanli::kernels::stream {
namespace {

constexpr std::size_t MiB = std::size_t{1} << 20;
constexpr std::size_t GiB = std::size_t{1} << 30;

// Every field named, so that a test says what it leaves unknown (0) or not requested.
ArraySize size(std::size_t llc, int ranks, std::size_t memory, std::optional<std::size_t> requested = std::nullopt) {
  ArraySizeInputs in;
  in.llc_bytes = llc;
  in.ranks_on_host = ranks;
  in.memory_available_bytes = memory;
  in.requested_bytes = requested;
  return array_size(in);
}

TEST(StreamArraySize, KnownCacheGivesFourTimesItSharedAmongTheHostsRanks) {
  const ArraySize one = size(32 * MiB, 1, 16 * GiB);
  EXPECT_EQ(one.bytes, 128 * MiB);
  EXPECT_FALSE(one.cache_sized);
  EXPECT_FALSE(one.llc_unknown);
  EXPECT_FALSE(one.memory_capped);
  // Two sockets of 256 MiB on 4 ranks: 4 x 512 MiB / 4.
  const ArraySize four = size(512 * MiB, 4, 64 * GiB);
  EXPECT_EQ(four.bytes, 512 * MiB);
  EXPECT_EQ(four.stream_minimum_bytes, 512 * MiB);
  EXPECT_FALSE(four.cache_sized);
}

TEST(StreamArraySize, KnownSmallCacheStillGetsTheFloor) {
  const ArraySize s = size(8 * MiB, 8, 16 * GiB);
  EXPECT_EQ(s.bytes, 16 * MiB);  // 4 x 8 MiB / 8 = 4 MiB, raised to the floor
  EXPECT_FALSE(s.cache_sized);
}

TEST(StreamArraySize, UnknownCacheGivesOneGibPerRankAndSaysSo) {
  for (int ranks : {1, 2, 4}) {
    const ArraySize s = size(0, ranks, 64 * GiB);
    EXPECT_EQ(s.bytes, GiB) << ranks;
    EXPECT_TRUE(s.llc_unknown);
    EXPECT_FALSE(s.cache_sized);
    EXPECT_FALSE(s.memory_capped);
  }
  // Memory unknown as well: nothing to cap by.
  EXPECT_EQ(size(0, 1, 0).bytes, GiB);
}

TEST(StreamArraySize, MemoryCapsTheDefaultToHalfTheAvailable) {
  // 3 arrays x 2 ranks in half of 6 GiB: 512 MiB each, still 4x the assumed cache over 2 ranks.
  const ArraySize s = size(0, 2, 6 * GiB);
  EXPECT_EQ(s.bytes, 512 * MiB);
  EXPECT_TRUE(s.memory_capped);
  EXPECT_FALSE(s.cache_sized);
  EXPECT_LE(3 * 2 * s.bytes, 3 * GiB);
  // 1 GiB available: 3 arrays of 170 MiB fit in half; below 4x the assumed 256 MiB: cache-sized.
  const ArraySize tiny = size(0, 1, GiB);
  EXPECT_TRUE(tiny.memory_capped);
  EXPECT_TRUE(tiny.cache_sized);
  EXPECT_LE(3 * tiny.bytes, GiB / 2);
  EXPECT_EQ(tiny.bytes % 64, 0u);
  // A known cache larger than memory allows: capped and marked.
  const ArraySize big = size(1 * GiB, 1, 12 * GiB);
  EXPECT_EQ(big.bytes, 2 * GiB);
  EXPECT_TRUE(big.cache_sized);
}

TEST(StreamArraySize, RequestedSizeIsKeptButMarkedWhenBelowTheRule) {
  const ArraySize small = size(32 * MiB, 1, 0, 16 * MiB);
  EXPECT_EQ(small.bytes, 16 * MiB);
  EXPECT_TRUE(small.cache_sized);
  const ArraySize enough = size(32 * MiB, 1, 0, 128 * MiB);
  EXPECT_FALSE(enough.cache_sized);
  // With the cache unknown, a request below 4x the assumed cache is cache-sized too.
  EXPECT_TRUE(size(0, 1, 0, 64 * MiB).cache_sized);
  EXPECT_FALSE(size(0, 1, 0, GiB).cache_sized);
  // The request is not capped (the caller refuses what does not fit), only rounded to whole vectors.
  EXPECT_EQ(size(0, 1, GiB, 2 * GiB + 100).bytes, 2 * GiB + 64);
}

TEST(StreamArraySize, RanksShareTheCacheRule) {
  // 4 x 32 MiB over 2 ranks: 64 MiB each; 48 MiB each is cache-sized on 2 ranks but not on 4.
  EXPECT_EQ(size(32 * MiB, 2, 0).bytes, 64 * MiB);
  EXPECT_TRUE(size(32 * MiB, 2, 0, 48 * MiB).cache_sized);
  EXPECT_FALSE(size(32 * MiB, 4, 0, 48 * MiB).cache_sized);
}

}  // namespace
}  // namespace suanli::kernels::stream
