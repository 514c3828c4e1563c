// The report as JSON, schema "suanli/1": snake_case keys, units in the
// schema (unit fields and *_bytes / *_hz / *_flops key suffixes), NaN and Inf as null.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/result.hpp"

namespace suanli {

nlohmann::json result_to_json(const Result& result);
nlohmann::json report_to_json(const Report& report);
// A finite number, or null.
nlohmann::json number_or_null(double value);

// Writes the report_to_json document atomically (temp file + rename).
void write_report_json(const nlohmann::json& document, const std::string& path);

}  // namespace suanli
