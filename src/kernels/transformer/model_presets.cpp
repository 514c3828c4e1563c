#include "kernels/transformer/model_presets.hpp"

#include <array>

namespace suanli::kernels::transformer {
namespace {

constexpr std::array<ModelPreset, 3> presets = {{
    {"gpt2-small", 768, 12, 3072, 12, 1024},
    {"gpt2-medium", 1024, 16, 4096, 24, 1024},
    {"llama-7b-layer", 4096, 32, 11008, 1, 2048},
}};

}  // namespace

std::optional<ModelPreset> find_model_preset(std::string_view name) {
  for (const ModelPreset& p : presets)
    if (p.name == name) return p;
  return std::nullopt;
}

std::string model_preset_names() {
  std::string names;
  for (const ModelPreset& p : presets) {
    if (!names.empty()) names += '|';
    names += p.name;
  }
  return names;
}

}  // namespace suanli::kernels::transformer
