// Internal to src/kernels/peak/: how the ISA files build their rows of the
// kernel table (shape, generated name, segmented run) and the accessors the
// dispatch reads. Not for callers outside the folder: they use peak_kernels.hpp.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>
#include <string_view>

#include "kernels/peak/peak_kernels.hpp"

namespace suanli::kernels::peak::detail {

// The compile-time description of one kernel; PeakKernel adds name, FLOPs and run.
struct Shape {
  Precision precision;
  PeakOp op;
  PeakIsa isa;
  int vector_bits;
  int lanes;
  int chains;
  int add_chains = 0;
};

constexpr std::string_view isa_name(PeakIsa isa) {
  switch (isa) {
    case PeakIsa::avx512_fp16: return "avx512_fp16";
    case PeakIsa::avx512_bf16: return "avx512_bf16";
    case PeakIsa::avx512_vnni: return "avx512_vnni";
    case PeakIsa::avx512: return "avx512";
    case PeakIsa::avx_vnni: return "avx_vnni";
    case PeakIsa::avx2: return "avx2";
    case PeakIsa::scalar: return "scalar";
    case PeakIsa::reference: return "reference";
  }
  return "unknown";
}

constexpr std::string_view op_name(PeakOp op) {
  switch (op) {
    case PeakOp::fma: return "fma";
    case PeakOp::fma_add: return "fma_add";
    case PeakOp::dot_bf16: return "dot_bf16";
    case PeakOp::dot_int8: return "dot_int8";
    case PeakOp::mul_add_int32: return "mul_add_int32";
  }
  return "unknown";
}

// precision_key() is not constexpr; the names need these at compile time.
constexpr std::string_view precision_name(Precision p) {
  switch (p) {
    case Precision::fp64: return "fp64";
    case Precision::fp32: return "fp32";
    case Precision::bf16: return "bf16";
    case Precision::fp16: return "fp16";
    case Precision::int32: return "int32";
    case Precision::int8: return "int8";
    default: return "other";
  }
}

// "<isa>-<precision>-<op>-<lanes>x<chains>[+<add_chains>]", NUL-padded.
struct NameChars {
  std::array<char, 56> chars{};
  std::size_t size = 0;

  constexpr void append(std::string_view s) {
    for (char c : s) chars[size++] = c;
  }
  constexpr void append(int n) {
    char digits[12]{};
    int count = 0;
    do {
      digits[count++] = static_cast<char>('0' + n % 10);
      n /= 10;
    } while (n > 0);
    while (count > 0) chars[size++] = digits[--count];
  }
  constexpr std::string_view view() const { return {chars.data(), size}; }
};

constexpr NameChars make_name(Shape s) {
  NameChars n;
  n.append(isa_name(s.isa));
  n.append("-");
  n.append(precision_name(s.precision));
  n.append("-");
  n.append(op_name(s.op));
  n.append("-");
  n.append(s.lanes);
  n.append("x");
  n.append(s.chains);
  if (s.add_chains > 0) {
    n.append("+");
    n.append(s.add_chains);
  }
  return n;
}

// Static storage for each shape's name, so PeakKernel::name can be a string_view.
template <Shape S>
inline constexpr NameChars name_of = make_name(S);

template <Shape S, double (*Run)(std::uint64_t, double)>
constexpr PeakKernel make_kernel() {
  return {name_of<S>.view(),
          S.precision,
          S.op,
          S.isa,
          S.vector_bits,
          S.lanes,
          S.chains,
          S.add_chains,
          ops_per_trip(S.op, S.lanes, S.chains, S.add_chains),
          S.op != PeakOp::fma_add,
          Run};
}

// A chain count as instantiated: `main` chains of the family's instruction and,
// for fma_add only, `add` chains of x + a beside them.
struct Chains {
  int main;
  int add = 0;
};

// The chain counts instantiated per family and register file, shared by the ISA
// files and the reference twins. The accumulators must be registers: 32 zmm hold
// the chains plus the family's 1 or 2 constants; 16 ymm at most 14 or 15 chains.
inline constexpr std::array<Chains, 4> fma_zmm_chains = {{{8}, {10}, {12}, {16}}};
inline constexpr std::array<Chains, 4> fma_ymm_chains = {{{8}, {10}, {12}, {14}}};
// FMA:ADD ratios 3:1, 2:1, 1:1 and 1:2 per trip (docs/peak.md, "FMA + ADD"). Not
// every pair: GCC 12 spills one accumulator of 14+14, 16+12 and 12+16.
inline constexpr std::array<Chains, 10> fma_add_zmm_chains = {
    {{8, 4}, {8, 8}, {8, 16}, {10, 5}, {10, 10}, {12, 4}, {12, 6}, {12, 12}, {15, 15}, {16, 8}}};
inline constexpr std::array<Chains, 4> fma_add_ymm_chains = {{{8, 4}, {8, 7}, {10, 5}, {7, 7}}};
inline constexpr std::array<Chains, 5> bf16_zmm_chains = {{{8}, {12}, {16}, {20}, {24}}};
inline constexpr std::array<Chains, 4> fp16_zmm_chains = {{{8}, {10}, {12}, {16}}};  // 32 × 16 lanes: FP16's bound
inline constexpr std::array<Chains, 5> int8_zmm_chains = {{{8}, {10}, {12}, {16}, {20}}};
inline constexpr std::array<Chains, 4> int8_ymm_chains = {{{8}, {10}, {12}, {14}}};
inline constexpr std::array<Chains, 5> int32_zmm_chains = {{{8}, {10}, {12}, {16}, {20}}};
inline constexpr std::array<Chains, 4> int32_ymm_chains = {{{8}, {10}, {12}, {14}}};
inline constexpr std::array<Chains, 4> scalar_chains = {{{8}, {10}, {12}, {16}}};

// One table row per entry of List: make.template operator()<List[i]>() for each i.
template <const auto& List, class Make>
constexpr auto rows_for(Make make) {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<PeakKernel, sizeof...(I)>{make.template operator()<List[I]>()...};
  }(std::make_index_sequence<List.size()>{});
}

template <std::size_t... N>
constexpr auto concat(const std::array<PeakKernel, N>&... parts) {
  std::array<PeakKernel, (N + ...)> all{};
  std::size_t i = 0;
  ((std::copy(parts.begin(), parts.end(), all.begin() + i), i += N), ...);
  return all;
}

// Runs `iterations` trips as segments of at most exact_segment_trips(P) trips.
// Segment(trips, seed) starts the chains at seed + index, runs `trips` trips and
// returns the sum of all lanes; Segment(0, seed) is thus the sum of the start values.
template <Precision P, double (*Segment)(std::uint64_t, double)>
double run_in_exact_segments(std::uint64_t iterations, double seed) {
  const double start_sum = Segment(0, seed);
  double checksum = start_sum;
  while (iterations > 0) {
    const std::uint64_t trips = iterations < exact_segment_trips(P) ? iterations : exact_segment_trips(P);
    checksum += Segment(trips, seed) - start_sum;  // the segment's gain, exact
    iterations -= trips;
  }
  return checksum;
}

// The (main, add) chain counts instantiated for an op and ISA in any precision,
// ascending (peak_dispatch.cpp), and the pair chains_for picks among them for a
// core (peak_chains.cpp).
std::vector<Chains> instantiated_chains(PeakOp op, PeakIsa isa);
Chains pick_chains(std::string_view microarchitecture, PeakOp op, PeakIsa isa);

// The tables, each defined in the file of its ISA and family; only the dispatch reads them.
std::span<const PeakKernel> fp_avx512_kernels();    // FP64/FP32 fma and fma_add, zmm
std::span<const PeakKernel> fp_avx2_kernels();      // FP64/FP32 fma and fma_add, ymm
std::span<const PeakKernel> bf16_avx512_kernels();  // dot_bf16, zmm
std::span<const PeakKernel> fp16_avx512_kernels();  // FP16 fma, zmm
std::span<const PeakKernel> int8_vnni_kernels();    // dot_int8, zmm (AVX512_VNNI) and ymm (AVX-VNNI)
std::span<const PeakKernel> int32_kernels();        // mul_add_int32, zmm and ymm
std::span<const PeakKernel> scalar_kernels();       // the portable fallback: FP64, FP32, INT32, one lane
std::span<const PeakKernel> reference_kernels();    // the twins of every vector kernel above

}  // namespace suanli::kernels::peak::detail
