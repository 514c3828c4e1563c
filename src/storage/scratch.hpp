// Where suanli io may write, and the promise that it leaves nothing behind: a
// fresh subdirectory (mkdtemp) of the directory the user named, whose files are
// removed when the ScratchDir goes (success, exception, the first Ctrl-C's
// unwinding), and by core/interrupt when a second signal ends the process.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace suanli::storage {

// Refuses, with UsageError naming `option`, a path that is not an existing,
// writable directory.
void check_directory(const std::string& path, const std::string& option);

// Bytes an unprivileged writer may still put in the file system of `path` (statvfs f_bavail).
std::uint64_t free_bytes(const std::string& path);

// Refuses, with UsageError naming `option`, when `needed` bytes plus a margin
// (64 MiB or 2% of the file system, the larger) do not fit in what is free.
void check_free_space(const std::string& path, std::uint64_t needed, const std::string& option);

// "ext4", "xfs", "tmpfs", "nfs", ... from statfs's magic number; "unknown (0x…)" otherwise.
std::string filesystem_type(const std::string& path);

// Whether a file in `directory` can be opened with O_DIRECT and read and written in
// 4 KiB aligned blocks (tmpfs and some FUSE file systems refuse).
bool direct_io_supported(const std::string& directory, int tag = 0);

class ScratchDir {
 public:
  // Makes a fresh directory "suanli-io-XXXXXX" in `parent`; throws RunError when it cannot.
  static ScratchDir create(const std::string& parent);
  // Takes charge of a directory another rank made (it is made here too when missing,
  // as on a file system local to each host).
  static ScratchDir adopt(const std::string& path);

  ScratchDir(ScratchDir&& other) noexcept;
  ScratchDir& operator=(ScratchDir&&) = delete;
  ScratchDir(const ScratchDir&) = delete;
  ~ScratchDir();

  const std::string& path() const { return path_; }
  // The full path of `name` inside, recorded for removal.
  std::string file(const std::string& name);
  // Removes one recorded file now (it stays recorded: removing twice is harmless).
  void remove(const std::string& name);
  // Removes every recorded file and the directory (if empty: another rank's files may remain).
  void remove_all() noexcept;

 private:
  explicit ScratchDir(std::string path);
  std::string path_;
  std::vector<std::string> files_;
};

}  // namespace suanli::storage
