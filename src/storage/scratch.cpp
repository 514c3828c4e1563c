#include "storage/scratch.hpp"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/units.hpp"

namespace suanli::storage {


void check_directory(const std::string& path, const std::string& option) {
  struct stat st {};
  if (path.empty()) throw UsageError(fmt::format("{}: expected a directory, got an empty path", option));
  if (::stat(path.c_str(), &st) != 0)
    throw UsageError(fmt::format("{}: '{}' does not exist ({}); expected a writable directory", option, path,
                                 std::strerror(errno)));
  if (!S_ISDIR(st.st_mode))
    throw UsageError(fmt::format("{}: '{}' is not a directory; expected a writable directory", option, path));
  if (::access(path.c_str(), W_OK | X_OK) != 0)
    throw UsageError(fmt::format("{}: '{}' is not writable ({}); expected a writable directory", option, path,
                                 std::strerror(errno)));
}

std::uint64_t free_bytes(const std::string& path) {
  struct statvfs vfs {};
  if (::statvfs(path.c_str(), &vfs) != 0)
    throw RunError(fmt::format("io: statvfs '{}': {}", path, std::strerror(errno)));
  return static_cast<std::uint64_t>(vfs.f_bavail) * vfs.f_frsize;
}

void check_free_space(const std::string& path, std::uint64_t needed, const std::string& option) {
  struct statvfs vfs {};
  if (::statvfs(path.c_str(), &vfs) != 0)
    throw UsageError(fmt::format("{}: cannot read the free space of '{}' ({})", option, path, std::strerror(errno)));
  const std::uint64_t available = static_cast<std::uint64_t>(vfs.f_bavail) * vfs.f_frsize;
  const std::uint64_t total = static_cast<std::uint64_t>(vfs.f_blocks) * vfs.f_frsize;
  const std::uint64_t margin = std::max<std::uint64_t>(64ULL << 20, total / 50);
  if (needed + margin > available)
    throw UsageError(fmt::format("{}: '{}' has {} free, and the run needs {} plus a margin of {}; "
                                 "give a smaller --size or another --dir",
                                 option, path, format_iec_bytes(static_cast<double>(available)),
                                 format_iec_bytes(static_cast<double>(needed)),
                                 format_iec_bytes(static_cast<double>(margin))));
}

std::string filesystem_type(const std::string& path) {
  struct statfs fs {};
  if (::statfs(path.c_str(), &fs) != 0) return "unknown";
  switch (static_cast<unsigned long>(fs.f_type)) {
    case EXT4_SUPER_MAGIC: return "ext4";  // also ext2/ext3: one magic
    case XFS_SUPER_MAGIC: return "xfs";
    case BTRFS_SUPER_MAGIC: return "btrfs";
    case TMPFS_MAGIC: return "tmpfs";
    case NFS_SUPER_MAGIC: return "nfs";
    case OVERLAYFS_SUPER_MAGIC: return "overlay";
    case 0x65735546: return "fuse";
    case 0x0bd00bd0: return "lustre";
    case 0x47504653: return "gpfs";
    case 0x2fc12fc1: return "zfs";
    case 0xff534d42: return "cifs";
    case 0xf15f: return "ecryptfs";
    default: return fmt::format("unknown (0x{:x})", static_cast<unsigned long>(fs.f_type));
  }
}

bool direct_io_supported(const std::string& directory, int tag) {
  const std::string probe = fmt::format("{}/.direct-probe-{}", directory, tag);
  const int fd = ::open(probe.c_str(), O_CREAT | O_RDWR | O_DIRECT | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  ::unlink(probe.c_str());
  void* block = nullptr;
  bool ok = ::posix_memalign(&block, 4096, 4096) == 0;
  if (ok) {
    std::memset(block, 0, 4096);
    ok = ::pwrite(fd, block, 4096, 0) == 4096 && ::pread(fd, block, 4096, 0) == 4096;
    std::free(block);
  }
  ::close(fd);
  return ok;
}

ScratchDir ScratchDir::create(const std::string& parent) {
  std::string pattern = parent + "/suanli-io-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr)
    throw RunError(fmt::format("io: cannot make a scratch directory in '{}': {}", parent, std::strerror(errno)));
  return ScratchDir(pattern);
}

ScratchDir ScratchDir::adopt(const std::string& path) {
  if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST)
    throw RunError(fmt::format("io: cannot make the scratch directory '{}': {}", path, std::strerror(errno)));
  return ScratchDir(path);
}

ScratchDir::ScratchDir(std::string path) : path_(std::move(path)) { remove_on_fatal_signal(path_); }

ScratchDir::ScratchDir(ScratchDir&& other) noexcept : path_(std::move(other.path_)), files_(std::move(other.files_)) {
  other.path_.clear();
  other.files_.clear();
}

ScratchDir::~ScratchDir() { remove_all(); }

std::string ScratchDir::file(const std::string& name) {
  std::string full = path_ + "/" + name;
  for (const std::string& f : files_)
    if (f == full) return full;
  files_.push_back(full);
  remove_on_fatal_signal(full);
  return full;
}

void ScratchDir::remove(const std::string& name) { ::unlink((path_ + "/" + name).c_str()); }

void ScratchDir::remove_all() noexcept {
  if (path_.empty()) return;
  for (const std::string& f : files_) {
    ::unlink(f.c_str());
    keep_on_fatal_signal(f);
  }
  ::rmdir(path_.c_str());
  keep_on_fatal_signal(path_);
  path_.clear();
  files_.clear();
}

}  // namespace suanli::storage
