// FP32 GEMM through oneDNN's BLAS-like dnnl_sgemm: on CPUs with AVX-512 its JIT kernels multiply
// large products faster than BLIS's skx sgemm (blas_engine.hpp, onednn_sgemm_is_default). Unlike the
// matmul primitive of gemm_onednn.cpp, B is not packed ahead: the call packs as a BLAS does, so the
// figure compares with BLIS's and OpenBLAS's sgemm on the same terms.
#include <oneapi/dnnl/dnnl.h>

#include <stdexcept>
#include <string>

#include "kernels/dense/gemm_backend.hpp"
#include "kernels/dense/gemm_matrices.hpp"
#include "kernels/dense/onednn_version.hpp"

namespace suanli::kernels::dense {
namespace {

std::string isa_name(dnnl_cpu_isa_t isa) {
  switch (isa) {
    case dnnl_cpu_isa_avx2: return "avx2";
    case dnnl_cpu_isa_avx512_core: return "avx512_core";
    case dnnl_cpu_isa_avx512_core_vnni: return "avx512_core_vnni";
    case dnnl_cpu_isa_avx512_core_bf16: return "avx512_core_bf16";
    case dnnl_cpu_isa_avx512_core_amx: return "avx512_core_amx";
    default: return "isa " + std::to_string(static_cast<int>(isa));
  }
}

class OnednnSgemm final : public GemmBackend {
 public:
  explicit OnednnSgemm(GemmMatrices& matrices) : x_(matrices) {
    if (x_.precision() != Precision::fp32) throw std::invalid_argument("oneDNN's sgemm multiplies FP32 only");
  }

  void run() override {
    // Row-major (dnnl_sgemm's convention), no transposes, alpha = 1, beta = 0.
    const auto m = static_cast<dnnl_dim_t>(x_.m()), n = static_cast<dnnl_dim_t>(x_.n()),
               k = static_cast<dnnl_dim_t>(x_.k());
    const dnnl_status_t status =
        dnnl_sgemm('N', 'N', m, n, k, 1.0f, x_.a<float>(), k, x_.b<float>(), n, 0.0f, x_.c<float>(), n);
    if (status != dnnl_success) throw std::runtime_error("dnnl_sgemm failed with status " + std::to_string(status));
  }

  std::string library() const override {
    return onednn_version() + " sgemm " + isa_name(dnnl_get_effective_cpu_isa()) + " (OpenMP)";
  }

 private:
  GemmMatrices& x_;
};

}  // namespace

std::unique_ptr<GemmBackend> make_onednn_sgemm(GemmMatrices& matrices) { return std::make_unique<OnednnSgemm>(matrices); }

}  // namespace suanli::kernels::dense
