// The FLOP/cycle table. Figures count one core, per cycle, with an FMA as 2
// FLOP and a multiply-add of integers as 2 OP (the TOP500 convention: only the
// FMA pipes count, never the separate add pipes). Rows marked "estimate" rest on
// published latency/throughput tables rather than a vendor figure; docs/rpeak.md
// gives the source of each.
#include "core/machine/flops_per_cycle.hpp"

#include <array>
#include <optional>
#include <string>

namespace suanli {
namespace {

using Feature = bool CpuFeatures::*;

struct FlopsRow {
  std::string_view microarchitecture;
  Precision precision;
  Feature needs;  // the row holds only when this feature is usable (OS-enabled)
  double flops_per_cycle;
  std::string_view instruction;
};

using P = Precision;
using F = CpuFeatures;

// For one (microarchitecture, precision) the first row whose feature is usable
// wins, so the faster path comes first (AMX before AVX-512 VNNI). Every row
// here is native hardware; emulated precisions follow from the rules below.
constexpr auto rows = std::to_array<FlopsRow>({
    // Zen 3: 4 FP pipes, 2 of them 256-bit FMA (FP0, FP1).
    {"zen3", P::fp64, &F::fma, 16, "vfmadd231pd ymm x2"},
    {"zen3", P::fp32, &F::fma, 32, "vfmadd231ps ymm x2"},
    {"zen3", P::int32, &F::avx2, 32, "vpmulld + vpaddd ymm, 2 vpmulld/cycle (estimate)"},
    {"zen3", P::int8, &F::avx2, 64, "vpmaddubsw + vpmaddwd + vpaddd ymm, 2 multiplies/cycle (estimate)"},

    // Zen 4: the same two 256-bit FMA pipes; a 512-bit op occupies one for 2 passes.
    {"zen4", P::fp64, &F::avx512f, 16, "vfmadd231pd zmm x1 (2 x 256-bit pipes, double-pumped)"},
    {"zen4", P::fp32, &F::avx512f, 32, "vfmadd231ps zmm x1 (2 x 256-bit pipes, double-pumped)"},
    {"zen4", P::bf16, &F::avx512_bf16, 64, "vdpbf16ps zmm x1 (32 pairs x 2 FLOP; estimate)"},
    {"zen4", P::int32, &F::avx512f, 32, "vpmulld + vpaddd zmm, 1 vpmulld/cycle (estimate)"},
    {"zen4", P::int8, &F::avx512_vnni, 128, "vpdpbusd zmm x1 (64 products x 2 OP; estimate)"},

    // Zen 5 (desktop and server): full 512-bit datapath, 2 FMA pipes. The integer
    // and BF16 rates were measured on an EPYC 9B45: 2 per cycle each.
    {"zen5", P::fp64, &F::avx512f, 32, "vfmadd231pd zmm x2"},
    {"zen5", P::fp32, &F::avx512f, 64, "vfmadd231ps zmm x2"},
    {"zen5", P::bf16, &F::avx512_bf16, 128, "vdpbf16ps zmm x2 (32 pairs x 2 FLOP each)"},
    {"zen5", P::int32, &F::avx512f, 64, "vpmulld + vpaddd zmm, 2 vpmulld/cycle"},
    {"zen5", P::int8, &F::avx512_vnni, 256, "vpdpbusd zmm x2 (64 products x 2 OP each)"},

    // Haswell and Broadwell: 2 x 256-bit FMA on ports 0 and 1; vector integer
    // multiplies only on port 0, vpmulld as 2 uops.
    {"haswell", P::fp64, &F::fma, 16, "vfmadd231pd ymm x2"},
    {"haswell", P::fp32, &F::fma, 32, "vfmadd231ps ymm x2"},
    {"haswell", P::int32, &F::avx2, 8, "vpmulld + vpaddd ymm, 1 vpmulld per 2 cycles"},
    {"haswell", P::int8, &F::avx2, 32, "vpmaddubsw + vpmaddwd + vpaddd ymm, multiplies on port 0"},
    {"broadwell", P::fp64, &F::fma, 16, "vfmadd231pd ymm x2"},
    {"broadwell", P::fp32, &F::fma, 32, "vfmadd231ps ymm x2"},
    {"broadwell", P::int32, &F::avx2, 8, "vpmulld + vpaddd ymm, 1 vpmulld per 2 cycles"},
    {"broadwell", P::int8, &F::avx2, 32, "vpmaddubsw + vpmaddwd + vpaddd ymm, multiplies on port 0"},

    // Skylake-SP, Cascade Lake, Cooper Lake: 512-bit FMA on fused ports 0+1 and
    // on port 5 (Gold 6xxx and Platinum; some Silver/Gold 5xxx SKUs lack the
    // second unit and reach half of this).
    {"skylake-sp", P::fp64, &F::avx512f, 32, "vfmadd231pd zmm x2 (assumes 2 FMA units)"},
    {"skylake-sp", P::fp32, &F::avx512f, 64, "vfmadd231ps zmm x2 (assumes 2 FMA units)"},
    {"skylake-sp", P::bf16, &F::avx512_bf16, 128, "vdpbf16ps zmm x2, Cooper Lake (estimate)"},
    {"skylake-sp", P::int32, &F::avx512f, 32, "vpmulld + vpaddd zmm, 1 vpmulld/cycle"},
    {"skylake-sp", P::int8, &F::avx512_vnni, 256, "vpdpbusd zmm x2, Cascade Lake"},
    {"skylake-sp", P::int8, &F::avx512bw, 128, "vpmaddubsw + vpmaddwd + vpaddd zmm, no VNNI"},

    // Ice Lake-SP: the same two 512-bit FMA units; VNNI on every part.
    {"icelake-sp", P::fp64, &F::avx512f, 32, "vfmadd231pd zmm x2"},
    {"icelake-sp", P::fp32, &F::avx512f, 64, "vfmadd231ps zmm x2"},
    {"icelake-sp", P::int32, &F::avx512f, 32, "vpmulld + vpaddd zmm, 1 vpmulld/cycle"},
    {"icelake-sp", P::int8, &F::avx512_vnni, 256, "vpdpbusd zmm x2"},

    // Sapphire Rapids and Emerald Rapids (Golden/Raptor Cove): two 512-bit FMA
    // units, AVX512-FP16, and one AMX tile unit: 1024 BF16 FLOP and 2048 INT8 OP per cycle.
    {"sapphirerapids", P::fp64, &F::avx512f, 32, "vfmadd231pd zmm x2"},
    {"sapphirerapids", P::fp32, &F::avx512f, 64, "vfmadd231ps zmm x2"},
    {"sapphirerapids", P::bf16, &F::amx_bf16, 1024, "tdpbf16ps (AMX-BF16)"},
    {"sapphirerapids", P::bf16, &F::avx512_bf16, 128, "vdpbf16ps zmm x2 (estimate)"},
    {"sapphirerapids", P::fp16, &F::avx512_fp16, 128, "vfmadd231ph zmm x2"},
    {"sapphirerapids", P::int32, &F::avx512f, 32, "vpmulld + vpaddd zmm, 1 vpmulld/cycle"},
    {"sapphirerapids", P::int8, &F::amx_int8, 2048, "tdpbusd (AMX-INT8)"},
    {"sapphirerapids", P::int8, &F::avx512_vnni, 256, "vpdpbusd zmm x2"},
    {"emeraldrapids", P::fp64, &F::avx512f, 32, "vfmadd231pd zmm x2"},
    {"emeraldrapids", P::fp32, &F::avx512f, 64, "vfmadd231ps zmm x2"},
    {"emeraldrapids", P::bf16, &F::amx_bf16, 1024, "tdpbf16ps (AMX-BF16)"},
    {"emeraldrapids", P::bf16, &F::avx512_bf16, 128, "vdpbf16ps zmm x2 (estimate)"},
    {"emeraldrapids", P::fp16, &F::avx512_fp16, 128, "vfmadd231ph zmm x2"},
    {"emeraldrapids", P::int32, &F::avx512f, 32, "vpmulld + vpaddd zmm, 1 vpmulld/cycle"},
    {"emeraldrapids", P::int8, &F::amx_int8, 2048, "tdpbusd (AMX-INT8)"},
    {"emeraldrapids", P::int8, &F::avx512_vnni, 256, "vpdpbusd zmm x2"},

    // Granite Rapids (Redwood Cove): as Sapphire Rapids, plus AMX-FP16.
    {"graniterapids", P::fp64, &F::avx512f, 32, "vfmadd231pd zmm x2"},
    {"graniterapids", P::fp32, &F::avx512f, 64, "vfmadd231ps zmm x2"},
    {"graniterapids", P::bf16, &F::amx_bf16, 1024, "tdpbf16ps (AMX-BF16)"},
    {"graniterapids", P::bf16, &F::avx512_bf16, 128, "vdpbf16ps zmm x2 (estimate)"},
    {"graniterapids", P::fp16, &F::amx_fp16, 1024, "tdpfp16ps (AMX-FP16)"},
    {"graniterapids", P::fp16, &F::avx512_fp16, 128, "vfmadd231ph zmm x2"},
    {"graniterapids", P::int32, &F::avx512f, 32, "vpmulld + vpaddd zmm, 1 vpmulld/cycle"},
    {"graniterapids", P::int8, &F::amx_int8, 2048, "tdpbusd (AMX-INT8)"},
    {"graniterapids", P::int8, &F::avx512_vnni, 256, "vpdpbusd zmm x2"},
});

PeakEntry native_entry(Precision p, double flops_per_cycle, std::string_view instruction) {
  PeakEntry e;
  e.precision = p;
  e.flops_per_cycle = flops_per_cycle;
  e.native = true;
  e.instruction = instruction;
  return e;
}

std::optional<PeakEntry> from_table(std::string_view microarchitecture, Precision p, const CpuFeatures& f) {
  for (const FlopsRow& row : rows)
    if (row.microarchitecture == microarchitecture && row.precision == p && f.*row.needs)
      return native_entry(p, row.flops_per_cycle, row.instruction);
  return std::nullopt;
}

// Derived from the ISA alone, for cores the table does not know: the widest
// vector FMA on 2 units (Intel server cores, Zen 5; client cores with one
// 512-bit unit, Zen 1 with 128-bit pipes, and Zen 4's double pumping get less).
std::optional<PeakEntry> from_features(Precision p, const CpuFeatures& f) {
  switch (p) {
    case P::fp64:
      if (f.avx512f) return native_entry(p, 32, "vfmadd231pd zmm x2 (assumes 2 FMA units)");
      if (f.fma) return native_entry(p, 16, "vfmadd231pd ymm x2 (assumes 2 FMA units)");
      return native_entry(p, 4, "addpd + mulpd xmm, 1 each per cycle");
    case P::fp32:
      if (f.avx512f) return native_entry(p, 64, "vfmadd231ps zmm x2 (assumes 2 FMA units)");
      if (f.fma) return native_entry(p, 32, "vfmadd231ps ymm x2 (assumes 2 FMA units)");
      return native_entry(p, 8, "addps + mulps xmm, 1 each per cycle");
    case P::bf16:
      if (f.amx_bf16) return native_entry(p, 1024, "tdpbf16ps (AMX-BF16, assumes 1 tile unit)");
      if (f.avx512_bf16) return native_entry(p, 128, "vdpbf16ps zmm x2 (assumes 2 units)");
      return std::nullopt;
    case P::fp16:
      if (f.amx_fp16) return native_entry(p, 1024, "tdpfp16ps (AMX-FP16, assumes 1 tile unit)");
      if (f.avx512_fp16) return native_entry(p, 128, "vfmadd231ph zmm x2 (assumes 2 FMA units)");
      return std::nullopt;
    case P::int32:
      if (f.avx512f) return native_entry(p, 32, "vpmulld + vpaddd zmm, assumes 1 vpmulld/cycle");
      if (f.avx2) return native_entry(p, 16, "vpmulld + vpaddd ymm, assumes 1 vpmulld/cycle");
      if (f.sse4_1) return native_entry(p, 8, "pmulld + paddd xmm, assumes 1 pmulld/cycle");
      return std::nullopt;
    case P::int8:
      if (f.amx_int8) return native_entry(p, 2048, "tdpbusd (AMX-INT8, assumes 1 tile unit)");
      if (f.avx512_vnni) return native_entry(p, 256, "vpdpbusd zmm x2 (assumes 2 units)");
      if (f.avx_vnni) return native_entry(p, 128, "vpdpbusd ymm x2 (assumes 2 units)");
      if (f.avx512bw) return native_entry(p, 128, "vpmaddubsw + vpmaddwd + vpaddd zmm, assumes 2 multiplies/cycle");
      if (f.avx2) return native_entry(p, 64, "vpmaddubsw + vpmaddwd + vpaddd ymm, assumes 2 multiplies/cycle");
      if (f.ssse3) return native_entry(p, 32, "pmaddubsw + pmaddwd + paddd xmm, assumes 2 multiplies/cycle");
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

// Without hardware for a float format, its data are widened and computed in
// FP32: that path's rate is the format's peak.
PeakEntry emulated_entry(Precision p, const PeakEntry& via) {
  PeakEntry e;
  e.precision = p;
  e.flops_per_cycle = via.flops_per_cycle;
  e.native = false;
  e.instruction = "no native " + std::string(precision_label(p)) + ": converted to " +
                  std::string(precision_label(via.precision)) + ", " + via.instruction;
  return e;
}

PeakEntry resolve(std::string_view microarchitecture, Precision p, const CpuFeatures& f) {
  if (auto e = from_table(microarchitecture, p, f)) return *e;
  if (auto e = from_features(p, f)) return *e;
  if (is_integer(p)) {
    // Only an x86-64 without SSSE3 (int8) or SSE4.1 (int32) gets here.
    PeakEntry e;
    e.precision = p;
    e.flops_per_cycle = 4;
    e.instruction = "pmuludq + shuffles xmm (no native lane-wise multiply; estimate)";
    return e;
  }
  return emulated_entry(p, resolve(microarchitecture, P::fp32, f));
}

}  // namespace

std::vector<PeakEntry> flops_per_cycle_table(std::string_view microarchitecture, const CpuFeatures& features) {
  std::vector<PeakEntry> entries;
  entries.reserve(all_precisions.size());
  for (Precision p : all_precisions) entries.push_back(resolve(microarchitecture, p, features));
  return entries;
}

}  // namespace suanli
