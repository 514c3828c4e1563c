#include "kernels/dense/blas_engine.hpp"

#include <atomic>
#include <charconv>
#include <cstdlib>
#include <mutex>
#include <stdexcept>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/machine/cpuid.hpp"
#include "kernels/dense/blas_info.hpp"
#include "kernels/dense/blis_runtime.hpp"

namespace suanli::kernels::dense {
namespace {

std::string accepted_blis_configs() {
  std::string list;
  for (BlisConfig c : all_blis_configs)
    list += fmt::format("{}{} ({})", list.empty() ? "" : ", ", blis_config_name(c), blis_arch_id(c));
  return list;
}

// BLIS_ARCH_TYPE as BLIS's number or as a configuration's name (BLIS 0.9.0 reads only numbers,
// and would read "haswell" as 0, skx: suanli translates).
BlisConfig config_from_variable(std::string_view value) {
  long id = -1;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), id);
  std::optional<BlisConfig> config;
  if (error == std::errc() && end == value.data() + value.size())
    config = blis_config_of_arch_id(id);
  else
    config = blis_config_named(value);
  if (!config)
    throw UsageError(fmt::format("BLIS_ARCH_TYPE={}: expected one of the BLIS configurations {}, by number or name",
                                 value, accepted_blis_configs()));
  return *config;
}

// A user's BLIS_ARCH_TYPE whose kernels are narrower than the CPU runs, as OPENBLAS_CORETYPE's warning says it.
std::optional<std::string> blis_narrower_warning(const BlasChoice& choice, const CpuFeatures& features) {
  const BlisConfig widest = blis_config_for(features, "", 0);
  const std::string_view chosen = blis_config_needs(choice.blis_config), possible = blis_config_needs(widest);
  if (!choice.blis_config_from_environment || !blis_config_is_vector_wide(widest) || chosen == possible)
    return std::nullopt;
  return fmt::format("BLIS_ARCH_TYPE selects BLIS's {} kernels ({}) on a CPU with {}; unset it to let suanli choose",
                     blis_config_name(choice.blis_config), chosen.empty() ? std::string_view("plain C") : chosen,
                     possible);
}

std::atomic<int> active_engine{-1};  // -1: not chosen yet, this machine's default applies

void make_ready(BlasEngine engine) {
  if (engine == BlasEngine::blis) start_blis(this_machine_blas_choice().blis_config);
}

}  // namespace

std::string_view blas_engine_key(BlasEngine engine) { return engine == BlasEngine::blis ? "blis" : "openblas"; }

std::optional<BlasEngine> blas_engine_named(std::string_view key) {
  if (key == "blis") return BlasEngine::blis;
  if (key == "openblas") return BlasEngine::openblas;
  return std::nullopt;
}

BlasChoice choose_blas(const CpuFeatures& features, std::string_view vendor, int family,
                       std::optional<std::string_view> blis_arch_type) {
  BlasChoice choice;
  if (blis_arch_type && !blis_arch_type->empty()) {
    choice.blis_config = config_from_variable(*blis_arch_type);
    if (!blis_config_runs_on(choice.blis_config, features))
      throw UsageError(fmt::format("BLIS_ARCH_TYPE={}: BLIS's {} kernels need {}, which this CPU lacks",
                                   *blis_arch_type, blis_config_name(choice.blis_config),
                                   blis_config_needs(choice.blis_config)));
    choice.blis_config_from_environment = true;
    choice.blis_config_reason = fmt::format("BLIS_ARCH_TYPE={} from the environment", *blis_arch_type);
    choice.engine = BlasEngine::blis;
    choice.engine_reason = "BLIS_ARCH_TYPE names a BLIS configuration";
    return choice;
  }
  choice.blis_config = blis_config_for(features, vendor, family);
  const std::string_view needs = blis_config_needs(choice.blis_config);
  choice.blis_config_reason =
      needs.empty() ? std::string("the CPU has none of the instruction sets of BLIS's vector kernels")
                    : fmt::format("suanli's rule: the CPU has {}", needs);
  if (blis_config_beats_openblas(choice.blis_config)) {
    choice.engine = BlasEngine::blis;
    choice.engine_reason = fmt::format("BLIS runs its {} kernels here, faster than OpenBLAS's (docs/gemm.md)",
                                       blis_config_name(choice.blis_config));
  } else {
    choice.engine = BlasEngine::openblas;
    choice.engine_reason = fmt::format(
        "without AVX-512, BLIS's {} kernels are not faster than OpenBLAS's (docs/gemm.md)",
        blis_config_name(choice.blis_config));
  }
  return choice;
}

const BlasChoice& this_machine_blas_choice() {
  // Computed once: BLIS's configuration cannot change after its start, so neither may the rule's answer.
  static const BlasChoice choice = [] {
    const CpuIdentity cpu = read_cpu_identity();
    const char* variable = std::getenv("BLIS_ARCH_TYPE");
    return choose_blas(decode_cpu_features(cpu.leaves), cpu.vendor, cpu.family,
                       variable ? std::optional<std::string_view>(variable) : std::nullopt);
  }();
  return choice;
}

bool onednn_sgemm_is_default(const CpuFeatures& features, const BlasChoice& choice) {
  return features.avx512f && !choice.blis_config_from_environment;
}

BlasEngine blas_engine_or_default(const std::optional<std::string>& key) {
  // The default is computed even when --blas names the engine: a BLIS_ARCH_TYPE suanli cannot use
  // is refused before any work, whichever engine runs.
  const BlasEngine fallback = this_machine_blas_choice().engine;
  if (!key) return fallback;
  const auto named = blas_engine_named(*key);
  if (!named) throw std::invalid_argument("blas_engine_or_default: unknown engine '" + *key + "'");
  return *named;
}

BlasEngine active_blas_engine() {
  const int engine = active_engine.load(std::memory_order_relaxed);
  if (engine >= 0) return static_cast<BlasEngine>(engine);
  const BlasEngine fallback = this_machine_blas_choice().engine;
  make_ready(fallback);
  return fallback;
}

BlasEngineScope::BlasEngineScope(BlasEngine engine) : previous_(active_blas_engine()) {
  make_ready(engine);
  active_engine.store(static_cast<int>(engine), std::memory_order_relaxed);
}

BlasEngineScope::~BlasEngineScope() { active_engine.store(static_cast<int>(previous_), std::memory_order_relaxed); }

std::string blas_library(BlasEngine engine, std::string_view routine) {
  const std::string space = routine.empty() ? "" : " ";
  if (engine == BlasEngine::blis)
    return fmt::format("BLIS {}{}{} {} (OpenMP)", blis_version(), space, routine, blis_running_config());
  return fmt::format("{}{}{} {} ({})", openblas_version(), space, routine, openblas_core_name(), openblas_threading());
}

void record_dense_blas(Result& result, BlasEngine engine, const CpuFeatures& features) {
  const BlasChoice& choice = this_machine_blas_choice();
  result.parameters.push_back({"blas_engine", std::string(blas_engine_key(engine))});
  result.parameters.push_back({"blas_library", blas_library(engine, "")});
  result.parameters.push_back(
      {"blas_engine_reason", engine == choice.engine
                                 ? "the default: " + choice.engine_reason
                                 : fmt::format("--blas (the default here is {})", blas_engine_key(choice.engine))});
  if (engine == BlasEngine::openblas) {
    if (auto warning = openblas_coretype_warning(features)) result.notes.push_back(*warning);
    return;
  }
  result.parameters.push_back({"blis_config", blis_running_config()});
  const std::string source = choice.blis_config_from_environment ? "environment" : "suanli";
  result.parameters.push_back({"blis_config_source", source});
  result.parameters.push_back({"blis_config_reason", choice.blis_config_reason});
  if (auto warning = blis_narrower_warning(choice, features)) result.notes.push_back(*warning);
}

}  // namespace suanli::kernels::dense
