// One library's GEMM over a GemmMatrices: prepared when constructed, multiplying in run().
// Internal to kernels/dense; the library headers stay in the backend's .cpp.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "core/precision.hpp"

namespace suanli::kernels::dense {

class GemmMatrices;

class GemmBackend {
 public:
  virtual ~GemmBackend() = default;
  virtual void run() = 0;                     // C = A·B
  virtual std::string library() const = 0;  // "BLIS 0.9.0 dgemm skx (OpenMP)"
};

// FP64 (dgemm) and FP32 (sgemm) go to the dense BLAS engine (blas_engine.hpp); the others to oneDNN.
bool blas_has_gemm(Precision p);
// OpenBLAS's cblas_?gemm. Needs no preparation.
std::unique_ptr<GemmBackend> make_openblas_gemm(GemmMatrices& matrices);
// BLIS's bli_?gemm_ex; starts BLIS if nothing has.
std::unique_ptr<GemmBackend> make_blis_gemm(GemmMatrices& matrices);
// oneDNN's dnnl_sgemm, FP32 only (`suanli gemm`'s FP32 default where onednn_sgemm_is_default).
std::unique_ptr<GemmBackend> make_onednn_sgemm(GemmMatrices& matrices);

// oneDNN's matmul primitive: BF16, FP16 (→ FP32) and INT8 (u8·s8 → s32).
// Why oneDNN cannot multiply in p on this CPU (no implementation, or only its unoptimised
// reference one); nullopt when it can.
std::optional<std::string> onednn_gemm_unavailable(Precision p);
// Creates the primitive, reorders B into the layout it chose; `matrices` must outlive the backend.
std::unique_ptr<GemmBackend> make_onednn_gemm(GemmMatrices& matrices);
// oneDNN's packed copy of B plus its scratchpad for this shape, in bytes.
std::size_t onednn_gemm_workspace_bytes(Precision p, std::size_t m, std::size_t n, std::size_t k);

}  // namespace suanli::kernels::dense
