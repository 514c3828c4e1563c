#include "kernels/dense/blis_config.hpp"

namespace suanli::kernels::dense {
namespace {

bool has_avx512_skx(const CpuFeatures& f) { return f.avx512f && f.avx512dq && f.avx512bw && f.avx512vl; }
bool has_avx2_fma(const CpuFeatures& f) { return f.avx && f.avx2 && f.fma; }

}  // namespace

std::string_view blis_config_name(BlisConfig config) {
  switch (config) {
    case BlisConfig::skx: return "skx";
    case BlisConfig::zen3: return "zen3";
    case BlisConfig::zen2: return "zen2";
    case BlisConfig::zen: return "zen";
    case BlisConfig::haswell: return "haswell";
    case BlisConfig::sandybridge: return "sandybridge";
    case BlisConfig::penryn: return "penryn";
    case BlisConfig::generic: return "generic";
  }
  return "?";
}

std::optional<BlisConfig> blis_config_named(std::string_view name) {
  for (BlisConfig c : all_blis_configs)
    if (blis_config_name(c) == name) return c;
  return std::nullopt;
}

std::string_view blis_config_needs(BlisConfig config) {
  switch (config) {
    case BlisConfig::skx: return "AVX-512 F, DQ, BW and VL";
    case BlisConfig::zen3:
    case BlisConfig::zen2:
    case BlisConfig::zen:
    case BlisConfig::haswell: return "AVX2 and FMA";
    case BlisConfig::sandybridge: return "AVX";
    case BlisConfig::penryn: return "SSSE3";
    case BlisConfig::generic: return "";
  }
  return "";
}

bool blis_config_runs_on(BlisConfig config, const CpuFeatures& f) {
  switch (config) {
    case BlisConfig::skx: return has_avx512_skx(f);
    case BlisConfig::zen3:
    case BlisConfig::zen2:
    case BlisConfig::zen:
    case BlisConfig::haswell: return has_avx2_fma(f);
    case BlisConfig::sandybridge: return f.avx;
    case BlisConfig::penryn: return f.ssse3;
    case BlisConfig::generic: return true;
  }
  return false;
}

bool blis_config_is_vector_wide(BlisConfig config) {
  return config == BlisConfig::skx || config == BlisConfig::zen3 || config == BlisConfig::zen2 ||
         config == BlisConfig::zen || config == BlisConfig::haswell;
}

bool blis_config_beats_openblas(BlisConfig config) { return config == BlisConfig::skx; }

BlisConfig blis_config_for(const CpuFeatures& f, std::string_view vendor, int family) {
  if (has_avx512_skx(f)) return BlisConfig::skx;
  if (has_avx2_fma(f)) {
    // The zen configurations run the haswell microkernels with AMD's cache sizes in the blocking.
    if (vendor == "AuthenticAMD" && family >= 0x19) return BlisConfig::zen3;
    if (vendor == "AuthenticAMD" && family == 0x17) return BlisConfig::zen2;
    return BlisConfig::haswell;
  }
  if (f.avx) return BlisConfig::sandybridge;
  if (f.ssse3) return BlisConfig::penryn;
  return BlisConfig::generic;
}

}  // namespace suanli::kernels::dense
