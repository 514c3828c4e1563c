// What the OpenBLAS this binary loaded is, and whether OPENBLAS_CORETYPE holds it back.
//
// OpenBLAS built with DYNAMIC_ARCH (Debian's is) picks its kernels at start-up from cpuid, unless
// the OPENBLAS_CORETYPE environment variable names a core: then it uses that core's kernels even
// where the CPU could run wider ones. On Zen 5, OPENBLAS_CORETYPE=Haswell (AVX2) gives DGEMM about
// 49 GFLOPS per core against about 83 with the Cooperlake (AVX-512) kernels OpenBLAS picks itself.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/machine/machine.hpp"

namespace suanli::kernels::dense {

// openblas_get_corename(): the kernel set in use, e.g. "Haswell", "Cooperlake".
std::string openblas_core_name();
// openblas_get_config(): e.g. "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY USE_OPENMP Haswell MAX_THREADS=64".
std::string openblas_config();
// "OpenBLAS 0.3.21": the first two words of the configuration.
std::string openblas_version();
// From openblas_get_parallel(): "OpenMP" (threads follow OMP_NUM_THREADS and our OpenMP team),
// "pthreads" (its own thread pool, which competes with ours) or "sequential".
std::string openblas_threading();

// The vector instruction set an OpenBLAS core's GEMM kernels use, narrowest first.
enum class BlasIsa { sse, avx, avx2, avx512 };
std::string_view blas_isa_name(BlasIsa isa);  // "SSE", "AVX", "AVX2", "AVX-512"

// The ISA of a core named as OPENBLAS_CORETYPE accepts it (case-insensitive, as OpenBLAS compares):
// "Haswell" and "Zen" are AVX2, "SkylakeX", "Cooperlake" and "SapphireRapids" AVX-512.
// nullopt for a name this table does not know.
std::optional<BlasIsa> openblas_core_isa(std::string_view core_name);
// The widest GEMM kernels OpenBLAS would pick for these features.
BlasIsa widest_blas_isa(const CpuFeatures& features);

// A warning when `coretype` (the value of OPENBLAS_CORETYPE; nullopt or empty when unset) forces
// kernels narrower than the CPU runs, e.g. "OPENBLAS_CORETYPE=Haswell forces AVX2 kernels on a CPU
// with AVX-512; DGEMM runs at about 60% of the AVX-512 kernels' rate". nullopt when unset, when the
// core is as wide as the CPU allows, or when the name is not one OpenBLAS knows (it then ignores it).
std::optional<std::string> openblas_coretype_warning(const CpuFeatures& features,
                                                     std::optional<std::string_view> coretype);
// The same for the OPENBLAS_CORETYPE of this process's environment.
std::optional<std::string> openblas_coretype_warning(const CpuFeatures& features);

}  // namespace suanli::kernels::dense
