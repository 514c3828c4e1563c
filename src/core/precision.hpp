// The precisions compute power is counted in. A FLOP/s figure is always named
// with one of these ("2.1 TFLOPS FP64"); integer precisions count OP/s.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace suanli {

enum class Precision { fp64, fp32, tf32, bf16, fp16, fp8, fp4, int32, int8 };

inline constexpr std::array<Precision, 9> all_precisions = {
    Precision::fp64, Precision::fp32, Precision::tf32, Precision::bf16, Precision::fp16,
    Precision::fp8,  Precision::fp4,  Precision::int32, Precision::int8};

// Lower-case key used in JSON and options: "fp64", "bf16", "int8".
std::string_view precision_key(Precision p);
// Display name: "FP64", "BF16", "INT8".
std::string_view precision_label(Precision p);
std::optional<Precision> parse_precision(std::string_view key);
// "FLOPS" for floating point, "OPS" for integers.
std::string_view rate_unit(Precision p);
bool is_integer(Precision p);

}  // namespace suanli
