#include "kernels/dense/blas_info.hpp"

#include <cblas.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <sstream>
#include <utility>

namespace suanli::kernels::dense {
namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// The x86-64 core names of OpenBLAS 0.3.21's DYNAMIC_ARCH table (driver/others/dynamic.c) and the
// ISA of their GEMM kernels. Piledriver, Steamroller and Excavator use 128-bit FMA kernels: AVX tier.
constexpr std::array<std::pair<std::string_view, BlasIsa>, 26> core_isas{{
    {"Katmai", BlasIsa::sse},         {"Coppermine", BlasIsa::sse},   {"Northwood", BlasIsa::sse},
    {"Prescott", BlasIsa::sse},       {"Banias", BlasIsa::sse},       {"Atom", BlasIsa::sse},
    {"Core2", BlasIsa::sse},          {"Penryn", BlasIsa::sse},       {"Dunnington", BlasIsa::sse},
    {"Nehalem", BlasIsa::sse},        {"Athlon", BlasIsa::sse},       {"Opteron", BlasIsa::sse},
    {"Opteron_SSE3", BlasIsa::sse},   {"Barcelona", BlasIsa::sse},    {"Nano", BlasIsa::sse},
    {"Bobcat", BlasIsa::sse},         {"Sandybridge", BlasIsa::avx},  {"Bulldozer", BlasIsa::avx},
    {"Piledriver", BlasIsa::avx},     {"Steamroller", BlasIsa::avx},  {"Excavator", BlasIsa::avx},
    {"Haswell", BlasIsa::avx2},       {"Zen", BlasIsa::avx2},         {"SkylakeX", BlasIsa::avx512},
    {"Cooperlake", BlasIsa::avx512},  {"SapphireRapids", BlasIsa::avx512},
}};

}  // namespace

std::string openblas_core_name() { return openblas_get_corename(); }

std::string openblas_config() { return openblas_get_config(); }

std::string openblas_version() {
  std::istringstream words(openblas_config());
  std::string name, version;
  words >> name >> version;
  return version.empty() ? name : name + " " + version;
}

std::string openblas_threading() {
  switch (openblas_get_parallel()) {
    case 0: return "sequential";
    case 1: return "pthreads";
    case 2: return "OpenMP";
    default: return "unknown";
  }
}

std::string_view blas_isa_name(BlasIsa isa) {
  switch (isa) {
    case BlasIsa::sse: return "SSE";
    case BlasIsa::avx: return "AVX";
    case BlasIsa::avx2: return "AVX2";
    case BlasIsa::avx512: return "AVX-512";
  }
  return "?";
}

std::optional<BlasIsa> openblas_core_isa(std::string_view core_name) {
  for (const auto& [name, isa] : core_isas)
    if (equal_ignoring_case(name, core_name)) return isa;
  return std::nullopt;
}

BlasIsa widest_blas_isa(const CpuFeatures& f) {
  // OpenBLAS's SkylakeX kernels are written for Skylake-SP's AVX-512 (F, BW, VL, DQ); Haswell's for AVX2 with FMA.
  if (f.avx512f && f.avx512bw && f.avx512vl && f.avx512dq) return BlasIsa::avx512;
  if (f.avx2 && f.fma) return BlasIsa::avx2;
  if (f.avx) return BlasIsa::avx;
  return BlasIsa::sse;
}

std::optional<std::string> openblas_coretype_warning(const CpuFeatures& features,
                                                     std::optional<std::string_view> coretype) {
  if (!coretype || coretype->empty()) return std::nullopt;
  const std::optional<BlasIsa> forced = openblas_core_isa(*coretype);
  const BlasIsa widest = widest_blas_isa(features);
  if (!forced || *forced >= widest) return std::nullopt;
  std::string warning = "OPENBLAS_CORETYPE=" + std::string(*coretype) + " forces " +
                        std::string(blas_isa_name(*forced)) + " kernels on a CPU with " +
                        std::string(blas_isa_name(widest)) + "; ";
  // The one gap measured here (Zen 5, one core, n = 2048): 49 GFLOPS with Haswell, 83 with Cooperlake.
  if (*forced == BlasIsa::avx2 && widest == BlasIsa::avx512)
    warning += "DGEMM runs at about 60% of the AVX-512 kernels' rate";
  else
    warning += "FP64/FP32 GEMM runs below the rate of the kernels OpenBLAS would pick itself";
  return warning + " (unset it to let OpenBLAS choose)";
}

std::optional<std::string> openblas_coretype_warning(const CpuFeatures& features) {
  const char* value = std::getenv("OPENBLAS_CORETYPE");
  return openblas_coretype_warning(features, value ? std::optional<std::string_view>(value) : std::nullopt);
}

}  // namespace suanli::kernels::dense
