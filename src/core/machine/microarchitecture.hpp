// The core microarchitecture from cpuid's vendor, family and model: what the
// FLOP/cycle table is keyed by.
#pragma once

#include <string>
#include <string_view>

namespace suanli {

// "zen3", "zen4", "zen5", "haswell", "broadwell", "skylake-sp" (also Cascade Lake
// and Cooper Lake), "icelake-sp", "sapphirerapids", "emeraldrapids",
// "graniterapids", or "unknown" for anything else (client cores included).
std::string microarchitecture_name(std::string_view vendor, int family, int model);

}  // namespace suanli
