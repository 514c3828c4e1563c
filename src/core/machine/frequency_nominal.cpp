// Nominal frequency and the choice of the frequency Rpeak is computed from.
#include <charconv>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include "core/machine/frequency.hpp"
#include "core/machine/sysfs.hpp"

namespace suanli {
namespace {

// Plain scanning instead of <regex>: the patterns are simple, and <regex> alone made this the
// slowest file of the build.
std::string_view skip_spaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  return text;
}

// A non-negative decimal number at the start of text ("2.40"); its value and the rest of the text.
std::optional<std::pair<double, std::string_view>> leading_number(std::string_view text) {
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
  if (error != std::errc{}) return std::nullopt;
  return std::pair{value, text.substr(static_cast<std::size_t>(end - text.data()))};
}

}  // namespace

// "... CPU @ 2.40GHz": the first '@' followed by a number and "GHz".
double frequency_from_model_name(std::string_view model_name) {
  for (auto at = model_name.find('@'); at != std::string_view::npos; at = model_name.find('@', at + 1)) {
    const auto number = leading_number(skip_spaces(model_name.substr(at + 1)));
    if (number && skip_spaces(number->second).starts_with("GHz")) return number->first * 1e9;
  }
  return 0;
}

// The first "cpu MHz : 2100.000" line.
double frequency_from_cpuinfo_mhz(std::string_view cpuinfo) {
  constexpr std::string_view key = "cpu MHz";
  for (auto at = cpuinfo.find(key); at != std::string_view::npos; at = cpuinfo.find(key, at + 1)) {
    auto rest = skip_spaces(cpuinfo.substr(at + key.size()));
    if (!rest.starts_with(':')) continue;
    if (const auto number = leading_number(skip_spaces(rest.substr(1)))) return number->first * 1e6;
  }
  return 0;
}

NominalFrequency nominal_frequency(const std::filesystem::path& cpufreq_dir, std::string_view model_name,
                                   std::string_view cpuinfo) {
  // cpufreq reports kHz. base_frequency (intel_pstate, amd-pstate) is the nominal
  // clock; cpuinfo_max_freq is often the boost clock, so its source says so.
  if (auto khz = machine_detail::read_integer_file(cpufreq_dir / "base_frequency"); khz && *khz > 0)
    return {static_cast<double>(*khz) * 1e3, "sysfs cpufreq base_frequency"};
  if (auto khz = machine_detail::read_integer_file(cpufreq_dir / "cpuinfo_max_freq"); khz && *khz > 0)
    return {static_cast<double>(*khz) * 1e3, "sysfs cpufreq cpuinfo_max_freq (may be the boost clock)"};
  if (double hz = frequency_from_model_name(model_name); hz > 0) return {hz, "model name"};
  if (double hz = frequency_from_cpuinfo_mhz(cpuinfo); hz > 0)
    return {hz, "/proc/cpuinfo cpu MHz; in a VM often the TSC rate, not the core clock"};
  return {0, "unknown"};
}

NominalFrequency detect_nominal_frequency(std::string_view model_name) {
  const auto cpuinfo = machine_detail::read_text_file("/proc/cpuinfo").value_or("");
  return nominal_frequency("/sys/devices/system/cpu/cpu0/cpufreq", model_name, cpuinfo);
}

RpeakFrequency choose_rpeak_frequency(const MeasuredFrequency& measured, const NominalFrequency& nominal) {
  if (measured.avx512_hz > 0) return {measured.avx512_hz, "measured under AVX-512 FMA load"};
  if (measured.avx2_hz > 0) return {measured.avx2_hz, "measured under AVX2 FMA load"};
  if (measured.scalar_hz > 0) return {measured.scalar_hz, "measured without vector load"};
  if (nominal.hz > 0) return {nominal.hz, "nominal: " + nominal.source};
  return {0, "unknown"};
}

}  // namespace suanli
