#include "harness/common_options.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <limits>
#include <sstream>

#include "core/error.hpp"

namespace suanli::harness {

std::vector<Precision> precision_list(const Options& options, const std::string& name,
                                      const std::vector<Precision>& defaults) {
  const auto text = options.text(name);
  if (!text) return defaults;
  std::vector<Precision> list;
  std::stringstream items(*text);
  std::string item;
  while (std::getline(items, item, ',')) {
    const auto p = parse_precision(item);
    if (!p) {
      std::string known;
      for (Precision q : all_precisions) known += (known.empty() ? "" : ", ") + std::string(precision_key(q));
      throw UsageError(fmt::format("--{}: unknown precision '{}'; expected a comma-separated list of: {}", name,
                                   item, known));
    }
    list.push_back(*p);
  }
  if (list.empty()) throw UsageError(fmt::format("--{}: expected at least one precision, e.g. fp64,fp32", name));
  return list;
}

std::optional<std::string> one_of(const Options& options, const std::string& name,
                                  const std::vector<std::string>& accepted) {
  const auto value = options.text(name);
  if (!value || std::find(accepted.begin(), accepted.end(), *value) != accepted.end()) return value;
  std::string list;
  for (std::size_t i = 0; i < accepted.size(); ++i)
    list += (i == 0 ? "" : i + 1 == accepted.size() ? " or " : ", ") + accepted[i];
  throw UsageError(fmt::format("--{}: expected {}, got '{}'", name, list, *value));
}

OptionSpec blas_option() {
  return {"blas", OptionType::text,
          "FP64/FP32 dense BLAS: blis or openblas (default: the faster on this CPU, docs/gemm.md)", "NAME"};
}

std::optional<std::string> blas_engine_key(const Options& options) { return one_of(options, "blas", blas_engine_keys); }

int thread_count(const RunContext& ctx) {
  const auto threads = ctx.options.count("threads");
  if (!threads) return omp_get_max_threads();
  if (*threads > static_cast<std::uint64_t>(ctx.machine.logical_cpus))
    throw UsageError(fmt::format("--threads: expected at most the {} logical CPUs of this machine, got {}",
                                 ctx.machine.logical_cpus, *threads));
  return static_cast<int>(*threads);
}

ThreadCountGuard::ThreadCountGuard(int threads) : previous_(omp_get_max_threads()) { omp_set_num_threads(threads); }

ThreadCountGuard::~ThreadCountGuard() { omp_set_num_threads(previous_); }

Result not_native_result(const std::string& benchmark, Precision precision, const std::string& reason) {
  Result r;
  r.benchmark = benchmark;
  r.metric = "not_native";
  r.precision = std::string(precision_key(precision));
  r.unit = is_integer(precision) ? "OP/s" : "FLOP/s";
  r.value = std::numeric_limits<double>::quiet_NaN();
  r.statistic = "none";
  // Nothing was computed, so nothing can be wrong: the record only says why there is no figure.
  r.verification = {true, "not run: no native path", 0, 0};
  r.notes.push_back(fmt::format("{}: {}", precision_label(precision), reason));
  return r;
}

}  // namespace suanli::harness

namespace suanli::harness {

Result single_run_result(const std::string& benchmark, const std::string& metric, Precision precision,
                         const std::string& unit, double value, const Verification& verification) {
  Result r;
  r.benchmark = benchmark;
  r.metric = metric;
  r.precision = std::string(precision_key(precision));
  r.unit = unit;
  r.value = value;
  r.statistic = "single";
  const std::vector<double> one = {value};
  r.stats = summarize(one);
  r.verification = verification;
  return r;
}

Result single_run_result(const std::string& benchmark, const std::string& metric, Precision precision, double rate,
                         const Verification& verification) {
  return single_run_result(benchmark, metric, precision, is_integer(precision) ? "OP/s" : "FLOP/s", rate,
                           verification);
}

}  // namespace suanli::harness
