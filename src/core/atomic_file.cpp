#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "core/error.hpp"

namespace suanli {

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& temp, const char* what, int error) {
  std::remove(temp.c_str());
  throw RunError(fmt::format("cannot write {}: {} ({})", path, what, std::strerror(error)));
}

}  // namespace

void write_file_atomically(const std::string& path, std::string_view contents) {
  const std::string temp = fmt::format("{}.tmp.{}", path, ::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw RunError(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  std::size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      fail(path, temp, "write", error);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    fail(path, temp, "fsync", error);
  }
  if (::close(fd) != 0) fail(path, temp, "close", errno);
  if (std::rename(temp.c_str(), path.c_str()) != 0) fail(path, temp, "rename", errno);
}

}  // namespace suanli
