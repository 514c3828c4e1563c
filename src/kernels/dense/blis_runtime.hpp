// BLIS's start-up: the kernel configuration is fixed once, at its initialisation, from the
// BLIS_ARCH_TYPE environment variable (BLIS 0.9.0 reads a number, the arch_t of blis.h). suanli sets
// it to its own choice (blis_config.hpp), initialises BLIS, and puts the environment back as it was.
#pragma once

#include <string>

#include "kernels/dense/blis_config.hpp"

namespace suanli::kernels::dense {

// Initialises BLIS with `config` on the first call; later calls do nothing (BLIS cannot change
// configuration in a process). Call before any other bli_* call, from one thread.
void start_blis(BlisConfig config);

// bli_info_get_version_str(): "0.9.0".
std::string blis_version();
// bli_arch_string(bli_arch_query_id()): the configuration BLIS runs, "skx"; starts BLIS first
// with this machine's choice if nothing has.
std::string blis_running_config();

}  // namespace suanli::kernels::dense
