// The guard between a measured rate and its Rpeak. Rpeak is an upper bound by
// construction, so a rate above it says the peak model is wrong (a clock that
// was not the one the cores ran at, or a FLOP/cycle figure): such a rate is a
// model error with the clocks involved, never an efficiency above 100%.
// Reporters (table, JSON, HTML, `units`) all read it from here.
#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"

namespace suanli {

// Timing noise: a rate up to 2% above Rpeak is read as Rpeak reached ("≈100%").
inline constexpr double rpeak_tolerance = 0.02;

enum class RpeakStanding {
  no_rpeak,  // no Rpeak for this figure (or a value that is not a number)
  below,     // efficiency = value / Rpeak, at most 1
  at_rpeak,  // above Rpeak by no more than rpeak_tolerance: efficiency capped at 1, shown "≈100%"
  above,     // above by more than rpeak_tolerance: a model error, no efficiency
};

struct RpeakCheck {
  RpeakStanding standing = RpeakStanding::no_rpeak;
  double ratio = 0;                  // value / Rpeak, unclamped (0 without Rpeak)
  std::optional<double> efficiency;  // what may be shown as an efficiency; unset without Rpeak or when above
};

RpeakCheck check_against_rpeak(double value, std::optional<double> rpeak);

// "97.3%", "≈100%", "above Rpeak", or `none` without Rpeak.
std::string efficiency_text(const RpeakCheck& check, const std::string& none = "-");

// Per-result parameters: the clock the result's Rpeak was computed at (harness/rpeak_clock
// stamps it), and (peak only) the highest clock the cores held beside the kernel.
inline constexpr const char* rpeak_hz_parameter = "rpeak_hz";
inline constexpr const char* held_hz_parameter = "frequency_held_hz";

// A number-valued parameter of r, 0 when absent.
double number_parameter(const Result& r, const char* name);

// One line for a rate above Rpeak: by how much, and the clock Rpeak used beside the clock the cores
// held during the measurement (either 0 when not known).
std::string rpeak_model_error_text(const RpeakCheck& check, double rpeak_hz, double held_hz);
// The same for a result, with its clocks from its parameters; "" unless it is above Rpeak.
std::string rpeak_model_error_text(const Result& r);

}  // namespace suanli
