#include "core/interrupt.hpp"

#include <csignal>

namespace suanli {
namespace {

volatile std::sig_atomic_t requested = 0;
struct sigaction previous_int, previous_term;

extern "C" void on_signal(int signal) {
  if (requested) {
    // The second Ctrl-C: stop waiting for the benchmark to notice.
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

}  // namespace suanli
