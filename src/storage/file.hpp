// The block files suanli io times: one interface, a POSIX file (pwrite/pread, with
// O_DIRECT where the file system allows it) and an MPI-IO file shared by all ranks.
// Errors throw RunError naming the file and the operation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace suanli::storage {

// How the page cache is kept out of the figures.
enum class CacheDefeat { direct, fsync_fadvise };
std::string cache_defeat_name(CacheDefeat c);  // "O_DIRECT", "fsync+fadvise(DONTNEED)"

class BlockFile {
 public:
  virtual ~BlockFile() = default;
  virtual void write_at(const std::byte* buffer, std::size_t bytes, std::uint64_t offset) = 0;
  virtual void read_at(std::byte* buffer, std::size_t bytes, std::uint64_t offset) = 0;
  // Data on stable storage (fsync; MPI_File_sync, which is collective).
  virtual void sync() = 0;
  // Drops this file's cached pages [offset, offset + bytes) (posix_fadvise DONTNEED, after sync);
  // nothing to do under O_DIRECT.
  virtual void drop_cache(std::uint64_t offset, std::uint64_t bytes) = 0;
};

// Opens (creating) `path` for reading and writing, O_DIRECT when `defeat` is direct.
std::unique_ptr<BlockFile> open_posix(const std::string& path, CacheDefeat defeat);
// Opens (creating) `path` on every rank of MPI_COMM_WORLD: collective, as its destruction.
std::unique_ptr<BlockFile> open_mpiio(const std::string& path);

// A buffer aligned for O_DIRECT (4 KiB), zeroed.
struct AlignedBuffer {
  explicit AlignedBuffer(std::size_t bytes);
  std::byte* data() const { return data_.get(); }
  std::size_t size() const { return bytes_; }

 private:
  struct Free {
    void operator()(std::byte* p) const;
  };
  std::unique_ptr<std::byte, Free> data_;
  std::size_t bytes_;
};

// fsync, then fadvise(DONTNEED), of a whole file by path: its pages leave the cache.
void sync_and_drop(const std::string& path);

}  // namespace suanli::storage
