// The shapes `suanli transformer --model` names: the widths of real models' layers.
//
//   preset          d_model  heads  ffn    layers  sequence
//   gpt2-small      768      12     3072   12      1024      GPT-2 (124M)
//   gpt2-medium     1024     16     4096   24      1024      GPT-2 (355M)
//   llama-7b-layer  4096     32     11008  1       2048      one layer of LLaMA-7B
//
// The block is GPT's (LayerNorm, a GELU FFN of two matrices); llama-7b-layer takes
// LLaMA's widths into it, so its FFN has two matrices of 4096 × 11008 where
// LLaMA's SwiGLU has three (and RMSNorm, rotary embeddings: O(T·d) work either way).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kernels/transformer/block.hpp"

namespace suanli::kernels::transformer {

struct ModelPreset {
  std::string_view name;
  int d_model, heads, ffn, layers, sequence;
};

// nullopt for an unknown name.
std::optional<ModelPreset> find_model_preset(std::string_view name);
// "gpt2-small|gpt2-medium|llama-7b-layer", for messages and help.
std::string model_preset_names();

}  // namespace suanli::kernels::transformer
