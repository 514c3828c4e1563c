// Chooses among the kernel tables from the CPU's features and the core's chain
// counts, finds twins, and gives the closed-form checksum.
#include <algorithm>
#include <array>
#include <string>

#include "core/error.hpp"
#include "core/machine/cpuid.hpp"
#include "core/machine/microarchitecture.hpp"
#include "kernels/peak/peak_table.hpp"

namespace suanli::kernels::peak {

namespace {

// Best first: a precision's dedicated extension before plain AVX-512, zmm before ymm.
constexpr std::array<PeakIsa, 7> isas_best_first = {PeakIsa::avx512_fp16, PeakIsa::avx512_bf16, PeakIsa::avx512_vnni,
                                                    PeakIsa::avx512,      PeakIsa::avx_vnni,    PeakIsa::avx2,
                                                    PeakIsa::scalar};

// The dispatch tables (twins excluded).
constexpr std::array<std::span<const PeakKernel> (*)(), 7> tables = {
    &detail::fp_avx512_kernels, &detail::fp_avx2_kernels, &detail::bf16_avx512_kernels, &detail::fp16_avx512_kernels,
    &detail::int8_vnni_kernels, &detail::int32_kernels,   &detail::scalar_kernels};

template <class Visit>
void for_each_kernel(Visit visit) {
  for (auto table : tables)
    for (const PeakKernel& k : table()) visit(k);
}

bool same_shape(const PeakKernel& a, const PeakKernel& b) {
  return a.precision == b.precision && a.op == b.op && a.lanes == b.lanes && a.chains == b.chains &&
         a.add_chains == b.add_chains;
}

// The kernel of (precision, op, isa) the core should run: chains_for's counts.
const PeakKernel* chosen_kernel(Precision p, PeakOp op, PeakIsa isa, std::string_view microarchitecture) {
  const detail::Chains c = detail::pick_chains(microarchitecture, op, isa);
  return find_peak_kernel(p, op, isa, c.main, c.add);
}

// A precision's kernels on one ISA, op by op: the chosen chain count first, then the others ascending.
void append_isa(std::vector<PeakKernel>& list, Precision p, PeakOp op, PeakIsa isa, std::string_view microarchitecture) {
  const PeakKernel* chosen = chosen_kernel(p, op, isa, microarchitecture);
  if (!chosen) return;
  list.push_back(*chosen);
  std::vector<PeakKernel> others;
  for_each_kernel([&](const PeakKernel& k) {
    if (k.precision == p && k.op == op && k.isa == isa && &k != chosen) others.push_back(k);
  });
  std::sort(others.begin(), others.end(), [](const PeakKernel& a, const PeakKernel& b) {
    return std::pair(a.chains, a.add_chains) < std::pair(b.chains, b.add_chains);
  });
  list.insert(list.end(), others.begin(), others.end());
}

constexpr std::array<PeakOp, 5> all_ops = {PeakOp::fma, PeakOp::dot_bf16, PeakOp::dot_int8, PeakOp::mul_add_int32,
                                           PeakOp::fma_add};

}  // namespace

std::string_view isa_key(PeakIsa isa) { return detail::isa_name(isa); }
std::string_view op_key(PeakOp op) { return detail::op_name(op); }

bool cpu_supports(PeakIsa isa) {
  // __builtin_cpu_supports also checks that the OS saves the wide registers.
  switch (isa) {
    case PeakIsa::avx512_fp16:
      return __builtin_cpu_supports("avx512fp16") && __builtin_cpu_supports("avx512vl");
    case PeakIsa::avx512_bf16:
      return __builtin_cpu_supports("avx512bf16") && __builtin_cpu_supports("avx512f");
    case PeakIsa::avx512_vnni:
      return __builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx512f");
    case PeakIsa::avx512: return __builtin_cpu_supports("avx512f");
    case PeakIsa::avx_vnni: return __builtin_cpu_supports("avxvnni") && __builtin_cpu_supports("avx2");
    case PeakIsa::avx2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case PeakIsa::scalar:
    case PeakIsa::reference: return true;
  }
  return false;
}

std::string host_microarchitecture() {
  const CpuIdentity id = read_cpu_identity();
  return microarchitecture_name(id.vendor, id.family, id.model);
}

std::vector<detail::Chains> detail::instantiated_chains(PeakOp op, PeakIsa isa) {
  std::vector<Chains> list;
  for_each_kernel([&](const PeakKernel& k) {
    if (k.op == op && k.isa == isa) list.push_back({k.chains, k.add_chains});
  });
  const auto key = [](const Chains& c) { return std::pair(c.main, c.add); };
  std::sort(list.begin(), list.end(), [&](const Chains& a, const Chains& b) { return key(a) < key(b); });
  list.erase(std::unique(list.begin(), list.end(), [&](const Chains& a, const Chains& b) { return key(a) == key(b); }),
             list.end());
  return list;
}

std::vector<PeakKernel> all_peak_kernels() {
  std::vector<PeakKernel> list;
  for_each_kernel([&](const PeakKernel& k) { list.push_back(k); });
  return list;
}

const PeakKernel* find_peak_kernel(Precision precision, PeakOp op, PeakIsa isa, int chains, int add_chains) {
  const PeakKernel* found = nullptr;
  for_each_kernel([&](const PeakKernel& k) {
    if (!found && k.precision == precision && k.op == op && k.isa == isa && k.chains == chains &&
        k.add_chains == add_chains)
      found = &k;
  });
  return found;
}

std::vector<PeakKernel> available_peak_kernels(Precision precision, std::string_view microarchitecture) {
  std::vector<PeakKernel> list;
  // Rpeak kernels first (fma_add is last in all_ops), each op over the ISAs best first.
  for (PeakOp op : all_ops)
    for (PeakIsa isa : isas_best_first)
      if (cpu_supports(isa)) append_isa(list, precision, op, isa, microarchitecture);
  return list;
}

std::vector<PeakKernel> available_peak_kernels(Precision precision) {
  return available_peak_kernels(precision, host_microarchitecture());
}

const PeakKernel* best_peak_kernel(Precision precision, std::string_view microarchitecture) {
  for (PeakOp op : all_ops)
    for (PeakIsa isa : isas_best_first)
      if (cpu_supports(isa))
        if (const PeakKernel* k = chosen_kernel(precision, op, isa, microarchitecture); k && k->counts_for_rpeak)
          return k;
  return nullptr;
}

const PeakKernel* best_peak_kernel(Precision precision) {
  return best_peak_kernel(precision, host_microarchitecture());
}

const PeakKernel& reference_twin(const PeakKernel& k) {
  for (auto twins : {detail::reference_kernels(), detail::scalar_kernels()})
    for (const PeakKernel& twin : twins)
      if (same_shape(twin, k)) return twin;
  throw UsageError("peak: no reference twin for kernel " + std::string(k.name));
}

// Closed form: lane i of N = lanes × (chains + add_chains) ends at seed + i + iterations.
double expected_checksum(const PeakKernel& k, std::uint64_t iterations, double seed) {
  const double n = static_cast<double>(k.lanes) * (k.chains + k.add_chains);
  return n * (seed + static_cast<double>(iterations)) + n * (n - 1) / 2;
}

}  // namespace suanli::kernels::peak
