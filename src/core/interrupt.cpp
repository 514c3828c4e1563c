#include "core/interrupt.hpp"

#include <unistd.h>

#include <climits>
#include <csignal>
#include <cstdio>
#include <cstring>

namespace suanli {
namespace {

volatile std::sig_atomic_t requested = 0;
struct sigaction previous_int, previous_term;

// What the second signal removes: fixed-size, so that the handler calls nothing
// but unlink and rmdir. An empty entry is a free slot.
constexpr int removal_slots = 64;
char removals[removal_slots][PATH_MAX];

void remove_registered() {
  for (auto& path : removals)
    if (path[0]) ::unlink(path);
  for (auto& path : removals)
    if (path[0]) ::rmdir(path);
}

extern "C" void on_signal(int signal) {
  if (requested) {
    // The second Ctrl-C: stop waiting for the benchmark to notice.
    remove_registered();
    std::signal(signal, SIG_DFL);
    std::raise(signal);
    return;
  }
  requested = 1;
}

}  // namespace

InterruptWatch::InterruptWatch() {
  requested = 0;
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous_int);
  sigaction(SIGTERM, &action, &previous_term);
}

InterruptWatch::~InterruptWatch() {
  sigaction(SIGINT, &previous_int, nullptr);
  sigaction(SIGTERM, &previous_term, nullptr);
  requested = 0;  // the run it watched is over: the next one starts afresh
}

bool interrupt_requested() { return requested != 0; }

void request_interrupt() { requested = 1; }

void remove_on_fatal_signal(const std::string& path) {
  if (path.empty() || path.size() >= PATH_MAX) return;
  for (auto& slot : removals)
    if (!slot[0]) {
      // The terminating zero last: the handler never sees half a path.
      std::memcpy(slot + 1, path.c_str() + 1, path.size());
      slot[0] = path[0];
      return;
    }
}

void keep_on_fatal_signal(const std::string& path) {
  for (auto& slot : removals)
    if (slot[0] && path == slot) slot[0] = '\0';
}

}  // namespace suanli
