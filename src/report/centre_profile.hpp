// The centre profile: from the measured figures, which kind of computing centre
// (HPC, AI, cloud) this machine or cluster suits, and its bottleneck — by rules
// that are data (data/centre_rules.csv, embedded at build time; docs/profile.md),
// each a bound on an indicator computed from the report.
#pragma once

#include <limits>
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

// How far a figure from a benchmark's trials can be trusted, as a relative uncertainty.
// From three trials on: max(2 x 1.4826 x MAD / median, 5%), a spread of the median that one
// outlier trial does not inflate (1.4826 x MAD estimates the standard deviation of normal noise).
// With two trials, or a report written before MAD was recorded: max(2 x CV, 5%).
// 15% when there was only one trial (a spread of one sample is no spread).
inline constexpr double minimum_uncertainty = 0.05;
inline constexpr double single_sample_uncertainty = 0.15;
inline constexpr double mad_to_standard_deviation = 1.4826;
double relative_uncertainty(int samples, double cv, double relative_mad = std::numeric_limits<double>::quiet_NaN());

// An indicator, computed from the medians of the trials (not the best trial), so that one lucky or
// unlucky sample does not move it; its uncertainty is its figures' (summed for a ratio of two).
struct Indicator {
  double value = 0;
  double uncertainty = 0;  // relative
  int samples = 0;         // the fewest trials behind any of its figures
};

struct Indicators {
  std::map<std::string, Indicator> values;  // those the report lets us compute
  // Indicators whose figures were measured but are not fit to judge by, and why
  // (a STREAM Triad from cache-sized arrays, a missing FP64 Rpeak).
  std::map<std::string, std::string> left_out;
};
// A benchmark not run, or failed, leaves its indicators out.
Indicators indicators(const nlohmann::json& report);

struct FiredRule {
  const CentreRule* rule;
  double value;
};

struct UndecidedRule {
  const CentreRule* rule;
  double value;
  double margin;       // relative distance of the value from the rule's nearest bound
  double uncertainty;  // of the value; margin <= uncertainty: noise could put it on either side
};

// The verdict: the centres with the largest share of the points of their measured rules (an
// undecided rule's points are possible but not earned). A tie is stated, not
// broken: every centre with the largest share is listed, always in the order HPC, AI, cloud
// ("HPC and cloud equally"). Shares are compared exactly (score_a x possible_b against score_b x
// possible_a), so 1 of 3 and 2 of 6 tie.
struct CentreProfile {
  Indicators indicators;
  std::map<std::string, int> score, possible;  // per centre: points fired, points of the rules measured
  std::vector<FiredRule> fired;                // centre rules that fired
  std::vector<FiredRule> bottlenecks;
  // Rules whose indicator lies within its uncertainty of a bound: judged neither way. Their points
  // are possible but never earned, so noise cannot swing the verdict through them, nor leave a
  // centre to be judged on its one decided rule.
  std::vector<UndecidedRule> undecided;
  // The centres with the largest share of their measured points (several on a tie, in the order hpc, ai,
  // cloud); empty when none could be judged or no centre's rule fired.
  std::vector<std::string> best;
};

CentreProfile profile(const nlohmann::json& report, const std::vector<CentreRule>& rules);

}  // namespace suanli
