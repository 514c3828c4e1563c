#include "core/machine/cpuid.hpp"

#include <array>
#include <cstring>

#include "core/machine/sysfs.hpp"

namespace suanli {
namespace {


std::string vendor_string(const CpuidSource& cpuid) {
  const CpuidRegisters r = cpuid.query(0);
  std::array<char, 13> text{};
  std::memcpy(text.data(), &r.ebx, 4);
  std::memcpy(text.data() + 4, &r.edx, 4);
  std::memcpy(text.data() + 8, &r.ecx, 4);
  return text.data();
}

std::string brand_string(const CpuidSource& cpuid) {
  if (cpuid.query(0x80000000).eax < 0x80000004) return {};
  std::array<char, 49> text{};
  for (std::uint32_t i = 0; i < 3; ++i) {
    const CpuidRegisters r = cpuid.query(0x80000002 + i);
    std::memcpy(text.data() + 16 * i, &r, 16);
  }
  return std::string(machine_detail::trim(text.data()));
}

CpuidLeaves read_leaves(const CpuidSource& cpuid) {
  CpuidLeaves leaves;
  const CpuidRegisters leaf1 = cpuid.query(1);
  leaves.leaf1_ecx = leaf1.ecx;
  leaves.leaf1_edx = leaf1.edx;
  const std::uint32_t max_leaf = cpuid.query(0).eax;
  if (max_leaf >= 7) {
    const CpuidRegisters leaf7 = cpuid.query(7, 0);
    leaves.leaf7_ebx = leaf7.ebx;
    leaves.leaf7_ecx = leaf7.ecx;
    leaves.leaf7_edx = leaf7.edx;
    if (leaf7.eax >= 1) leaves.leaf7_1_eax = cpuid.query(7, 1).eax;  // eax of subleaf 0 = max subleaf
  }
  const bool os_uses_xsave = cpuid_bit(leaf1.ecx, 27);
  if (os_uses_xsave) leaves.xcr0 = cpuid.xcr0();
  return leaves;
}

}  // namespace

CpuIdentity read_cpu_identity(const CpuidSource& cpuid) {
  CpuIdentity id;
  if (cpuid.query(0).eax == 0) return id;  // no cpuid (non-x86 build, empty recording)
  id.vendor = vendor_string(cpuid);
  id.brand = brand_string(cpuid);
  const std::uint32_t signature = cpuid.query(1).eax;
  const int base_family = static_cast<int>((signature >> 8) & 0xF);
  const int base_model = static_cast<int>((signature >> 4) & 0xF);
  // Intel and AMD both add the extended fields only for these base families.
  id.family = base_family == 0xF ? base_family + static_cast<int>((signature >> 20) & 0xFF) : base_family;
  id.model = (base_family == 0x6 || base_family == 0xF)
                 ? base_model + (static_cast<int>((signature >> 16) & 0xF) << 4)
                 : base_model;
  id.stepping = static_cast<int>(signature & 0xF);
  id.leaves = read_leaves(cpuid);
  return id;
}

CpuIdentity read_cpu_identity() { return read_cpu_identity(LiveCpuid{}); }

CpuFeatures decode_cpu_features(const CpuidLeaves& l) {
  const bool os_avx = (l.xcr0 & xcr0_avx_state) == xcr0_avx_state;
  const bool os_avx512 = (l.xcr0 & xcr0_avx512_state) == xcr0_avx512_state;
  const bool os_amx = (l.xcr0 & xcr0_amx_state) == xcr0_amx_state;

  CpuFeatures f;
  f.sse2 = cpuid_bit(l.leaf1_edx, 26);
  f.sse3 = cpuid_bit(l.leaf1_ecx, 0);
  f.ssse3 = cpuid_bit(l.leaf1_ecx, 9);
  f.sse4_1 = cpuid_bit(l.leaf1_ecx, 19);
  f.sse4_2 = cpuid_bit(l.leaf1_ecx, 20);

  f.avx = os_avx && cpuid_bit(l.leaf1_ecx, 28);
  f.fma = f.avx && cpuid_bit(l.leaf1_ecx, 12);
  f.f16c = f.avx && cpuid_bit(l.leaf1_ecx, 29);
  f.avx2 = f.avx && cpuid_bit(l.leaf7_ebx, 5);
  f.avx_vnni = f.avx2 && cpuid_bit(l.leaf7_1_eax, 4);

  f.avx512f = f.avx2 && os_avx512 && cpuid_bit(l.leaf7_ebx, 16);
  f.avx512dq = f.avx512f && cpuid_bit(l.leaf7_ebx, 17);
  f.avx512bw = f.avx512f && cpuid_bit(l.leaf7_ebx, 30);
  f.avx512vl = f.avx512f && cpuid_bit(l.leaf7_ebx, 31);
  f.avx512_vnni = f.avx512f && cpuid_bit(l.leaf7_ecx, 11);
  f.avx512_fp16 = f.avx512f && cpuid_bit(l.leaf7_edx, 23);
  f.avx512_bf16 = f.avx512f && cpuid_bit(l.leaf7_1_eax, 5);

  // Linux also wants a per-process arch_prctl(ARCH_REQ_XCOMP_PERM) before the
  // first tile instruction; that is the AMX kernel's business, not detection's.
  f.amx_tile = os_amx && cpuid_bit(l.leaf7_edx, 24);
  f.amx_bf16 = f.amx_tile && cpuid_bit(l.leaf7_edx, 22);
  f.amx_int8 = f.amx_tile && cpuid_bit(l.leaf7_edx, 25);
  f.amx_fp16 = f.amx_tile && cpuid_bit(l.leaf7_1_eax, 21);
  return f;
}

}  // namespace suanli
