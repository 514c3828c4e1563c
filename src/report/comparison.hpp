// Two runs side by side: every figure both reports have (same benchmark, metric
// and precision), the ratio of the second to the first, and a flag where the
// change is larger than the runs' own variation.
//
// The variation a figure is allowed: twice the larger coefficient of variation of
// its trials in either run, and never less than 5%; a figure from a single sample
// (no CV) is allowed 10%, what these shared machines vary by from run to run. A
// change beyond that is an improvement or a regression by the unit's direction:
// rates (FLOP/s, B/s, req/s, …) are better higher, times (unit "s") lower.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace suanli {

enum class Change { within_noise, improvement, regression, not_comparable };

struct ComparedFigure {
  std::string name;  // "stream triad (fp64)"
  std::string unit;
  double first = 0, second = 0;
  double ratio = 0;    // second / first
  double allowed = 0;  // the relative change the runs' variation allows
  Change change = Change::within_noise;
};

std::vector<ComparedFigure> compare_reports(const nlohmann::json& first, const nlohmann::json& second);

// The terminal table: figure, both values, ratio, verdict; then a count of the flags.
std::string render_comparison(const std::vector<ComparedFigure>& figures, const std::string& first_label,
                              const std::string& second_label);

}  // namespace suanli
