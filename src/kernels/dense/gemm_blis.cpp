// FP64 and FP32 GEMM through BLIS's typed API (blis_calls.hpp; the engine rule in blas_engine.hpp).
#include "kernels/dense/blas_engine.hpp"
#include "kernels/dense/blis_calls.hpp"
#include "kernels/dense/blis_runtime.hpp"
#include "kernels/dense/gemm_backend.hpp"
#include "kernels/dense/gemm_matrices.hpp"

namespace suanli::kernels::dense {
namespace {

class BlisGemm final : public GemmBackend {
 public:
  explicit BlisGemm(GemmMatrices& matrices) : x_(matrices) { start_blis(this_machine_blas_choice().blis_config); }

  void run() override {
    // Row-major (rs = ld, cs = 1), no transposes, alpha = 1, beta = 0: BLIS does not read C when beta is 0.
    const long m = static_cast<long>(x_.m()), n = static_cast<long>(x_.n()), k = static_cast<long>(x_.k());
    if (x_.precision() == Precision::fp64)
      blis_gemm(false, false, m, n, k, 1.0, x_.a<double>(), {k, 1}, x_.b<double>(), {n, 1}, 0.0, x_.c<double>(),
                {n, 1});
    else
      blis_gemm(false, false, m, n, k, 1.0f, x_.a<float>(), {k, 1}, x_.b<float>(), {n, 1}, 0.0f, x_.c<float>(), {n, 1});
  }

  std::string library() const override {
    return blas_library(BlasEngine::blis, x_.precision() == Precision::fp64 ? "dgemm" : "sgemm");
  }

 private:
  GemmMatrices& x_;
};

}  // namespace

std::unique_ptr<GemmBackend> make_blis_gemm(GemmMatrices& matrices) { return std::make_unique<BlisGemm>(matrices); }

}  // namespace suanli::kernels::dense
