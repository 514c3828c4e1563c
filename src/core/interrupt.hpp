// Ctrl-C as a request to stop rather than a kill. While an InterruptWatch lives,
// SIGINT and SIGTERM set a flag that long benchmarks poll between their steps,
// so a run ends with the figures it has measured so far, written as usual. A
// second signal gets the default action: the process ends at once.
#pragma once

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

}  // namespace suanli
