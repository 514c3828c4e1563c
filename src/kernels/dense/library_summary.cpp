#include "kernels/dense/library_summary.hpp"

#include <fmt/format.h>

#include "kernels/dense/blas_engine.hpp"
#include "kernels/dense/onednn_version.hpp"

namespace suanli::kernels::dense {

std::vector<LibraryLine> dense_library_summary(const CpuFeatures& features) {
  const BlasChoice& choice = this_machine_blas_choice();
  const BlasEngine other = choice.engine == BlasEngine::blis ? BlasEngine::openblas : BlasEngine::blis;
  std::vector<LibraryLine> lines;
  lines.push_back({"Dense BLAS", fmt::format("{}: {}; --blas {} gives {}", blas_library(choice.engine, ""),
                                             choice.engine_reason, blas_engine_key(other),
                                             other == BlasEngine::openblas
                                                 ? blas_library(other, "")
                                                 : fmt::format("BLIS {} kernels", blis_config_name(choice.blis_config)))});
  if (onednn_sgemm_is_default(features, choice))
    lines.push_back({"FP32 GEMM", fmt::format("{} sgemm in `suanli gemm`: {}; the LU and transformer use the "
                                              "dense BLAS",
                                              onednn_version(), onednn_sgemm_reason)});
  else
    lines.push_back({"FP32 GEMM", "the dense BLAS"});
  return lines;
}

}  // namespace suanli::kernels::dense
