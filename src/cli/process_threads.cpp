#include "cli/process_threads.hpp"

#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string_view>

extern char** environ;

namespace suanli::cli {
namespace {

int count_in(std::string_view text) {
  int n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return 0;  // not a count: the option parser will say so
    n = std::min(n * 10 + (c - '0'), 1 << 20);
  }
  return n;
}

}  // namespace

int threads_this_run_may_use(int argc, char** argv) {
  int threads = omp_get_max_threads();
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if ((arg == "cloud" || arg == "run") && i == 1) threads = std::max(threads, 2);
    if (arg == "--threads" && i + 1 < argc) threads = std::max(threads, count_in(argv[i + 1]));
    if (arg.starts_with("--threads=")) threads = std::max(threads, count_in(arg.substr(10)));
  }
  for (char** variable = environ; variable && *variable; ++variable) {
    const std::string_view setting = *variable;
    const std::size_t equals = setting.find('=');
    const std::string_view name = setting.substr(0, equals);
    if (equals != std::string_view::npos && name.starts_with("SUANLI_") && name.ends_with("_THREADS"))
      threads = std::max(threads, count_in(setting.substr(equals + 1)));
  }
  return threads;
}

}  // namespace suanli::cli
