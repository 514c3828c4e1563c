#include <climits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/machine/cpuid.hpp"
#include "kernels/dense/blas_engine.hpp"
#include "kernels/dense/gemm.hpp"
#include "kernels/dense/gemm_backend.hpp"
#include "kernels/dense/gemm_matrices.hpp"

namespace suanli::kernels::dense {
namespace {

// The libraries index with 32-bit ints (OpenBLAS's blasint here).
constexpr std::size_t max_dimension = INT_MAX;

void check_dimensions(std::size_t m, std::size_t n, std::size_t k) {
  for (const auto& [name, value] : {std::pair{"m", m}, std::pair{"n", n}, std::pair{"k", k}})
    if (value == 0 || value > max_dimension)
      throw std::invalid_argument(std::string("GEMM dimension ") + name + " = " + std::to_string(value) +
                                  ": expected 1 to " + std::to_string(max_dimension));
  // Byte counts below are products of two dimensions and an element size: keep them in size_t.
  constexpr std::size_t max_elements = std::size_t{1} << 58;
  if (m > max_elements / k || k > max_elements / n || m > max_elements / n)
    throw std::invalid_argument("GEMM of " + std::to_string(m) + "×" + std::to_string(n) + "×" + std::to_string(k) +
                                ": a matrix of more than 2^58 elements");
}

bool has_native_fp16() {
  const CpuFeatures f = decode_cpu_features(read_cpu_identity().leaves);
  return f.avx512_fp16 || f.amx_fp16;
}

}  // namespace

std::string gemm_unsupported_reason(Precision p) {
  switch (p) {
    case Precision::fp64:
    case Precision::fp32: return "";  // BLIS and OpenBLAS have both on every CPU
    case Precision::bf16:
    case Precision::int8: return onednn_gemm_unavailable(p).value_or("");
    case Precision::fp16: {
      // oneDNN may offer an FP16 matmul that converts to FP32 on CPUs without FP16 arithmetic: a
      // figure of the conversion, not of FP16 compute.
      std::string reason;
      if (!has_native_fp16()) reason = "FP16 GEMM needs native FP16 arithmetic (AVX512-FP16 or AMX-FP16), which this CPU lacks";
      if (const auto onednn = onednn_gemm_unavailable(p)) reason += (reason.empty() ? "" : "; ") + *onednn;
      return reason;
    }
    case Precision::tf32:
      return "no TF32 GEMM on CPUs here: BLIS and OpenBLAS have none and oneDNN 2.6's math modes are strict, BF16 and FP16";
    case Precision::fp8:
    case Precision::fp4:
      return std::string("no ") + std::string(precision_label(p)) + " GEMM: none of BLIS, OpenBLAS and oneDNN 2.6 has one";
    case Precision::int32:
      return "no INT32 GEMM: integer GEMM in oneDNN takes 8-bit inputs (INT8) and the BLAS libraries have none";
  }
  return "unknown precision";
}

bool gemm_supported(Precision p) { return gemm_unsupported_reason(p).empty(); }

bool blas_has_gemm(Precision p) { return p == Precision::fp64 || p == Precision::fp32; }

GemmProblem::GemmProblem(Precision precision, std::size_t m, std::size_t n, std::size_t k, std::uint64_t seed,
                         Fp32Library fp32_library)
    : precision_(precision), m_(m), n_(n), k_(k) {
  check_dimensions(m, n, k);
  if (const std::string reason = gemm_unsupported_reason(precision); !reason.empty())
    throw std::invalid_argument(reason);
  matrices_ = std::make_unique<GemmMatrices>(precision, m, n, k, seed);
  if (!blas_has_gemm(precision))
    backend_ = make_onednn_gemm(*matrices_);
  else if (precision == Precision::fp32 && fp32_library == Fp32Library::onednn)
    backend_ = make_onednn_sgemm(*matrices_);
  else if (active_blas_engine() == BlasEngine::blis)
    backend_ = make_blis_gemm(*matrices_);
  else
    backend_ = make_openblas_gemm(*matrices_);
}

GemmProblem::~GemmProblem() = default;
GemmProblem::GemmProblem(GemmProblem&&) noexcept = default;
GemmProblem& GemmProblem::operator=(GemmProblem&&) noexcept = default;

void GemmProblem::run() { backend_->run(); }

double GemmProblem::bytes_moved() const { return static_cast<double>(gemm_matrix_bytes(precision_, m_, n_, k_)); }

std::string GemmProblem::library() const { return backend_->library(); }

std::size_t GemmProblem::memory_bytes(Precision precision, std::size_t m, std::size_t n, std::size_t k) {
  check_dimensions(m, n, k);
  const std::size_t workspace = blas_has_gemm(precision) ? 0 : onednn_gemm_workspace_bytes(precision, m, n, k);
  return gemm_matrix_bytes(precision, m, n, k) + workspace;
}

GemmCheck GemmProblem::verify(std::size_t samples, std::uint64_t seed) const {
  const std::vector<GemmEntry> entries = gemm_sample_entries(m_, n_, samples, seed);
  return check_gemm_entries(*matrices_, entries);
}

double GemmProblem::a(std::size_t i, std::size_t l) const { return matrices_->a_value(i, l); }
double GemmProblem::b(std::size_t l, std::size_t j) const { return matrices_->b_value(l, j); }
double GemmProblem::c(std::size_t i, std::size_t j) const { return matrices_->c_value(i, j); }
void GemmProblem::plant_error(std::size_t i, std::size_t j, double delta) { matrices_->add_to_c(i, j, delta); }

}  // namespace suanli::kernels::dense
