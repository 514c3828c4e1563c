// HPL-MxP: Ax = b to FP64 accuracy with an FP32 LU (no pivoting, diagonally dominant A) as the
// preconditioner of FP64 restarted GMRES or iterative refinement (solvers/mixed_precision, docs/mxp.md). The LU is
// HPL's distributed LU (solvers/lu) in FP32. n, NB and the grid are chosen as for hpl.
// Rate = (2/3·n³ + 3/2·n²) / (convert + factor + refine); the backward error must be ≤ 16 within
// --max-iter iterations.
#include <omp.h>

#include <algorithm>

#include <fmt/format.h>

#include "core/error.hpp"
#include "harness/benchmark.hpp"
#include "harness/progress.hpp"
#include "harness/dense_system_size.hpp"
#include "harness/common_options.hpp"
#include "harness/rpeak_share.hpp"
#include "kernels/dense/blas_engine.hpp"
#include "kernels/dense/lu_bf16_update.hpp"
#include "par/process_grid.hpp"
#include "solvers/lu/lu_solver.hpp"
#include "solvers/mixed_precision/mxp_solver.hpp"

namespace suanli {
namespace {

namespace lu = solvers::lu;
namespace mp = solvers::mixed_precision;

// The FP32 factors (4 bytes an entry) and the FP64 copy of A the refinement multiplies with (8).
constexpr double element_bytes = 4.0 + 8.0;
constexpr long quick_n = 6000;

struct MxpPlan {
  mp::MxpOptions mxp;
  int threads = 1;
  bool bf16 = false;  // --precision bf16: the trailing updates' operands in BF16
  int hpl_nb = 0;     // NB of the FP64 HPL that --compare-hpl runs: HPL's own default, or --nb
};

// NB of the BF16 factorization when --nb is not given: the BF16 update's tiles (lu_bf16_update.cpp)
// multiply faster with k = 256 than with HPL's 192 on AVX512_BF16 (docs/mxp.md), and the FP32
// panel, which grows with NB, stays a small share.
constexpr int bf16_default_nb = 256;

// Below this NB the rank-NB updates are too thin for BLAS-3 speed: said in the result.
constexpr int small_nb = 32;

MxpPlan plan_for(const RunContext& ctx) {
  MxpPlan plan;
  plan.threads = omp_get_max_threads();
  const std::string precision = ctx.options.text("precision").value_or("fp32");
  if (precision != "fp32" && precision != "bf16" && precision != "fp16")
    throw UsageError(
        fmt::format("--precision: expected fp32, bf16 or fp16 (the factorization precision), got '{}'", precision));
  plan.bf16 = precision == "bf16";
  if (plan.bf16) plan.mxp.lu.update_precision = lu::UpdatePrecision::bf16;
  const harness::DenseSystemSize size = harness::dense_system_size(ctx, element_bytes, quick_n);
  const long n = size.n;
  plan.hpl_nb = static_cast<int>(std::min<long>(size.nb, size.n));
  const int nb = plan.bf16 && !ctx.options.count("nb") ? static_cast<int>(std::min<long>(bf16_default_nb, size.n)) : size.nb;
  const int p = size.p, q = size.q;
  if (nb > n) throw UsageError(fmt::format("--nb: expected at most n = {}, got {}", n, nb));
  const auto max_iter = ctx.options.count("max-iter").value_or(50);
  if (max_iter < 1) throw UsageError(fmt::format("--max-iter: expected at least 1, got {}", max_iter));
  plan.mxp.lu.n = n;
  plan.mxp.lu.nb = nb;
  plan.mxp.lu.p = p;
  plan.mxp.lu.q = q;
  plan.mxp.max_iterations = static_cast<int>(max_iter);
  const std::string method = ctx.options.text("method").value_or("gmres");
  if (method == "gmres") {
    plan.mxp.method = mp::MxpMethod::gmres;
  } else if (method == "refinement") {
    plan.mxp.method = mp::MxpMethod::refinement;
  } else {
    throw UsageError(fmt::format("--method: expected gmres or refinement, got '{}'", method));
  }
  return plan;
}

std::vector<Result> run_mxp(RunContext& ctx) {
  // FP16 factorization: reported as such, never a figure measured in another precision.
  if (ctx.options.text("precision") == "fp16")
    return {harness::not_native_result(
        "mxp", Precision::fp16,
        ctx.machine.features.avx512_fp16
            ? "suanli factors in FP32 or BF16 only; FP16 trailing updates are not among its kernels"
            : "this CPU has no native FP16 arithmetic (AVX512_FP16); use --precision bf16 or fp32")};
  MxpPlan plan = plan_for(ctx);
  const kernels::dense::BlasEngineScope blas(kernels::dense::blas_engine_or_default(harness::blas_engine_key(ctx.options)));
  harness::Progress progress(ctx, "mxp", "panel");
  plan.mxp.lu.on_panel = [&progress](long done, long total) { progress.update(done, total, lu::work_done(done, total)); };
  const lu::LuOptions& options = plan.mxp.lu;
  const par::ProcessGrid grid(options.p, options.q);
  const mp::MxpResult solved = mp::solve_mxp<float>(grid, plan.mxp);
  const double flops = lu::lu_flops(options.n);
  const double rate = flops / solved.seconds;

  // The precision is the factorization's; the solution is FP64-accurate.
  Result r = harness::single_run_result(
      "mxp", fmt::format("n={} nb={}", options.n, options.nb), plan.bf16 ? Precision::bf16 : Precision::fp32, rate,
      {solved.passed, "backward error ||Ax-b|| / ((||A|| ||x|| + ||b||) n eps64)", solved.backward_error,
       mp::backward_error_threshold});
  // Compared with the FP32 (or BF16) Rpeak of the cores in use: the precision the O(n³) work runs in.
  harness::attach_world_rpeak(r, ctx.world, ctx.machine, plan.bf16 ? Precision::bf16 : Precision::fp32, plan.threads);
  const lu::LuTimes& t = solved.lu_times;
  r.parameters = {
      {"n", static_cast<std::int64_t>(options.n)},
      {"nb", static_cast<std::int64_t>(options.nb)},
      {"p", static_cast<std::int64_t>(options.p)},
      {"q", static_cast<std::int64_t>(options.q)},
      {"method", std::string(plan.mxp.method == mp::MxpMethod::gmres ? "gmres" : "refinement")},
      {"max_iter", static_cast<std::int64_t>(plan.mxp.max_iterations)},
      {"iterations", static_cast<std::int64_t>(solved.iterations)},
      {"threads_per_rank", static_cast<std::int64_t>(plan.threads)},
      {"seconds", solved.seconds},
      {"lu_rate", flops / solved.times.factor},
      {"convert_seconds", solved.times.convert},
      {"factor_seconds", solved.times.factor},
      {"refine_seconds", solved.times.refine},
      {"panel_seconds", ctx.world.max(t.panel)},
      {"broadcast_seconds", ctx.world.max(t.broadcast)},
      {"swap_seconds", ctx.world.max(t.swap)},
      {"update_seconds", ctx.world.max(t.update)},
  };
  kernels::dense::record_dense_blas(r, kernels::dense::active_blas_engine(), ctx.machine.features);
  // oneDNN's kernel for the BF16 update tiles: a fallback (gemm:jit) would explain a low rate.
  if (plan.bf16) r.parameters.push_back({"bf16_update_kernel", kernels::dense::lu_bf16::implementation(options.nb)});
  if (options.nb < small_nb)
    r.notes.push_back(fmt::format("NB = {} is below {}: the panel factorisation (BLAS-2, bound by memory) takes most of "
                                  "the time, so the rate is far below that of NB 128-256",
                                  options.nb, small_nb));
  if (!ctx.options.flag("compare-hpl")) return {r};

  // FP64 HPL at the same n and grid, in the same run, at its own NB: HPL's random matrix, pivoting.
  lu::LuOptions hpl_options = options;
  hpl_options.matrix = lu::MatrixKind::random;
  hpl_options.pivoting = true;
  hpl_options.update_precision = lu::UpdatePrecision::same;
  hpl_options.nb = plan.hpl_nb;
  const lu::LuResult hpl = lu::solve_lu<double>(grid, hpl_options);
  const double hpl_rate = flops / hpl.seconds;
  Result h = harness::single_run_result(
      "mxp", fmt::format("fp64 hpl n={} nb={}", options.n, hpl_options.nb), Precision::fp64, hpl_rate,
      {hpl.passed, "scaled residual ||Ax-b|| / (eps (||A|| ||x|| + ||b||) n)", hpl.scaled_residual,
       lu::residual_threshold});
  harness::attach_world_rpeak(h, ctx.world, ctx.machine, Precision::fp64, plan.threads);
  h.parameters = {{"seconds", hpl.seconds}, {"nb", static_cast<std::int64_t>(hpl_options.nb)}};
  kernels::dense::record_dense_blas(h, kernels::dense::active_blas_engine(), ctx.machine.features);
  r.parameters.push_back({"hpl_fp64_rate", hpl_rate});
  r.parameters.push_back({"speedup_over_hpl", rate / hpl_rate});
  return {r, h};
}

BenchmarkDescriptor describe_mxp() {
  return {
      .name = "mxp",
      .summary = "HPL-MxP: FP32 LU (no pivoting) preconditioning FP64 GMRES to HPL accuracy",
      .centre = Centre::ai,
      .run_order = 45,
      .profiles = {Profile::quick, Profile::ai, Profile::full},
      .options =
          {
              {"n", OptionType::count, "matrix order (default: quick 6000, else --mem-fraction of memory)", "N"},
              {"nb", OptionType::count, "block size (default 192 with AVX2/AVX-512, else 128; bf16: 256)", "NB"},
              {"p", OptionType::count, "process rows (default: as square as possible, P <= Q)", "P"},
              {"q", OptionType::count, "process columns", "Q"},
              {"mem-fraction", OptionType::real, "share of memory for the matrix when n is derived (default 0.8)", "F"},
              {"method", OptionType::text, "FP64 method: gmres (restarted, default) or refinement", "NAME"},
              {"max-iter", OptionType::count, "preconditioner solves allowed before the run fails (default 50)", "K"},
              {"precision", OptionType::text, "factorization precision: fp32 (default), bf16 (BF16 updates), fp16 (where native)", "NAME"},
              {"compare-hpl", OptionType::flag, "also run FP64 HPL at the same n and grid (its own default NB, or --nb); report the speedup", ""},
              harness::blas_option(),
          },
      .run = run_mxp,
  };
}

const Registrar registered{describe_mxp()};

}  // namespace
}  // namespace suanli
