#include "kernels/dense/blis_runtime.hpp"

#include <blis.h>

#include <cstdlib>
#include <mutex>
#include <optional>

#include "kernels/dense/blas_engine.hpp"

namespace suanli::kernels::dense {
namespace {

constexpr const char* arch_variable = "BLIS_ARCH_TYPE";
std::once_flag blis_started;

}  // namespace

long blis_arch_id(BlisConfig config) {
  switch (config) {
    case BlisConfig::skx: return BLIS_ARCH_SKX;
    case BlisConfig::zen3: return BLIS_ARCH_ZEN3;
    case BlisConfig::zen2: return BLIS_ARCH_ZEN2;
    case BlisConfig::zen: return BLIS_ARCH_ZEN;
    case BlisConfig::haswell: return BLIS_ARCH_HASWELL;
    case BlisConfig::sandybridge: return BLIS_ARCH_SANDYBRIDGE;
    case BlisConfig::penryn: return BLIS_ARCH_PENRYN;
    case BlisConfig::generic: return BLIS_ARCH_GENERIC;
  }
  return BLIS_ARCH_GENERIC;
}

std::optional<BlisConfig> blis_config_of_arch_id(long id) {
  for (BlisConfig c : all_blis_configs)
    if (blis_arch_id(c) == id) return c;
  return std::nullopt;
}

void start_blis(BlisConfig config) {
  std::call_once(blis_started, [config] {
    // BLIS reads the variable in bli_init() (bli_arch_set_id), which must come before any call
    // that could initialise it another way; the user's own value, if any, is restored after.
    const char* user_value = std::getenv(arch_variable);
    const std::optional<std::string> saved = user_value ? std::optional<std::string>(user_value) : std::nullopt;
    setenv(arch_variable, std::to_string(blis_arch_id(config)).c_str(), 1);
    bli_init();
    if (saved)
      setenv(arch_variable, saved->c_str(), 1);
    else
      unsetenv(arch_variable);
  });
}

std::string blis_version() { return bli_info_get_version_str(); }

std::string blis_running_config() {
  start_blis(this_machine_blas_choice().blis_config);
  return bli_arch_string(bli_arch_query_id());
}

}  // namespace suanli::kernels::dense
