// FLOP (or integer OP) per cycle per core for each precision: the table Rpeak
// is computed from. Sources and the reasoning for each row: docs/rpeak.md.
#pragma once

#include <string_view>
#include <vector>

#include "core/machine/machine.hpp"

namespace suanli {

// One PeakEntry per precision, in all_precisions order, with flops_per_cycle,
// native and instruction filled (rpeak_core and rpeak_node left 0). Pure: the
// same arguments give the same entries on any machine. A precision is taken from
//   1. the microarchitecture's row whose required feature is usable here, else
//   2. a figure derived from the features alone (2 FMA units of the widest vector
//      width: right for the server cores, an upper bound for client cores), else
//   3. for the float formats without hardware support, the FP32 row: the figure of
//      converting to FP32 and computing there (native = false).
std::vector<PeakEntry> flops_per_cycle_table(std::string_view microarchitecture, const CpuFeatures& features);

}  // namespace suanli
