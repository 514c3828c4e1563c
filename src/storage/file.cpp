#include "storage/file.hpp"

#include <fcntl.h>
#include <mpi.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "core/error.hpp"

namespace suanli::storage {

std::string cache_defeat_name(CacheDefeat c) {
  return c == CacheDefeat::direct ? "O_DIRECT" : "fsync+fadvise(DONTNEED)";
}

AlignedBuffer::AlignedBuffer(std::size_t bytes) : bytes_(bytes) {
  void* p = nullptr;
  if (::posix_memalign(&p, 4096, bytes == 0 ? 4096 : bytes) != 0)
    throw RunError(fmt::format("io: cannot allocate a buffer of {} bytes", bytes));
  std::memset(p, 0, bytes);
  data_.reset(static_cast<std::byte*>(p));
}

void AlignedBuffer::Free::operator()(std::byte* p) const { std::free(p); }

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path, int error) {
  throw RunError(fmt::format("io: {} '{}': {}", what, path, std::strerror(error)));
}

class PosixFile final : public BlockFile {
 public:
  PosixFile(const std::string& path, CacheDefeat defeat) : path_(path) {
    const int flags = O_CREAT | O_RDWR | O_CLOEXEC | (defeat == CacheDefeat::direct ? O_DIRECT : 0);
    fd_ = ::open(path.c_str(), flags, 0600);
    if (fd_ < 0) fail("open", path, errno);
  }
  ~PosixFile() override { ::close(fd_); }

  void write_at(const std::byte* buffer, std::size_t bytes, std::uint64_t offset) override {
    for (std::size_t done = 0; done < bytes;) {
      const ssize_t n = ::pwrite(fd_, buffer + done, bytes - done, static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) fail(fmt::format("write {} bytes at offset {} of", bytes, offset), path_, n < 0 ? errno : EIO);
      done += static_cast<std::size_t>(n);
    }
  }
  void read_at(std::byte* buffer, std::size_t bytes, std::uint64_t offset) override {
    for (std::size_t done = 0; done < bytes;) {
      const ssize_t n = ::pread(fd_, buffer + done, bytes - done, static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) fail(fmt::format("read {} bytes at offset {} of", bytes, offset), path_, n < 0 ? errno : EIO);
      done += static_cast<std::size_t>(n);
    }
  }
  void sync() override {
    if (::fsync(fd_) != 0) fail("fsync", path_, errno);
  }
  void drop_cache(std::uint64_t offset, std::uint64_t bytes) override {
    ::posix_fadvise(fd_, static_cast<off_t>(offset), static_cast<off_t>(bytes), POSIX_FADV_DONTNEED);
  }

 private:
  std::string path_;
  int fd_ = -1;
};

std::string mpi_error_text(int code) {
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  return std::string(text, static_cast<std::size_t>(length));
}

class MpiFile final : public BlockFile {
 public:
  explicit MpiFile(const std::string& path) : path_(path) {
    const int rc = MPI_File_open(MPI_COMM_WORLD, path.c_str(), MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh_);
    if (rc != MPI_SUCCESS) throw RunError(fmt::format("io: MPI_File_open '{}': {}", path, mpi_error_text(rc)));
  }
  ~MpiFile() override { MPI_File_close(&fh_); }

  void write_at(const std::byte* buffer, std::size_t bytes, std::uint64_t offset) override {
    MPI_Status status;
    const int rc = MPI_File_write_at(fh_, static_cast<MPI_Offset>(offset), buffer, static_cast<int>(bytes), MPI_BYTE,
                                     &status);
    check(rc, "MPI_File_write_at", status, bytes);
  }
  void read_at(std::byte* buffer, std::size_t bytes, std::uint64_t offset) override {
    MPI_Status status;
    const int rc = MPI_File_read_at(fh_, static_cast<MPI_Offset>(offset), buffer, static_cast<int>(bytes), MPI_BYTE,
                                    &status);
    check(rc, "MPI_File_read_at", status, bytes);
  }
  void sync() override {
    const int rc = MPI_File_sync(fh_);
    if (rc != MPI_SUCCESS) throw RunError(fmt::format("io: MPI_File_sync '{}': {}", path_, mpi_error_text(rc)));
  }
  void drop_cache(std::uint64_t offset, std::uint64_t bytes) override {
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ::posix_fadvise(fd, static_cast<off_t>(offset), static_cast<off_t>(bytes), POSIX_FADV_DONTNEED);
    ::close(fd);
  }

 private:
  void check(int rc, const char* what, MPI_Status& status, std::size_t bytes) const {
    if (rc != MPI_SUCCESS) throw RunError(fmt::format("io: {} '{}': {}", what, path_, mpi_error_text(rc)));
    int count = 0;
    MPI_Get_count(&status, MPI_BYTE, &count);
    if (static_cast<std::size_t>(count) != bytes)
      throw RunError(fmt::format("io: {} '{}': {} of {} bytes", what, path_, count, bytes));
  }
  std::string path_;
  MPI_File fh_ = MPI_FILE_NULL;
};

}  // namespace

std::unique_ptr<BlockFile> open_posix(const std::string& path, CacheDefeat defeat) {
  return std::make_unique<PosixFile>(path, defeat);
}

std::unique_ptr<BlockFile> open_mpiio(const std::string& path) { return std::make_unique<MpiFile>(path); }

void sync_and_drop(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail("open", path, errno);
  if (::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    fail("fsync", path, error);
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  ::close(fd);
}

}  // namespace suanli::storage
