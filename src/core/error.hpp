// Errors that end a command, each mapped to one exit code from DESIGN.md.
#pragma once

#include <stdexcept>
#include <string>

namespace suanli {

enum class ExitCode : int {
  success = 0,
  verification_failed = 1,  // a benchmark's answer was wrong
  usage = 2,                // bad option or input: one line naming it
  cannot_proceed = 3,       // out of memory, MPI failure, IO error
};

// Bad usage or input. The message is the whole line the user sees, and names
// the option and what it accepts, e.g. "--size: expected a positive size such as 512Mi, got '-3'".
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The run could not go on (allocation, IO, MPI). Results already measured are still written.
class RunError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace suanli
