// Where CPUID answers come from: the instruction on this CPU, or a table
// recorded from another machine, so that detection can be tested on machines
// the tests do not run on (the way hwloc tests load saved topologies).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace suanli {

struct CpuidRegisters {
  std::uint32_t eax = 0, ebx = 0, ecx = 0, edx = 0;
};

class CpuidSource {
 public:
  virtual ~CpuidSource() = default;
  // All zero for a leaf above the CPU's maximum in its range (0x0..., 0x8000...):
  // the instruction would repeat the highest leaf's data, which decodes as nonsense.
  virtual CpuidRegisters query(std::uint32_t leaf, std::uint32_t subleaf = 0) const = 0;
  // XCR0, the vector state the OS saves; 0 when the OS has not set CR4.OSXSAVE.
  virtual std::uint64_t xcr0() const = 0;
};

// The cpuid and xgetbv instructions on the calling thread; all zero on a non-x86 build.
class LiveCpuid final : public CpuidSource {
 public:
  CpuidRegisters query(std::uint32_t leaf, std::uint32_t subleaf = 0) const override;
  std::uint64_t xcr0() const override;
};

// A table read from text, one leaf per line, numbers in hex:
//   <leaf> <subleaf> <eax> <ebx> <ecx> <edx>
//   xcr0 <value>
// '#' starts a comment. A leaf missing from the table reads as zeros, as one
// above the maximum does on a real CPU.
class RecordedCpuid final : public CpuidSource {
 public:
  // nullopt and *error set ("line 3: expected 6 hex numbers") on a malformed table.
  static std::optional<RecordedCpuid> parse(std::string_view text, std::string* error);

  CpuidRegisters query(std::uint32_t leaf, std::uint32_t subleaf = 0) const override;
  std::uint64_t xcr0() const override { return xcr0_; }

 private:
  std::map<std::pair<std::uint32_t, std::uint32_t>, CpuidRegisters> table_;
  std::uint64_t xcr0_ = 0;
};

}  // namespace suanli
