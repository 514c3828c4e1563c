// Options and results several benchmarks share: precision lists, thread
// counts, and the record of a precision this CPU cannot run natively.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/benchmark.hpp"

namespace suanli::harness {

// --NAME fp64,fp32,bf16: each must be a known precision key; the default when the
// option is absent. Throws UsageError naming the option and the accepted keys.
std::vector<Precision> precision_list(const Options& options, const std::string& name,
                                      const std::vector<Precision>& defaults);

// --NAME VALUE with VALUE one of `accepted`; nullopt when absent. Throws UsageError naming the
// option and the accepted values ("--blas: expected blis or openblas, got 'mkl'").
std::optional<std::string> one_of(const Options& options, const std::string& name,
                                  const std::vector<std::string>& accepted);

// --blas blis|openblas: the FP64/FP32 dense BLAS engine of gemm, hpl, mxp and transformer
// (kernels/dense/blas_engine.hpp; default: the faster on this CPU, by the rule of docs/gemm.md).
inline const std::vector<std::string> blas_engine_keys = {"blis", "openblas"};
OptionSpec blas_option();
std::optional<std::string> blas_engine_key(const Options& options);

// --threads N: at most the machine's logical CPUs; default omp_get_max_threads().
int thread_count(const RunContext& ctx);

// Sets the OpenMP team size for the lifetime of the guard, then restores it, so a
// benchmark's --threads does not leak into the next benchmark of a run.
class ThreadCountGuard {
 public:
  explicit ThreadCountGuard(int threads);
  ~ThreadCountGuard();
  ThreadCountGuard(const ThreadCountGuard&) = delete;
  ThreadCountGuard& operator=(const ThreadCountGuard&) = delete;

 private:
  int previous_;
};

// A precision this CPU (or library) has no native path for: reported as such,
// with the reason, never as a failure and never as a made-up figure. The value
// is NaN (null in JSON) and the metric "not_native".
Result not_native_result(const std::string& benchmark, Precision precision, const std::string& reason);

// The record of one timed run (HPL and its kin report a single factorization,
// as HPL does): the rate, the statistics of that one sample, the verification.
Result single_run_result(const std::string& benchmark, const std::string& metric, Precision precision, double rate,
                         const Verification& verification);
// The same for a figure in another unit ("B/s", "LUP/s").
Result single_run_result(const std::string& benchmark, const std::string& metric, Precision precision,
                         const std::string& unit, double value, const Verification& verification);

}  // namespace suanli::harness
