// The identity and ISA features of the CPU this thread runs on, from the cpuid
// instruction, with each vector extension counted only when the OS saves its
// register state (XCR0): a feature the kernel or hypervisor has not enabled faults.
#pragma once

#include <cstdint>
#include <string>

#include "core/machine/cpuid_source.hpp"
#include "core/machine/machine.hpp"

namespace suanli {

// Bit index of a CPUID register value (the feature and topology flags).
constexpr bool cpuid_bit(std::uint32_t reg, int index) { return (reg >> index) & 1u; }

// The raw registers decode_cpu_features reads, kept apart from the instruction
// so that decoding can be tested with made-up values.
struct CpuidLeaves {
  std::uint32_t leaf1_ecx = 0, leaf1_edx = 0;
  std::uint32_t leaf7_ebx = 0, leaf7_ecx = 0, leaf7_edx = 0;  // leaf 7, subleaf 0
  std::uint32_t leaf7_1_eax = 0;                              // leaf 7, subleaf 1
  std::uint64_t xcr0 = 0;  // 0 when the OS has not set CR4.OSXSAVE
};

struct CpuIdentity {
  std::string vendor;  // "AuthenticAMD", "GenuineIntel"
  std::string brand;   // "AMD EPYC 9B45", trimmed; empty when the CPU has no brand string
  int family = 0;      // display family: base + extended (0x19 = Zen 3/4, 0x1A = Zen 5)
  int model = 0;       // display model: extended model in the high nibble
  int stepping = 0;
  CpuidLeaves leaves;
};

// Asks source (the live instruction, or a recorded table).
CpuIdentity read_cpu_identity(const CpuidSource& source);
// Executes cpuid (and xgetbv) on the calling thread. On a non-x86 build: all empty.
CpuIdentity read_cpu_identity();

CpuFeatures decode_cpu_features(const CpuidLeaves& leaves);

// XCR0 state components: bits 1-2 SSE/AVX, 5-7 AVX-512 opmask and upper ZMM, 17-18 AMX tiles.
inline constexpr std::uint64_t xcr0_avx_state = 0x6;
inline constexpr std::uint64_t xcr0_avx512_state = 0xE6;
inline constexpr std::uint64_t xcr0_amx_state = 0x60000;

}  // namespace suanli
