// The data suanli io writes: what fill writes, bad_sectors accepts, and a block that
// is misplaced, from another rank, from an earlier trial or corrupted is caught.
#include "storage/pattern.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace suanli::storage {
namespace {

constexpr std::size_t block = 64 * 1024;

TEST(StoragePattern, WhatIsWrittenReadsBackRight) {
  const DataPattern p(42, 3, block);
  std::vector<std::byte> b(3 * block);
  p.fill(b.data(), 5 * block, b.size(), 7);
  EXPECT_EQ(p.bad_sectors(b.data(), 5 * block, b.size(), 7), 0u);
  // Sectors within a block differ (no dedup-friendly repeats), blocks share the body.
  EXPECT_NE(std::memcmp(b.data() + header_bytes, b.data() + sector_bytes + header_bytes, 64), 0);
}

TEST(StoragePattern, StampEqualsFillAtCongruentOffsets) {
  const DataPattern p(42, 0, block);
  std::vector<std::byte> filled(block), stamped(block);
  p.fill(stamped.data(), 0, block, 1);
  p.stamp(stamped.data(), 9 * block, block, 4);
  p.fill(filled.data(), 9 * block, block, 4);
  EXPECT_EQ(std::memcmp(filled.data(), stamped.data(), block), 0);
}

TEST(StoragePattern, APlantedWrongBlockIsCaught) {
  const DataPattern p(42, 1, block);
  std::vector<std::byte> b(4 * block);
  p.fill(b.data(), 0, b.size(), 2);
  // Block 2 holds block 3's data: a misplaced write.
  p.fill(b.data() + 2 * block, 3 * block, block, 2);
  EXPECT_EQ(p.bad_sectors(b.data(), 0, b.size(), 2), block / sector_bytes);
  // The right offset from another rank, from an earlier trial, or one flipped byte.
  p.fill(b.data() + 2 * block, 2 * block, block, 2);
  const DataPattern other_rank(42, 2, block);
  other_rank.fill(b.data(), 0, sector_bytes, 2);
  EXPECT_EQ(p.bad_sectors(b.data(), 0, b.size(), 2), 1u);
  EXPECT_EQ(p.bad_sectors(b.data() + block, block, block, 1), block / sector_bytes);  // stale generation
  p.fill(b.data(), 0, sector_bytes, 2);
  b[3 * block + 1000] ^= std::byte{1};
  EXPECT_EQ(p.bad_sectors(b.data(), 0, b.size(), 2), 1u);
}

TEST(StoragePattern, AnotherSeedIsAnotherPattern) {
  const DataPattern a(1, 0, block), b(2, 0, block);
  std::vector<std::byte> buffer(block);
  a.fill(buffer.data(), 0, block, 1);
  EXPECT_EQ(b.bad_sectors(buffer.data(), 0, block, 1), block / sector_bytes);
}

TEST(StoragePattern, PeriodMustBeWholeSectors) {
  EXPECT_THROW(DataPattern(1, 0, 1000), std::invalid_argument);
}

}  // namespace
}  // namespace suanli::storage
