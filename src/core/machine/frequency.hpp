// Core clock frequency: the nominal figure the system reports, and the one
// measured with a timed chain of dependent integer adds (one per cycle on every
// x86-64 core), alone and beside 256-bit and 512-bit FMA load, since wide
// vector load lowers the clock on many CPUs.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/machine/machine.hpp"

namespace suanli {

// A measured frequency outside this range means the measurement went wrong
// (a folded loop, a stopped VM) and is dropped.
inline constexpr double min_plausible_hz = 0.2e9;
inline constexpr double max_plausible_hz = 10e9;

struct NominalFrequency {
  double hz = 0;       // 0 when nothing reports one
  std::string source;  // e.g. "sysfs cpufreq base_frequency"
};

// In order: <cpufreq_dir>/base_frequency, <cpufreq_dir>/cpuinfo_max_freq, the
// model name's "@ 2.10GHz", /proc/cpuinfo's "cpu MHz" (in a VM often the TSC rate).
NominalFrequency nominal_frequency(const std::filesystem::path& cpufreq_dir, std::string_view model_name,
                                   std::string_view cpuinfo);
NominalFrequency detect_nominal_frequency(std::string_view model_name);

// "Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz" -> 2.4e9; 0 when absent.
double frequency_from_model_name(std::string_view model_name);
// The first "cpu MHz : 2100.000" of /proc/cpuinfo text, in Hz; 0 when absent.
double frequency_from_cpuinfo_mhz(std::string_view cpuinfo);

struct MeasuredFrequency {
  double scalar_hz = 0;  // 0: not measured or implausible
  double avx2_hz = 0;    // measured only with AVX2 and FMA
  double avx512_hz = 0;  // measured only with AVX-512F
};

// About 55 ms per measured load on the calling thread: a few ms of warm-up and
// calibration, then the best of 5 runs of 10 ms; before the first, a 50 ms ramp
// of the scalar chain, so that a core woken from idle has reached the clock it
// holds under load before it is timed.
MeasuredFrequency measure_core_frequency(const CpuFeatures& features);

// The vector load beside the chain, for measuring one kernel's clock.
enum class FrequencyLoad { scalar, avx2, avx512 };

// One load only, about 55 ms on the calling thread, no ramp (for use right
// after a kernel, while the core still holds its clock); 0 when the CPU lacks
// the load's instructions or the figure is implausible.
double measure_frequency_under(FrequencyLoad load, const CpuFeatures& features);

struct RpeakFrequency {
  double hz = 0;
  std::string source;
};

// The measured frequency under the widest vector load measured (AVX-512, AVX2,
// scalar), else the nominal one.
RpeakFrequency choose_rpeak_frequency(const MeasuredFrequency& measured, const NominalFrequency& nominal);

}  // namespace suanli
