#include "core/result.hpp"

#include <fmt/format.h>

#include "core/units.hpp"

namespace suanli {

std::string_view roofline_role_key(RooflineRole role) {
  switch (role) {
    case RooflineRole::none: return "none";
    case RooflineRole::compute_roof: return "compute_roof";
    case RooflineRole::memory_roof: return "memory_roof";
    case RooflineRole::point: return "point";
  }
  return "none";
}

bool Report::all_verified() const {
  for (const Result& r : results)
    if (!r.verification.passed) return false;
  return true;
}

std::string parameter_text(const ParameterValue& value) {
  struct Visitor {
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return format_3sig(d); }
    std::string operator()(const std::string& s) const { return s; }
  };
  return std::visit(Visitor{}, value);
}

}  // namespace suanli
