// How many independent chains each core needs: latency × instructions per cycle
// of the instruction a chain depends through, per microarchitecture. Sources and
// the measurements behind the Zen 5 rows: docs/peak.md, "Chains".
#include <algorithm>
#include <array>
#include <cmath>

#include "kernels/peak/peak_table.hpp"

namespace suanli::kernels::peak {

namespace {

struct TimingRow {
  std::string_view microarchitecture;
  PeakOp op;
  int vector_bits;  // 0: any width
  OpTiming timing;
};

using O = PeakOp;

// fma_add rows hold the separate add-only pipes (FADD), not the FMA ones; where
// adds run on the FMA ports (all Intel cores here) they add nothing: 0 per cycle.
// mul_add_int32 rows: vpmulld's latency + vpaddd's 1, and vpmulld's throughput.
constexpr auto rows = std::to_array<TimingRow>({
    // Zen 3: FMA on FP0/FP1, FADD on FP2/FP3, 256-bit.
    {"zen3", O::fma, 0, {4, 2}},
    {"zen3", O::fma_add, 0, {3, 2}},
    {"zen3", O::mul_add_int32, 0, {3 + 1 + 1, 2}},  // bypass cycle as measured on Zen 5
    // Zen 4: the same pipes, 256 bits wide; a zmm instruction takes both halves' cycles.
    {"zen4", O::fma, 512, {4, 1}},
    {"zen4", O::fma, 256, {4, 2}},
    {"zen4", O::fma_add, 512, {3, 1}},
    {"zen4", O::fma_add, 256, {3, 2}},
    {"zen4", O::dot_bf16, 512, {6, 1}},
    {"zen4", O::dot_int8, 512, {4, 1}},
    {"zen4", O::mul_add_int32, 512, {3 + 1 + 1, 1}},
    {"zen4", O::mul_add_int32, 256, {3 + 1 + 1, 2}},
    // Zen 5 (512-bit datapath): FMA on FP0/FP1, FADD on FP2/FP3. Latencies measured on an
    // EPYC 9B45 (one dependent chain): vfmadd 4, vaddpd 2, vdpbf16ps 6, vpdpbusd 4 but
    // 10 chains reach only 95% (12: 99%), so 5 here; vpmulld 3, and vpmulld → vpaddd →
    // vpmulld 5 per round (one cycle of bypass between the multiplier and the adder).
    {"zen5", O::fma, 0, {4, 2}},
    {"zen5", O::fma_add, 0, {2, 2}},
    {"zen5", O::dot_bf16, 0, {6, 2}},
    {"zen5", O::dot_int8, 0, {5, 2}},
    {"zen5", O::mul_add_int32, 0, {3 + 1 + 1, 2}},
    // Haswell/Broadwell: FMA on ports 0 and 1; vpmulld is 2 uops on port 0.
    {"haswell", O::fma, 0, {5, 2}},
    {"haswell", O::fma_add, 0, {3, 0}},
    {"haswell", O::mul_add_int32, 0, {10 + 1, 0.5}},
    // Skylake-SP/Cascade Lake/Cooper Lake: zmm FMA on ports 0(+1) and 5, ymm on 0 and 1.
    {"skylake-sp", O::fma, 0, {4, 2}},
    {"skylake-sp", O::fma_add, 0, {4, 0}},
    {"skylake-sp", O::dot_bf16, 0, {5, 2}},
    {"skylake-sp", O::dot_int8, 0, {5, 2}},
    {"skylake-sp", O::mul_add_int32, 0, {10 + 1, 1}},
    // Ice Lake-SP (Sunny Cove).
    {"icelake-sp", O::fma, 0, {4, 2}},
    {"icelake-sp", O::fma_add, 0, {4, 0}},
    {"icelake-sp", O::dot_int8, 0, {5, 2}},
    {"icelake-sp", O::mul_add_int32, 0, {10 + 1, 1}},
    // Sapphire Rapids (Golden Cove): FP16 FMA as the others; fast adders sit on the FMA ports.
    {"sapphirerapids", O::fma, 0, {4, 2}},
    {"sapphirerapids", O::fma_add, 0, {2, 0}},
    {"sapphirerapids", O::dot_bf16, 0, {5, 2}},
    {"sapphirerapids", O::dot_int8, 0, {5, 2}},
    {"sapphirerapids", O::mul_add_int32, 0, {10 + 1, 1}},
    // Anything else: the longest latencies above, two pipes.
    {"default", O::fma, 0, {5, 2}},
    {"default", O::fma_add, 0, {3, 2}},
    {"default", O::dot_bf16, 0, {6, 2}},
    {"default", O::dot_int8, 0, {5, 2}},
    {"default", O::mul_add_int32, 0, {10 + 1, 1}},
});

// Cores whose pipes match a row above.
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> same_pipes_as = {{
    {"broadwell", "haswell"},
    {"emeraldrapids", "sapphirerapids"},
    {"graniterapids", "sapphirerapids"},
}};

int bits_of(PeakIsa isa) {
  switch (isa) {
    case PeakIsa::avx512_fp16:
    case PeakIsa::avx512_bf16:
    case PeakIsa::avx512_vnni:
    case PeakIsa::avx512: return 512;
    case PeakIsa::avx_vnni:
    case PeakIsa::avx2: return 256;
    case PeakIsa::scalar:
    case PeakIsa::reference: return 64;
  }
  return 0;
}

const OpTiming* find_row(std::string_view microarchitecture, PeakOp op, int bits) {
  for (const TimingRow& row : rows)
    if (row.microarchitecture == microarchitecture && row.op == op && (row.vector_bits == 0 || row.vector_bits == bits))
      return &row.timing;
  return nullptr;
}

// 25% more chains than the pipes strictly need. FMA + ADD keeps all four FP pipes
// busy at once, where the scheduler needs more slack: on Zen 5, 10 FMA + 10 ADD
// chains reach 89% of the pipes' rate, 12 + 12 reach 98%.
constexpr double margin = 1.25;
constexpr double all_pipes_margin = 1.5;

int ceil_int(double x) { return static_cast<int>(std::ceil(x - 1e-9)); }

// The smallest instantiated count at least `wanted`, else the largest.
int clamp_to(const std::vector<int>& instantiated, int wanted) {
  if (instantiated.empty()) return wanted;
  for (int c : instantiated)
    if (c >= wanted) return c;
  return instantiated.back();
}

}  // namespace

OpTiming op_timing(std::string_view microarchitecture, PeakOp op, PeakIsa isa) {
  for (const auto& [alias, core] : same_pipes_as)
    if (alias == microarchitecture) microarchitecture = core;
  const int bits = bits_of(isa);
  if (const OpTiming* t = find_row(microarchitecture, op, bits)) return *t;
  return *find_row("default", op, bits);
}

detail::Chains detail::pick_chains(std::string_view microarchitecture, PeakOp op, PeakIsa isa) {
  const std::vector<Chains> instantiated = instantiated_chains(op, isa);  // ascending
  std::vector<int> mains;
  for (const Chains& c : instantiated)
    if (mains.empty() || mains.back() != c.main) mains.push_back(c.main);

  const bool with_adds = op == PeakOp::fma_add;
  const OpTiming main = op_timing(microarchitecture, with_adds ? PeakOp::fma : op, isa);
  const OpTiming add = op_timing(microarchitecture, PeakOp::fma_add, isa);
  const double main_margin = with_adds && add.per_cycle > 0 ? all_pipes_margin : margin;
  Chains picked{clamp_to(mains, ceil_int(main.latency * main.per_cycle * main_margin))};
  if (!with_adds) return picked;

  // The ADD chains keep the FADD pipes as busy as the FMA chains keep the FMA pipes,
  // and cover the add latency.
  const double wanted = std::max(picked.main * add.per_cycle / main.per_cycle, add.latency * add.per_cycle * margin);
  std::vector<int> adds;
  for (const Chains& c : instantiated)
    if (c.main == picked.main) adds.push_back(c.add);
  picked.add = clamp_to(adds, ceil_int(wanted));
  return picked;
}

int chains_for(std::string_view microarchitecture, PeakOp op, PeakIsa isa) {
  const detail::Chains c = detail::pick_chains(microarchitecture, op, isa);
  return op == PeakOp::fma_add ? c.add : c.main;
}

}  // namespace suanli::kernels::peak
