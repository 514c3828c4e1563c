// The FP64/FP32 dense BLAS engine: BLIS or OpenBLAS, for DGEMM/SGEMM/DTRSM/STRSM in `suanli gemm`,
// HPL and HPL-MxP's LU (lu_blas.hpp) and the transformer's FP32 layers (dense_blas.hpp).
//
// The default is the faster on this CPU by one rule (docs/gemm.md): BLIS on CPUs with AVX-512, where
// suanli gives it its skx kernels (measured on Zen 5: 98–100 GFLOPS DGEMM per core against OpenBLAS
// 0.3.21's 87 unpinned); OpenBLAS on the others, where BLIS's AVX2 kernels measured level with or
// behind OpenBLAS's Haswell kernels; and BLIS whenever the user set BLIS_ARCH_TYPE, which names a
// BLIS configuration. `--blas` overrides it.
//
// Both libraries export the same CBLAS and Fortran BLAS symbols. suanli calls BLIS only through its
// own bli_* API (blis_calls.hpp) and OpenBLAS only through cblas_*; OpenBLAS is linked first, so the
// loader binds every cblas_* symbol to OpenBLAS (CMakeLists.txt; tested by dladdr).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/machine/machine.hpp"
#include "core/result.hpp"
#include "kernels/dense/blis_config.hpp"

namespace suanli::kernels::dense {

enum class BlasEngine { blis, openblas };

std::string_view blas_engine_key(BlasEngine engine);  // "blis", "openblas"
std::optional<BlasEngine> blas_engine_named(std::string_view key);

struct BlasChoice {
  BlasEngine engine = BlasEngine::openblas;  // the default engine
  BlisConfig blis_config = BlisConfig::generic;  // what BLIS runs when it is used
  bool blis_config_from_environment = false;     // BLIS_ARCH_TYPE set by the user
  std::string blis_config_reason;  // "the CPU has AVX-512 F, DQ, BW and VL", "BLIS_ARCH_TYPE=3 from the environment"
  std::string engine_reason;       // why the default engine is the default
};

// The rule, on recorded CPU facts. blis_arch_type: the value of BLIS_ARCH_TYPE, nullopt when unset;
// it may be BLIS's number of a configuration ("3") or its name ("haswell"). Throws UsageError when it
// names no configuration suanli accepts, or one whose instructions the CPU lacks (BLIS would abort,
// or its kernels fault).
BlasChoice choose_blas(const CpuFeatures& features, std::string_view vendor, int family,
                       std::optional<std::string_view> blis_arch_type);

// The rule on this machine and this process's BLIS_ARCH_TYPE, as read at the first call.
const BlasChoice& this_machine_blas_choice();

// `suanli gemm`'s FP32 products go to oneDNN's sgemm instead of the dense engine when the user did
// not name an engine (--blas, checked by the caller) nor a BLIS configuration (BLIS_ARCH_TYPE, which
// makes BLIS the engine of everything), and the CPU has AVX-512 F: there oneDNN's JIT AVX-512 sgemm beat BLIS's
// skx sgemm on large products (Zen 5, one core, n = 4096: 208 against 175 GFLOPS; docs/gemm.md).
// The LU and transformer FP32 products keep the dense engine: at an LU update's k of 192-256 oneDNN's
// sgemm was not faster (98 against 125 GFLOPS on one core).
bool onednn_sgemm_is_default(const CpuFeatures& features, const BlasChoice& choice);
inline constexpr const char* onednn_sgemm_reason =
    "the default for FP32 on CPUs with AVX-512: oneDNN's sgemm is faster there than BLIS's and OpenBLAS's (docs/gemm.md)";

// The engine of a benchmark: the one named by --blas (a key of blas_engine_named, validated by the
// caller), or this machine's default when it is nullopt.
BlasEngine blas_engine_or_default(const std::optional<std::string>& key);

// The engine calls without an engine argument use (lu_blas, dense_blas): this machine's default
// until a BlasEngineScope sets another. BLIS is started (blis_runtime.hpp) when it becomes active.
BlasEngine active_blas_engine();

// Makes `engine` the active one for the scope's lifetime (one benchmark's --blas), then restores
// the previous; like ThreadCountGuard, so that one benchmark's choice does not leak into the next.
class BlasEngineScope {
 public:
  explicit BlasEngineScope(BlasEngine engine);
  ~BlasEngineScope();
  BlasEngineScope(const BlasEngineScope&) = delete;
  BlasEngineScope& operator=(const BlasEngineScope&) = delete;

 private:
  BlasEngine previous_;
};

// "BLIS 0.9.0 dgemm skx (OpenMP)", "OpenBLAS 0.3.21 dgemm Haswell (OpenMP)": library, version,
// routine, kernels and threading.
std::string blas_library(BlasEngine engine, std::string_view routine);

// What every result that used the dense BLAS records: blas_engine, blas_library (version and
// kernels), and for BLIS blis_config, blis_config_source ("suanli" or "environment") and
// blis_config_reason; a note when the engine's kernels are narrower than the CPU runs
// (OPENBLAS_CORETYPE, or BLIS_ARCH_TYPE).
void record_dense_blas(Result& result, BlasEngine engine, const CpuFeatures& features);

}  // namespace suanli::kernels::dense
