#include "core/rpeak_guard.hpp"

#include <cmath>

#include <fmt/format.h>

namespace suanli {

RpeakCheck check_against_rpeak(double value, std::optional<double> rpeak) {
  RpeakCheck check;
  if (!rpeak || !(*rpeak > 0) || !std::isfinite(*rpeak) || !std::isfinite(value)) return check;
  check.ratio = value / *rpeak;
  if (check.ratio <= 1) {
    check.standing = RpeakStanding::below;
    check.efficiency = check.ratio;
  } else if (check.ratio <= 1 + rpeak_tolerance) {
    check.standing = RpeakStanding::at_rpeak;
    check.efficiency = 1.0;
  } else {
    check.standing = RpeakStanding::above;
  }
  return check;
}

std::string efficiency_text(const RpeakCheck& check, const std::string& none) {
  switch (check.standing) {
    case RpeakStanding::below: return fmt::format("{:.1f}%", 100 * check.ratio);
    case RpeakStanding::at_rpeak: return "\u2248100%";
    case RpeakStanding::above: return "above Rpeak";
    case RpeakStanding::no_rpeak: break;
  }
  return none;
}

namespace {

std::string ghz(double hz) { return hz > 0 ? fmt::format("{:.2f} GHz", hz / 1e9) : "unknown"; }

}  // namespace

std::string rpeak_model_error_text(const RpeakCheck& check, double rpeak_hz, double held_hz) {
  return fmt::format(
      "model error: the measured rate is {:.1f}% above Rpeak (clock used for Rpeak {}, clock held during the "
      "kernel {}), so no efficiency is given; the clock or the FLOP/cycle table is wrong for this machine",
      100 * (check.ratio - 1), ghz(rpeak_hz), ghz(held_hz));
}

double number_parameter(const Result& r, const char* name) {
  for (const Parameter& p : r.parameters)
    if (p.name == name) {
      if (const double* d = std::get_if<double>(&p.value)) return *d;
      if (const std::int64_t* i = std::get_if<std::int64_t>(&p.value)) return static_cast<double>(*i);
    }
  return 0;
}

std::string rpeak_model_error_text(const Result& r) {
  const RpeakCheck check = check_against_rpeak(r.value, r.rpeak);
  if (check.standing != RpeakStanding::above) return "";
  return rpeak_model_error_text(check, number_parameter(r, rpeak_hz_parameter), number_parameter(r, held_hz_parameter));
}

}  // namespace suanli
