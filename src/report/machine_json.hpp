// The machine as JSON: snake_case keys with the unit in the name (*_bytes,
// *_hz, *_flops), figures that were not measured or are unknown as null.
#pragma once

#include <nlohmann/json.hpp>

#include "core/machine/machine.hpp"

namespace suanli {

nlohmann::json machine_to_json(const Machine& machine);

// The inverse, for `suanli report` on a saved run: keys that are missing or
// null leave the Machine's defaults (0 for a frequency that was not measured).
Machine machine_from_json(const nlohmann::json& json);

}  // namespace suanli
