#include "core/machine/microarchitecture.hpp"

#include <array>

namespace suanli {
namespace {

struct ModelRange {
  int family;
  int first_model, last_model;
  std::string_view name;
};

// Family 0x19 is shared by Zen 3 and Zen 4, told apart by model range.
// Sources: AMD Processor Programming Reference per family, Linux arch/x86 (amd.c).
// Zen 5 mobile parts (Strix Point, 0x20-0x2F; Krackan, 0x60-0x6F) run AVX-512 on
// 256-bit datapaths; they map to "zen5" and their Rpeak is overstated 2x (docs/rpeak.md).
constexpr auto amd_models = std::to_array<ModelRange>({
    {0x19, 0x00, 0x0F, "zen3"},  // Milan
    {0x19, 0x20, 0x2F, "zen3"},  // Vermeer
    {0x19, 0x30, 0x3F, "zen3"},  // Trento and Badami
    {0x19, 0x40, 0x5F, "zen3"},  // Rembrandt (Zen 3+), Cezanne
    {0x19, 0x10, 0x1F, "zen4"},  // Genoa
    {0x19, 0x60, 0x7F, "zen4"},  // Raphael, Phoenix
    {0x19, 0xA0, 0xAF, "zen4"},  // Bergamo, Siena
    {0x1A, 0x00, 0x1F, "zen5"},  // Turin, Turin Dense
    {0x1A, 0x20, 0x2F, "zen5"},  // Strix Point
    {0x1A, 0x40, 0x4F, "zen5"},  // Granite Ridge
    {0x1A, 0x60, 0x6F, "zen5"},  // Krackan Point
    {0x1A, 0x70, 0x7F, "zen5"},  // Strix Halo
});

// Intel family 6 server cores (and the client models of Haswell/Broadwell,
// which have the same FMA ports). Source: Intel SDM vol. 4 table 2-1, Linux intel-family.h.
constexpr auto intel_models = std::to_array<ModelRange>({
    {6, 0x3C, 0x3C, "haswell"},
    {6, 0x3F, 0x3F, "haswell"},  // Haswell-EP
    {6, 0x45, 0x46, "haswell"},
    {6, 0x3D, 0x3D, "broadwell"},
    {6, 0x47, 0x47, "broadwell"},
    {6, 0x4F, 0x4F, "broadwell"},  // Broadwell-EP
    {6, 0x56, 0x56, "broadwell"},  // Broadwell-DE
    {6, 0x55, 0x55, "skylake-sp"},  // also Cascade Lake (stepping 5-7), Cooper Lake (10-11)
    {6, 0x6A, 0x6A, "icelake-sp"},
    {6, 0x6C, 0x6C, "icelake-sp"},  // Ice Lake-D
    {6, 0x8F, 0x8F, "sapphirerapids"},
    {6, 0xCF, 0xCF, "emeraldrapids"},
    {6, 0xAD, 0xAD, "graniterapids"},
    {6, 0xAE, 0xAE, "graniterapids"},  // Granite Rapids-D
});

template <std::size_t N>
std::string find_model(const std::array<ModelRange, N>& table, int family, int model) {
  for (const ModelRange& range : table)
    if (range.family == family && model >= range.first_model &&
        model <= range.last_model)
      return std::string(range.name);
  return "unknown";
}

}  // namespace

std::string microarchitecture_name(std::string_view vendor, int family, int model) {
  if (vendor == "AuthenticAMD") return find_model(amd_models, family, model);
  if (vendor == "GenuineIntel") return find_model(intel_models, family, model);
  return "unknown";
}

}  // namespace suanli
