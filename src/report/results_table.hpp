// The results of a run as the terminal shows them: one row per Result,
// values with SI prefixes beside Rpeak and efficiency, and the verification.
#pragma once

#include <string>

#include "core/result.hpp"

namespace suanli {

std::string render_results_table(const std::vector<Result>& results);
// A unit as the table prints it after an SI prefix: "FLOP/s" -> "FLOPS".
std::string display_unit(const std::string& unit);

}  // namespace suanli
