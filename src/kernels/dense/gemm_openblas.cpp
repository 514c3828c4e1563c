// FP64 and FP32 GEMM through OpenBLAS's CBLAS (the OpenMP build: see docs/gemm.md).
#include <cblas.h>

#include "kernels/dense/blas_engine.hpp"
#include "kernels/dense/gemm_backend.hpp"
#include "kernels/dense/gemm_matrices.hpp"

namespace suanli::kernels::dense {
namespace {

class OpenBlasGemm final : public GemmBackend {
 public:
  explicit OpenBlasGemm(GemmMatrices& matrices) : x_(matrices) {}

  void run() override {
    // Row-major, no transposes, alpha = 1, beta = 0: BLAS does not read C when beta is 0.
    const auto m = static_cast<blasint>(x_.m()), n = static_cast<blasint>(x_.n()), k = static_cast<blasint>(x_.k());
    if (x_.precision() == Precision::fp64)
      cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0, x_.a<double>(), k, x_.b<double>(), n,
                  0.0, x_.c<double>(), n);
    else
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, x_.a<float>(), k, x_.b<float>(), n,
                  0.0f, x_.c<float>(), n);
  }

  std::string library() const override {
    return blas_library(BlasEngine::openblas, x_.precision() == Precision::fp64 ? "dgemm" : "sgemm");
  }

 private:
  GemmMatrices& x_;
};

}  // namespace

std::unique_ptr<GemmBackend> make_openblas_gemm(GemmMatrices& matrices) {
  return std::make_unique<OpenBlasGemm>(matrices);
}

}  // namespace suanli::kernels::dense
