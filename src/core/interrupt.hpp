// Ctrl-C as a request to stop rather than a kill. While an InterruptWatch lives,
// SIGINT and SIGTERM set a flag that long benchmarks poll between their steps,
// so a run ends with the figures it has measured so far, written as usual. A
// second signal ends the process at once, after removing the paths registered
// with remove_on_fatal_signal (a benchmark's scratch files): the one signal
// mechanism of the process, so nothing else installs handlers of its own.
#pragma once

#include <string>

namespace suanli {

class InterruptWatch {
 public:
  InterruptWatch();   // installs the handlers, clears the flag
  ~InterruptWatch();  // restores the previous handlers, clears the flag
  InterruptWatch(const InterruptWatch&) = delete;
  InterruptWatch& operator=(const InterruptWatch&) = delete;
};

// Whether SIGINT or SIGTERM arrived while a watch was installed.
bool interrupt_requested();

// For tests: as if the signal had arrived.
void request_interrupt();

// Paths the second signal removes before the process dies (files unlinked, then
// directories removed; async-signal-safe). A fixed table of 64: beyond it a path
// is not recorded, and only the normal clean-up removes it.
void remove_on_fatal_signal(const std::string& path);
// Takes a path off that list (it has been removed, or is to be kept).
void keep_on_fatal_signal(const std::string& path);

}  // namespace suanli
