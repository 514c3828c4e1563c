// Published figures of reference systems (data/reference_systems.csv, embedded at
// build time): the TOP500 and HPL-MxP leaders and familiar devices, so that a
// report can say how this machine compares — as ratios, with sources.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace suanli {

struct ReferenceSystem {
  std::string system, site, list, source;
  // FLOP/s; NaN where the figure is not published.
  double rmax_fp64, rpeak_fp64, mxp, rpeak_fp32;
};

// The embedded CSV text, and the table parsed from it (comment lines skipped).
std::string_view reference_systems_csv();
std::vector<ReferenceSystem> parse_reference_systems(std::string_view csv);
const std::vector<ReferenceSystem>& reference_systems();

// One comparison: this run's figure of a kind against a reference system's.
struct ReferenceComparison {
  std::string system, list, source;
  std::string figure;  // "HPL Rmax (FP64)", "FP64 Rpeak", "HPL-MxP", "FP32 Rpeak"
  double reference = 0, measured = 0;
  double ratio() const { return measured / reference; }
};

// Every published figure that this run (its JSON report) has a counterpart for:
// hpl's rate against Rmax, hpl's Rpeak against Rpeak FP64, mxp's rate against
// HPL-MxP, an FP32 result's Rpeak against Rpeak FP32. Verified figures only.
std::vector<ReferenceComparison> compare_with_references(const nlohmann::json& report,
                                                         const std::vector<ReferenceSystem>& systems);

}  // namespace suanli
