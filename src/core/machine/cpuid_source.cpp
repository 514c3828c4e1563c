#include "core/machine/cpuid_source.hpp"

#include <charconv>
#include <vector>

#include "core/machine/sysfs.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define SUANLI_X86 1
#else
#define SUANLI_X86 0
#endif

namespace suanli {

CpuidRegisters LiveCpuid::query(std::uint32_t leaf, std::uint32_t subleaf) const {
  CpuidRegisters r;
#if SUANLI_X86
  // __get_cpuid_count checks the leaf against its range's maximum first.
  if (!__get_cpuid_count(leaf, subleaf, &r.eax, &r.ebx, &r.ecx, &r.edx)) return {};
#else
  (void)leaf;
  (void)subleaf;
#endif
  return r;
}

std::uint64_t LiveCpuid::xcr0() const {
#if SUANLI_X86
  // xgetbv faults unless the OS has enabled XSAVE (leaf 1 ECX bit 27, OSXSAVE).
  if (((query(1).ecx >> 27) & 1u) == 0) return 0;
  std::uint32_t low = 0, high = 0;
  // Spelled out because the builtin needs -mxsave on the whole file.
  asm volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
  return (static_cast<std::uint64_t>(high) << 32) | low;
#else
  return 0;
#endif
}

namespace {

template <typename T>
bool parse_hex(std::string_view text, T& value) {
  if (text.substr(0, 2) == "0x" || text.substr(0, 2) == "0X") text.remove_prefix(2);
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  return error == std::errc() && end == text.data() + text.size();
}

std::vector<std::string_view> split_words(std::string_view line) {
  std::vector<std::string_view> words;
  while (true) {
    line = machine_detail::trim(line);
    if (line.empty()) return words;
    const auto space = line.find_first_of(" \t");
    words.push_back(line.substr(0, space));
    if (space == std::string_view::npos) return words;
    line.remove_prefix(space);
  }
}

}  // namespace

std::optional<RecordedCpuid> RecordedCpuid::parse(std::string_view text, std::string* error) {
  RecordedCpuid recorded;
  int line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const auto newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    line = line.substr(0, line.find('#'));
    const auto words = split_words(line);
    if (words.empty()) continue;
    bool ok = false;
    if (words[0] == "xcr0") {
      ok = words.size() == 2 && parse_hex(words[1], recorded.xcr0_);
    } else if (words.size() == 6) {
      std::uint32_t leaf = 0, subleaf = 0;
      CpuidRegisters r;
      ok = parse_hex(words[0], leaf) && parse_hex(words[1], subleaf) && parse_hex(words[2], r.eax) &&
           parse_hex(words[3], r.ebx) && parse_hex(words[4], r.ecx) && parse_hex(words[5], r.edx);
      if (ok) recorded.table_[{leaf, subleaf}] = r;
    }
    if (!ok) {
      if (error)
        *error = "line " + std::to_string(line_number) +
                 ": expected '<leaf> <subleaf> <eax> <ebx> <ecx> <edx>' or 'xcr0 <value>' in hex";
      return std::nullopt;
    }
  }
  return recorded;
}

CpuidRegisters RecordedCpuid::query(std::uint32_t leaf, std::uint32_t subleaf) const {
  const auto it = table_.find({leaf, subleaf});
  return it == table_.end() ? CpuidRegisters{} : it->second;
}

}  // namespace suanli
