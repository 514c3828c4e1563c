// Files are written whole or not at all (reports, and the files benchmarks
// write beside them): a temporary file beside the target,
// flushed to disk, then renamed over it. A failure removes the temporary.
#pragma once

#include <string>
#include <string_view>

namespace suanli {

// Throws RunError naming the path and the system's reason on failure.
void write_file_atomically(const std::string& path, std::string_view contents);

}  // namespace suanli
