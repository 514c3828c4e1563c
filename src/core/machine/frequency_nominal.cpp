// Nominal frequency and the choice of the frequency Rpeak is computed from.
#include <charconv>
#include <regex>
#include <string>

#include "core/machine/frequency.hpp"
#include "core/machine/sysfs.hpp"

namespace suanli {

double frequency_from_model_name(std::string_view model_name) {
  static const std::regex pattern(R"(@\s*([0-9]+(\.[0-9]+)?)\s*GHz)");
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_search(model_name.begin(), model_name.end(), match, pattern)) return 0;
  return std::stod(match[1].str()) * 1e9;
}

double frequency_from_cpuinfo_mhz(std::string_view cpuinfo) {
  static const std::regex pattern(R"(cpu MHz\s*:\s*([0-9]+(\.[0-9]+)?))");
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_search(cpuinfo.begin(), cpuinfo.end(), match, pattern)) return 0;
  return std::stod(match[1].str()) * 1e6;
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
