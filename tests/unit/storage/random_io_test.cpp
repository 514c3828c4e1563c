// The io_uring engine: random 4 KiB writes at depth, then random reads, find what
// was written; the whole file read back agrees with the generations the engine kept.
#include "storage/random_io.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "core/stats.hpp"
#include "storage/scratch.hpp"

namespace suanli::storage {
namespace {

namespace fs = std::filesystem;

TEST(StorageRandomIo, ReadsBackWhatItWrote) {
  const fs::path parent = fs::temp_directory_path() / ("suanli_uring_test_" + std::to_string(::getpid()));
  fs::create_directories(parent);
  {
    ScratchDir scratch = ScratchDir::create(parent.string());
    const std::string path = scratch.file("random.dat");
    const CacheDefeat defeat = direct_io_supported(scratch.path()) ? CacheDefeat::direct : CacheDefeat::fsync_fadvise;
    constexpr std::size_t block = 64 * 1024, size = 16 * block;
    const DataPattern pattern(7, 0, block);
    {
      const auto file = open_posix(path, defeat);
      AlignedBuffer buffer(block);
      for (std::uint64_t offset = 0; offset < size; offset += block) {
        pattern.fill(buffer.data(), offset, block, 1);
        file->write_at(buffer.data(), block, offset);
      }
      file->sync();
    }
    std::vector<std::uint32_t> generations(size / sector_bytes, 1);
    const auto never = [] { return false; };
    RandomSpec writes{.write = true, .depth = 8, .seconds = 0.05, .file_bytes = size, .generation = 2, .seed = 3};
    const RandomOutcome w = run_random(path, defeat, pattern, writes, generations, never);
    EXPECT_GT(w.operations, 0u);
    EXPECT_EQ(w.latencies_s.size(), w.operations);
    const auto rewritten = std::count(generations.begin(), generations.end(), 2u);
    EXPECT_GT(rewritten, 0);
    RandomSpec reads{.write = false, .depth = 4, .seconds = 0.05, .file_bytes = size, .generation = 0, .seed = 5};
    RandomOutcome r = run_random(path, defeat, pattern, reads, generations, never);
    EXPECT_GT(r.operations, 0u);
    EXPECT_EQ(r.bad_blocks, 0u);
    EXPECT_GT(percentiles(r.latencies_s).p99, 0);
    // Every sector as the engine says it left it; one claimed wrongly is caught.
    const auto file = open_posix(path, defeat);
    AlignedBuffer buffer(size);
    file->read_at(buffer.data(), size, 0);
    std::size_t bad = 0;
    for (std::size_t s = 0; s < generations.size(); ++s)
      bad += pattern.bad_sectors(buffer.data() + s * sector_bytes, s * sector_bytes, sector_bytes, generations[s]);
    EXPECT_EQ(bad, 0u);
    const auto changed = std::find(generations.begin(), generations.end(), 2u) - generations.begin();
    generations[changed] = 1;
    r = run_random(path, defeat, pattern, {.depth = 16, .seconds = 0.1, .file_bytes = size, .seed = 9}, generations,
                   never);
    EXPECT_GT(r.bad_blocks, 0u);  // 0.1 s of reads over 256 sectors reach the wrong one
  }
  EXPECT_TRUE(fs::is_empty(parent));
  fs::remove_all(parent);
}


}  // namespace
}  // namespace suanli::storage
