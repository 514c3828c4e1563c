// The centre profile: from the measured figures, which kind of computing centre
// (HPC, AI, cloud) this machine or cluster suits, and its bottleneck — by rules
// that are data (data/centre_rules.csv, embedded at build time; docs/profile.md),
// each a bound on an indicator computed from the report.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace suanli {

struct CentreRule {
  std::string centre;     // hpc, ai, cloud, or bottleneck
  std::string indicator;  // a name of indicator_names()
  double at_least, at_most;  // NaN: open
  int points = 0;
  std::string text;
};

std::string_view centre_rules_csv();
// Throws std::runtime_error naming the line for an unknown indicator or centre.
std::vector<CentreRule> parse_centre_rules(std::string_view csv);
const std::vector<CentreRule>& centre_rules();

// The indicators the rules may name: what each is, and its unit ("" for a ratio).
struct IndicatorInfo {
  std::string description, unit;
};
const std::map<std::string, IndicatorInfo>& indicator_names();
// Those the report lets us compute (a benchmark not run, or failed, leaves its out).
std::map<std::string, double> indicators(const nlohmann::json& report);

struct FiredRule {
  const CentreRule* rule;
  double value;
};

struct CentreProfile {
  std::map<std::string, double> indicators;
  std::map<std::string, int> score, possible;  // per centre: points fired, points of rules that could be judged
  std::vector<FiredRule> fired;                // centre rules that fired
  std::vector<FiredRule> bottlenecks;
  // The centres with the largest share of their judged points (several on a tie); empty when none could be judged.
  std::vector<std::string> best;
};

CentreProfile profile(const nlohmann::json& report, const std::vector<CentreRule>& rules);

}  // namespace suanli
