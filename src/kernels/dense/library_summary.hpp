// Which libraries the dense products of this machine run on by default, and why: what `suanli info`
// shows, so that a user sees the engine before running a benchmark (docs/gemm.md has the rule).
#pragma once

#include <string>
#include <vector>

#include "core/machine/machine.hpp"

namespace suanli::kernels::dense {

struct LibraryLine {
  std::string label;  // "FP64 BLAS", "FP32 GEMM"
  std::string text;   // "BLIS 0.9.0 skx (OpenMP): BLIS runs its skx kernels here, ..."
};

// The dense engine (FP64 GEMM/TRSM and the LU's FP32), the FP32 GEMM of `suanli gemm`, and the
// alternative `--blas` offers. Starts BLIS when it is the default, to name the configuration it runs.
std::vector<LibraryLine> dense_library_summary(const CpuFeatures& features);

}  // namespace suanli::kernels::dense
