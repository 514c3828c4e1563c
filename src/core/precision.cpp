#include "core/precision.hpp"

namespace suanli {

std::string_view precision_key(Precision p) {
  switch (p) {
    case Precision::fp64: return "fp64";
    case Precision::fp32: return "fp32";
    case Precision::tf32: return "tf32";
    case Precision::bf16: return "bf16";
    case Precision::fp16: return "fp16";
    case Precision::fp8: return "fp8";
    case Precision::fp4: return "fp4";
    case Precision::int32: return "int32";
    case Precision::int8: return "int8";
  }
  return "?";
}

std::string_view precision_label(Precision p) {
  switch (p) {
    case Precision::fp64: return "FP64";
    case Precision::fp32: return "FP32";
    case Precision::tf32: return "TF32";
    case Precision::bf16: return "BF16";
    case Precision::fp16: return "FP16";
    case Precision::fp8: return "FP8";
    case Precision::fp4: return "FP4";
    case Precision::int32: return "INT32";
    case Precision::int8: return "INT8";
  }
  return "?";
}

std::optional<Precision> parse_precision(std::string_view key) {
  for (Precision p : all_precisions)
    if (precision_key(p) == key) return p;
  return std::nullopt;
}

bool is_integer(Precision p) { return p == Precision::int32 || p == Precision::int8; }

std::string_view rate_unit(Precision p) { return is_integer(p) ? "OPS" : "FLOPS"; }

}  // namespace suanli
