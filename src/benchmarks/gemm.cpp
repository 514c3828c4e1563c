// GEMM: what the vendor libraries reach — BLIS or OpenBLAS dgemm/sgemm, oneDNN BF16 and
// INT8 matmul — over square sizes and transformer-shaped products, each answer
// checked on sampled entries against a higher-precision recomputation.
// FLOP = 2·m·n·k; arithmetic intensity = FLOP / (|A| + |B| + |C| bytes).
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/units.hpp"
#include "harness/benchmark.hpp"
#include "harness/common_options.hpp"
#include "harness/rpeak_share.hpp"
#include "harness/trials.hpp"
#include "kernels/dense/blas_engine.hpp"
#include "kernels/dense/gemm.hpp"
#include "kernels/peak/peak_kernels.hpp"
#include "par/affinity.hpp"

namespace suanli {
namespace {

namespace kd = kernels::dense;
namespace kp = kernels::peak;

const std::vector<Precision> default_precisions = {Precision::fp64, Precision::fp32, Precision::bf16,
                                                   Precision::fp16, Precision::int8};

struct Shape {
  std::size_t m = 0, n = 0, k = 0;
  std::string label;  // "2048" for a square, "512x3072x768" otherwise
};

// Transformer layer products (tokens × out × in), forward pass: the QKV and
// FFN projections of GPT-2 small (d = 768, FFN 3072) and a LLaMA-7B layer
// (d = 4096, FFN 11008), 512 tokens.
const std::vector<Shape> transformer_shapes = {
    {512, 2304, 768, "512x2304x768 (gpt2 qkv)"},   {512, 3072, 768, "512x3072x768 (gpt2 ffn up)"},
    {512, 768, 3072, "512x768x3072 (gpt2 ffn down)"}, {512, 11008, 4096, "512x11008x4096 (llama-7b ffn up)"},
};

struct GemmPlan {
  std::vector<Precision> precisions;
  std::vector<Shape> shapes;  // fixed list (--sizes/--shapes or quick); empty: sweep squares
  bool sweep = false;
  double max_seconds = 0;  // sweep: stop before a size whose one multiply would take longer
  int threads = 1;
  int trials = 3;
  std::size_t samples = 256;
  kd::Fp32Library fp32_library = kd::Fp32Library::dense_engine;  // oneDNN's sgemm where the rule says
};

Shape square(std::size_t n) { return {n, n, n, std::to_string(n)}; }

std::vector<Shape> parse_sizes(const std::string& text) {
  std::vector<Shape> shapes;
  std::stringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) {
    auto n = parse_positive_count(item);
    if (!n || *n > (1u << 20))
      throw UsageError(fmt::format("--sizes: expected square sizes such as 1024,2048 (1 … 1048576), got '{}'", item));
    shapes.push_back(square(*n));
  }
  if (shapes.empty()) throw UsageError("--sizes: expected at least one size, e.g. 2048");
  return shapes;
}

std::vector<Shape> parse_shapes(const std::string& text) {
  std::vector<Shape> shapes;
  std::stringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) {
    Shape s;
    char x1 = 0, x2 = 0;
    std::istringstream in(item);
    if (!(in >> s.m >> x1 >> s.n >> x2 >> s.k) || x1 != 'x' || x2 != 'x' || !in.eof() || !s.m || !s.n || !s.k)
      throw UsageError(fmt::format("--shapes: expected MxNxK[,MxNxK…] such as 512x3072x768, got '{}'", item));
    s.label = item;
    shapes.push_back(s);
  }
  return shapes;
}

GemmPlan plan_for(const RunContext& ctx) {
  GemmPlan plan;
  plan.precisions = harness::precision_list(ctx.options, "precision", default_precisions);
  plan.threads = harness::thread_count(ctx);
  const bool quick = ctx.profile == Profile::quick;
  plan.trials = static_cast<int>(ctx.options.count("trials").value_or(3));
  plan.samples = ctx.options.count("samples").value_or(256);
  plan.max_seconds = ctx.options.real("max-seconds").value_or(quick ? 0.5 : 3.0);
  if (auto sizes = ctx.options.text("sizes")) plan.shapes = parse_sizes(*sizes);
  if (auto shapes = ctx.options.text("shapes")) {
    auto more = parse_shapes(*shapes);
    plan.shapes.insert(plan.shapes.end(), more.begin(), more.end());
  }
  if (plan.shapes.empty()) {
    if (quick) {
      plan.shapes = {square(2048)};  // one size per precision: large enough to be compute bound
    } else {
      plan.sweep = true;
      plan.shapes = transformer_shapes;
    }
  }
  return plan;
}

// Ranks on one host share its memory: the problem must fit host_size times.
bool fits(const RunContext& ctx, Precision p, const Shape& s) {
  const double need = static_cast<double>(kd::GemmProblem::memory_bytes(p, s.m, s.n, s.k)) * ctx.world.host_size();
  return need <= 0.8 * static_cast<double>(ctx.machine.memory_available_bytes);
}

[[noreturn]] void throw_does_not_fit(const RunContext& ctx, Precision p, const Shape& s) {
  std::size_t largest = 256;
  while (fits(ctx, p, square(largest * 2))) largest *= 2;
  throw UsageError(fmt::format("--sizes: a {} GEMM of {} needs {} on each of {} rank(s) of this host, more than "
                               "fits in {} available; {} fits",
                               precision_label(p), s.label,
                               format_iec_bytes(static_cast<double>(kd::GemmProblem::memory_bytes(p, s.m, s.n, s.k))),
                               ctx.world.host_size(),
                               format_iec_bytes(static_cast<double>(ctx.machine.memory_available_bytes)), largest));
}

// The measured peak of the precision on all threads of every rank, summed:
// what the GEMM's efficiency "vs peak" is measured against. 0 where no kernel.
double measured_peak(const RunContext& ctx, Precision p) {
  const kp::PeakKernel* k = kp::best_peak_kernel(p, ctx.machine.microarchitecture);
  double rate = 0;
  if (k) {
    const kp::PeakMeasurement m = kp::measure_peak_rate(*k, 0.1, true);
    rate = m.verified ? m.ops_per_second : 0;
  }
  return ctx.world.sum(rate);
}

Result measure_shape(RunContext& ctx, const GemmPlan& plan, Precision p, const Shape& s, double peak) {
  kd::GemmProblem problem(p, s.m, s.n, s.k, 20261127 + static_cast<std::uint64_t>(ctx.world.rank()),
                          plan.fp32_library);
  const auto times = harness::time_phases(ctx.world, {.warmup = 1, .trials = plan.trials},
                                          {{"gemm", [&] { problem.run(); }}});
  const kd::GemmCheck check = problem.verify(plan.samples, 7);
  const double world_flops = ctx.world.sum(problem.flops());
  const std::vector<double> rates = harness::rates(world_flops, times[0].world_seconds);
  const double worst_ratio = ctx.world.max(check.max_error_ratio);

  Result r;
  r.benchmark = "gemm";
  r.metric = s.label;
  r.precision = std::string(precision_key(p));
  r.unit = is_integer(p) ? "OP/s" : "FLOP/s";
  r.stats = summarize(rates);
  r.value = r.stats.median;
  r.statistic = "median";
  r.verification = {ctx.world.all(check.passed) && std::isfinite(worst_ratio),
                    p == Precision::int8 ? "max |C - exact| over sampled entries (must be 0)"
                                         : "max error / (k·u·Σ|a·b|) over sampled entries",
                    worst_ratio, 1.0};
  r.arithmetic_intensity = problem.flops() / problem.bytes_moved();
  r.roofline_role = RooflineRole::point;
  harness::attach_world_rpeak(r, ctx.world, ctx.machine, p, plan.threads);
  r.parameters = {
      {"m", static_cast<std::int64_t>(s.m)},
      {"n", static_cast<std::int64_t>(s.n)},
      {"k", static_cast<std::int64_t>(s.k)},
      {"library", problem.library()},
      {"threads_per_rank", static_cast<std::int64_t>(plan.threads)},
      {"ranks", static_cast<std::int64_t>(ctx.world.size())},
      {"trials", static_cast<std::int64_t>(plan.trials)},
      {"samples_checked", static_cast<std::int64_t>(check.samples)},
      {"per_rank_ops_per_s", r.value / ctx.world.size()},
      {"peak_measured_ops_per_s", peak},
      {"efficiency_vs_peak", peak > 0 ? r.value / peak : std::nan("")},
  };
  if (p == Precision::fp32 && plan.fp32_library == kd::Fp32Library::onednn) {
    r.parameters.push_back({"blas_engine", std::string("onednn")});
    r.parameters.push_back({"blas_library", problem.library()});
    r.parameters.push_back({"blas_engine_reason", std::string(kd::onednn_sgemm_reason)});
  } else if (p == Precision::fp64 || p == Precision::fp32) {  // the dense engine's; the others are oneDNN's
    kd::record_dense_blas(r, kd::active_blas_engine(), ctx.machine.features);
  }
  return r;
}

std::vector<Result> run_gemm(RunContext& ctx) {
  GemmPlan plan = plan_for(ctx);
  // Everything that can be rejected is rejected before any work.
  for (Precision p : plan.precisions)
    if (kd::gemm_supported(p) && !plan.sweep)
      for (const Shape& s : plan.shapes)
        if (!fits(ctx, p, s)) throw_does_not_fit(ctx, p, s);
  const std::optional<std::string> engine_key = harness::blas_engine_key(ctx.options);
  const kd::BlasEngineScope blas(kd::blas_engine_or_default(engine_key));
  if (!engine_key && kd::onednn_sgemm_is_default(ctx.machine.features, kd::this_machine_blas_choice())) plan.fp32_library = kd::Fp32Library::onednn;
  const harness::ThreadCountGuard team(plan.threads);
  par::pin_openmp_threads(ctx.world);

  std::vector<Result> results;
  for (Precision p : plan.precisions) {
    if (!kd::gemm_supported(p)) {
      results.push_back(harness::not_native_result("gemm", p, kd::gemm_unsupported_reason(p)));
      continue;
    }
    const double peak = measured_peak(ctx, p);
    if (plan.sweep) {
      // Squares from 256 up, while one multiply is expected to take at most max_seconds.
      for (std::size_t n = 256;; n *= 2) {
        const Shape s = square(n);
        if (!ctx.world.all(fits(ctx, p, s))) break;
        results.push_back(measure_shape(ctx, plan, p, s, peak));
        const double next_seconds = 8.0 * 2.0 * std::pow(static_cast<double>(n), 3) / results.back().value;
        if (ctx.world.max(next_seconds) > plan.max_seconds) break;
      }
    }
    for (const Shape& s : plan.shapes)
      if (ctx.world.all(fits(ctx, p, s))) results.push_back(measure_shape(ctx, plan, p, s, peak));
  }
  return results;
}

BenchmarkDescriptor describe_gemm() {
  return {
      .name = "gemm",
      .summary = "matrix multiply through BLIS or OpenBLAS (FP64, FP32) and oneDNN (BF16, INT8), verified",
      .centre = Centre::ai,
      .run_order = 30,
      .profiles = {Profile::quick, Profile::hpc, Profile::ai, Profile::full},
      .options =
          {
              {"precision", OptionType::text, "comma-separated: fp64,fp32,bf16,fp16,int8 (default all)", "LIST"},
              {"sizes", OptionType::text,
               "square sizes, e.g. 1024,4096 (default: 2048 in quick, else a sweep from 256)", "LIST"},
              {"shapes", OptionType::text, "MxNxK products, e.g. 512x3072x768 (default: transformer shapes)",
               "LIST"},
              {"threads", OptionType::count, "threads per rank (default OMP_NUM_THREADS)", "N"},
              {"trials", OptionType::count, "timed multiplies after one warm-up (default 3)", "N"},
              {"samples", OptionType::count, "entries of C checked (default 256)", "N"},
              {"max-seconds", OptionType::real, "sweep: largest expected time of one multiply (default 3)", "S"},
              harness::blas_option(),
          },
      .run = run_gemm,
  };
}

const Registrar registered{describe_gemm()};

}  // namespace
}  // namespace suanli
