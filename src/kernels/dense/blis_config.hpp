// BLIS's kernel configurations, and which one suanli runs on a CPU.
//
// Debian's BLIS 0.9.0 is built with every x86-64 configuration and picks one at its initialisation
// from cpuid: by Intel model and AMD family. A CPU it does not know gets `generic`, plain C at about
// an eighth of the AVX-512 kernels' rate (Zen 5, family 0x1A: 13 against 98 GFLOPS DGEMM on one
// core). suanli decides instead, from its own feature detection, and hands BLIS the choice through
// BLIS_ARCH_TYPE before BLIS initialises (blis_runtime.hpp). The rule (docs/gemm.md), which also
// applies when BLIS is not the default engine (--blas blis):
//   AVX-512 F, DQ, BW and VL             skx      (16×14 FP64 microkernel on zmm registers)
//   AVX2 and FMA, AMD family 0x19 and up zen3     (the haswell kernels with Zen 3 cache blocking)
//   AVX2 and FMA, AMD family 0x17        zen2
//   AVX2 and FMA, any other              haswell
//   AVX                                  sandybridge
//   SSSE3                                penryn
//   none of these                        generic
// The header holds no BLIS type: the arch_t numbers are in blis_runtime.cpp, from blis.h.
#pragma once

#include <optional>
#include <string_view>

#include "core/machine/machine.hpp"

namespace suanli::kernels::dense {

// The configurations suanli runs or accepts from BLIS_ARCH_TYPE. Left out on purpose: knl (its
// kernels use Xeon Phi instructions suanli does not detect) and bulldozer … excavator (FMA4).
enum class BlisConfig { skx, zen3, zen2, zen, haswell, sandybridge, penryn, generic };

inline constexpr BlisConfig all_blis_configs[] = {BlisConfig::skx,     BlisConfig::zen3,        BlisConfig::zen2,
                                                  BlisConfig::zen,     BlisConfig::haswell,     BlisConfig::sandybridge,
                                                  BlisConfig::penryn,  BlisConfig::generic};

// As bli_arch_string() spells it: "skx", "haswell", "zen3" ...
std::string_view blis_config_name(BlisConfig config);
std::optional<BlisConfig> blis_config_named(std::string_view name);

// The instructions the configuration's kernels execute, e.g. "AVX-512 F, DQ, BW and VL"; empty for generic.
std::string_view blis_config_needs(BlisConfig config);
// Whether a CPU with these features can run the configuration's kernels (else SIGILL).
bool blis_config_runs_on(BlisConfig config, const CpuFeatures& features);
// Whether the configuration's GEMM kernels are AVX2 or wider.
bool blis_config_is_vector_wide(BlisConfig config);
// Whether BLIS in this configuration is faster than OpenBLAS on a CPU that runs it: skx only, as
// measured here (docs/gemm.md: BLIS skx over OpenBLAS's own AVX-512 choice; BLIS's AVX2 kernels
// level with or behind OpenBLAS's Haswell kernels).
bool blis_config_beats_openblas(BlisConfig config);

// The rule above. vendor as cpuid spells it ("AuthenticAMD"), family the display family.
BlisConfig blis_config_for(const CpuFeatures& features, std::string_view vendor, int family);

// BLIS's arch_t number of a configuration, and back (nullopt for a number suanli does not accept).
// Defined beside blis.h (blis_runtime.cpp), whose BLIS_ARCH_* constants give the numbers.
long blis_arch_id(BlisConfig config);
std::optional<BlisConfig> blis_config_of_arch_id(long id);

}  // namespace suanli::kernels::dense
