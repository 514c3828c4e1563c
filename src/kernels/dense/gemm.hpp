// Dense matrix multiply C = A·B through the vendor libraries: the kernel layer of `suanli gemm`.
//
//   precision  A (m×k)  B (k×n)  C (m×n)  library call
//   FP64       f64      f64      f64      the dense engine (blas_engine.hpp): BLIS bli_dgemm_ex or OpenBLAS cblas_dgemm
//   FP32       f32      f32      f32      the dense engine: BLIS bli_sgemm_ex or OpenBLAS cblas_sgemm;
//                                         or oneDNN dnnl_sgemm (Fp32Library::onednn)
//   BF16       bf16     bf16     f32      oneDNN matmul primitive
//   FP16       f16      f16      f32      oneDNN matmul primitive, only on CPUs with native FP16
//   INT8       u8       s8       s32      oneDNN matmul primitive
//
// Matrices are dense and row-major (lda = k, ldb = n, ldc = n). The libraries run on OpenMP: a call
// uses omp_get_max_threads() threads of the calling process. Cost model (docs/gemm.md):
//   flops()       = 2·m·n·k            (m·n·k multiplies and as many adds; OP for INT8)
//   bytes_moved() = m·k·|a| + k·n·|b| + m·n·|c|   (each matrix once: the least traffic there is)
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/precision.hpp"
#include "kernels/dense/gemm_check.hpp"

namespace suanli::kernels::dense {

// Whether this build and CPU multiply in precision p with an optimised library kernel.
bool gemm_supported(Precision p);
// Why not, in one sentence ("FP16 GEMM needs native FP16 arithmetic ..."); empty when supported.
std::string gemm_unsupported_reason(Precision p);

class GemmMatrices;
class GemmBackend;

// Where an FP32 product goes: the dense engine active when the problem is made, or oneDNN's sgemm.
enum class Fp32Library { dense_engine, onednn };

class GemmProblem {
 public:
  // Allocates A, B, C (64-byte aligned, first touched by the OpenMP threads), fills A and B from
  // `seed` (the same values for a seed on any thread count; FP: uniform in [-1, 1] rounded to the
  // element type; INT8: A in [0, 255] (with VNNI; [0, 127] without, where the u8·s8 pair sums
  // saturate at 16 bits), B in [-128, 127]) and prepares the library call: oneDNN's primitive is
  // created and B reordered into its packed layout here, so run() is the multiply alone. FP64/FP32 go
  // to the engine active when the problem is made (active_blas_engine()); FP32 to oneDNN's sgemm
  // instead when fp32_library says so.
  // Throws std::invalid_argument for an unsupported precision or a dimension that is 0 or beyond
  // what the library indexes (2^31 − 1), std::bad_alloc when the memory is not there.
  GemmProblem(Precision precision, std::size_t m, std::size_t n, std::size_t k, std::uint64_t seed,
              Fp32Library fp32_library = Fp32Library::dense_engine);
  ~GemmProblem();
  GemmProblem(GemmProblem&&) noexcept;
  GemmProblem& operator=(GemmProblem&&) noexcept;

  // C = A·B. Allocates nothing; the timed operation.
  void run();

  Precision precision() const { return precision_; }
  std::size_t m() const { return m_; }
  std::size_t n() const { return n_; }
  std::size_t k() const { return k_; }

  // 2·m·n·k: a multiply and an add per term of each of the m·n dot products of length k.
  double flops() const { return 2.0 * static_cast<double>(m_) * static_cast<double>(n_) * static_cast<double>(k_); }
  // Size of A + B + C in their element sizes: each matrix read or written once, the minimum
  // memory traffic; flops() / bytes_moved() is the arithmetic intensity the roofline plots.
  double bytes_moved() const;
  // Library, version and kernel: "BLIS 0.9.0 dgemm skx (OpenMP)", "OpenBLAS 0.3.21 dgemm Haswell (OpenMP)",
  // "oneDNN 2.6.3 matmul brg:avx512_core_bf16".
  std::string library() const;

  // Bytes a problem of this shape holds: A + B + C plus the library's own copies (oneDNN's packed
  // B and scratchpad). For the caller's "does it fit" check before constructing one.
  static std::size_t memory_bytes(Precision precision, std::size_t m, std::size_t n, std::size_t k);

  // Recomputes `samples` entries of C from A and B in higher precision and compares (the bound is
  // in gemm_check.hpp): the four corners, the centre, then entries drawn from `seed`; every entry
  // when samples ≥ m·n. OpenMP-parallel over the entries.
  GemmCheck verify(std::size_t samples, std::uint64_t seed) const;

  // The stored elements, exactly, as doubles: for tests and for reporting a wrong entry.
  double a(std::size_t i, std::size_t l) const;
  double b(std::size_t l, std::size_t j) const;
  double c(std::size_t i, std::size_t j) const;
  // Adds delta to C(i, j) (rounded into C's element type): lets a test show verify() catches it.
  void plant_error(std::size_t i, std::size_t j, double delta);

 private:
  Precision precision_;
  std::size_t m_, n_, k_;
  std::unique_ptr<GemmMatrices> matrices_;
  std::unique_ptr<GemmBackend> backend_;  // points into *matrices_, which a move keeps in place
};

}  // namespace suanli::kernels::dense
