// Transformer: the AI centre's workload — a GPT-style block's forward pass in
// FP32, BF16 and INT8 (inference) and a data-parallel FP32 training step over
// the ranks (forward, backward, gradient all-reduce overlapped with the
// backward), each verified: FP32 against a double-precision reference, BF16
// and INT8 against FP32, the backward by a finite-difference check, the
// all-reduce by gradient checksums. Rates count the model FLOPs (block.hpp:
// 24·b·s·d² + 4·b·s²·d forward, 3× for a training step) against the Rpeak of
// the precision: model FLOP utilisation. Methodology: docs/transformer.md.
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/stats.hpp"
#include "core/units.hpp"
#include "harness/benchmark.hpp"
#include "harness/common_options.hpp"
#include "harness/rpeak_share.hpp"
#include "harness/trials.hpp"
#include "kernels/dense/blas_engine.hpp"
#include "kernels/transformer/gradient_check.hpp"
#include "kernels/transformer/inference_block.hpp"
#include "kernels/transformer/model_presets.hpp"
#include "kernels/transformer/precision_error.hpp"
#include "par/affinity.hpp"
#include "solvers/training/data_parallel.hpp"

namespace suanli {
namespace {

namespace kt = kernels::transformer;
namespace st = solvers::training;

const std::vector<Precision> inference_precisions = {Precision::fp32, Precision::bf16, Precision::int8};
constexpr int quick_sequence = 128;
constexpr int quick_layers = 2;
constexpr int default_largest_layers = 12;  // a step of more layers adds time, not insight
constexpr std::uint64_t weight_seed = 20261128;
// The reference checks run plain loops in double over this many parameter-tokens at most.
constexpr double reference_budget = 1e8;

struct TransformerPlan {
  std::string model;
  kt::BlockShape shape;
  std::vector<Precision> precisions;
  int layers = 1;  // of the training step
  bool inference = true, training = true;
  int trials = 3;
  int threads = 1;
};

int dimension(const RunContext& ctx, const std::string& name, int fallback, std::uint64_t largest) {
  const auto value = ctx.options.count(name);
  if (!value) return fallback;
  if (*value > largest) throw UsageError(fmt::format("--{}: expected 1 to {}, got {}", name, largest, *value));
  return static_cast<int>(*value);
}

void parse_passes(const RunContext& ctx, TransformerPlan& plan) {
  const auto text = ctx.options.text("passes");
  if (!text) return;
  plan.inference = plan.training = false;
  std::stringstream items(*text);
  std::string item;
  while (std::getline(items, item, ',')) {
    if (item == "inference") plan.inference = true;
    else if (item == "training") plan.training = true;
    else throw UsageError(fmt::format("--passes: expected inference, training or both, got '{}'", item));
  }
  if (!plan.inference && !plan.training) throw UsageError("--passes: expected inference, training or both");
}

// Bytes one rank holds: the inference block of the largest precision (weights in
// FP32 plus a packed copy, activations) or the training model, whichever is more.
double bytes_per_rank(const TransformerPlan& plan) {
  const kt::BlockShape& s = plan.shape;
  const double parameters = static_cast<double>(kt::block_parameter_count(s));
  const double inference = 4.0 * (2 * parameters + static_cast<double>(s.tokens()) * (10.0 * s.d_model + s.ffn));
  const double training = plan.training ? st::DataParallelModel::memory_bytes(s, plan.layers) : 0;
  return std::max(inference, training);
}

TransformerPlan plan_for(const RunContext& ctx) {
  TransformerPlan plan;
  const bool quick = ctx.profile == Profile::quick;
  plan.model = ctx.options.text("model").value_or("gpt2-small");
  const auto preset = kt::find_model_preset(plan.model);
  if (!preset)
    throw UsageError(fmt::format("--model: unknown preset '{}'; expected {}", plan.model, kt::model_preset_names()));
  kt::BlockShape& s = plan.shape;
  s.d_model = dimension(ctx, "d-model", preset->d_model, 65536);
  s.heads = dimension(ctx, "heads", preset->heads, 1024);
  s.ffn = dimension(ctx, "ffn", preset->ffn, 262144);
  s.sequence = dimension(ctx, "seq", quick ? std::min(quick_sequence, preset->sequence) : preset->sequence, 1 << 20);
  s.batch = dimension(ctx, "batch", 1, 1 << 16);
  if (s.d_model % s.heads != 0)
    throw UsageError(fmt::format("--heads: {} heads do not divide d_model {}", s.heads, s.d_model));
  const std::string mask = ctx.options.text("mask").value_or("causal");
  if (mask != "causal" && mask != "none")
    throw UsageError(fmt::format("--mask: expected causal or none, got '{}'", mask));
  s.causal = mask == "causal";
  const double tokens = static_cast<double>(s.batch) * s.sequence;  // before batch·sequence can overflow
  if (tokens * std::max(3 * s.d_model, s.ffn) > 2147483647.0)
    throw UsageError(fmt::format("--batch, --seq: {} tokens of width {} exceed the libraries' 2^31 indexing",
                                 tokens, std::max(3 * s.d_model, s.ffn)));
  plan.precisions = harness::precision_list(ctx.options, "precision", inference_precisions);
  for (Precision p : plan.precisions)
    if (std::find(inference_precisions.begin(), inference_precisions.end(), p) == inference_precisions.end())
      throw UsageError(fmt::format("--precision: the transformer runs in fp32, bf16 or int8, not {}", precision_key(p)));
  plan.layers = dimension(ctx, "layers", quick ? quick_layers : std::min(preset->layers, default_largest_layers), 1024);
  parse_passes(ctx, plan);
  plan.trials = static_cast<int>(ctx.options.count("trials").value_or(3));
  plan.threads = harness::thread_count(ctx);

  const double needed = bytes_per_rank(plan) * ctx.world.host_size();
  const double available = static_cast<double>(ctx.machine.memory_available_bytes);
  if (available > 0 && needed > 0.8 * available)
    throw UsageError(fmt::format("--seq, --batch, --layers: {} tokens at d_model {}, ffn {} ({} layers to train) need "
                                 "{} on {} rank(s) of this host, more than the {} available",
                                 s.tokens(), s.d_model, s.ffn, plan.layers, format_iec_bytes(needed), ctx.world.host_size(),
                                 format_iec_bytes(available)));
  return plan;
}

// The shape the double-precision reference checks run on: the widths of the
// plan's, with as many tokens (of one sequence) as the budget allows, 2 to 16.
kt::BlockShape reference_shape(const kt::BlockShape& s) {
  kt::BlockShape small = s;
  const double per_token = static_cast<double>(kt::block_parameter_count(s));
  small.batch = 1;
  small.sequence = std::clamp(static_cast<int>(reference_budget / per_token), 2, 16);
  small.sequence = std::min(small.sequence, s.tokens());
  return small;
}

std::vector<Parameter> shape_parameters(const TransformerPlan& plan, const RunContext& ctx) {
  const kt::BlockShape& s = plan.shape;
  return {
      {"model", plan.model},
      {"d_model", static_cast<std::int64_t>(s.d_model)},
      {"heads", static_cast<std::int64_t>(s.heads)},
      {"ffn", static_cast<std::int64_t>(s.ffn)},
      {"sequence", static_cast<std::int64_t>(s.sequence)},
      {"batch", static_cast<std::int64_t>(s.batch)},
      {"causal", s.causal},
      {"ranks", static_cast<std::int64_t>(ctx.world.size())},
      {"threads_per_rank", static_cast<std::int64_t>(plan.threads)},
  };
}

// ---- inference ----

// FP32: the InferenceBlock on the reference shape against the double-precision oracle.
Verification verify_fp32(const kt::BlockShape& full) {
  const kt::BlockShape s = reference_shape(full);
  const kt::BlockWeights w = kt::random_block_weights(s, weight_seed);
  const std::vector<float> x = kt::random_activations(s, weight_seed + 1);
  std::vector<float> expected(x.size()), actual(x.size());
  kt::block_forward_reference(s, w, x.data(), expected.data());
  kt::InferenceBlock block(s, w, Precision::fp32);
  block.forward(x.data(), actual.data());
  const kt::PrecisionError e = kt::compare_outputs(actual, expected);
  return {e.max <= kt::fp32_tolerance, "max |out − reference| / rms(reference), FP32 vs double on a few tokens",
          e.max, kt::fp32_tolerance};
}

Result measure_forward(RunContext& ctx, const TransformerPlan& plan, Precision p, const kt::BlockWeights& w,
                       const std::vector<float>& x, const std::vector<float>& fp32_out) {
  kt::InferenceBlock block(plan.shape, w, p);
  std::vector<float> out(x.size());
  const auto times = harness::time_phases(ctx.world, {.warmup = 1, .trials = plan.trials},
                                          {{"forward", [&] { block.forward(x.data(), out.data()); }}});
  const std::vector<double>& seconds = times[0].world_seconds;
  const double flops = kt::block_forward_flops(plan.shape);
  const double world_flops = flops * ctx.world.size();

  Result r;
  r.benchmark = "transformer";
  r.metric = "forward";
  r.precision = std::string(precision_key(p));
  r.unit = p == Precision::int8 ? "OP/s" : "FLOP/s";
  r.stats = summarize(harness::rates(world_flops, seconds));
  r.value = r.stats.median;
  r.statistic = "median";
  harness::attach_world_rpeak(r, ctx.world, ctx.machine, p, plan.threads);  // efficiency: MFU

  const double median_seconds = world_flops / r.value;
  const kt::PhaseSeconds& phases = block.seconds();
  const double rounds = plan.trials + 1;  // the warm-up's phases are in the sums too
  const double ffn_rate = ctx.world.sum(block.ffn_flops() * rounds / phases.ffn_gemms);
  r.parameters = shape_parameters(plan, ctx);
  r.parameters.insert(r.parameters.end(), {
      {"library", block.library()},
      {"trials", static_cast<std::int64_t>(plan.trials)},
      {"seconds", median_seconds},
      {"tokens_per_second", plan.shape.tokens() * static_cast<double>(ctx.world.size()) / median_seconds},
      {"flops_per_forward", flops},
      {"ffn_gemm_flops_per_s", ffn_rate},
      {"share_qkv", phases.qkv / phases.total()},
      {"share_attention", phases.attention / phases.total()},
      {"share_projection", phases.projection / phases.total()},
      {"share_ffn_gemms", phases.ffn_gemms / phases.total()},
      {"share_other", phases.other / phases.total()},
  });

  if (p == Precision::fp32) {
    const Verification fp32 = verify_fp32(plan.shape);
    r.verification = {ctx.world.all(fp32.passed), fp32.quantity, ctx.world.max(fp32.value), fp32.threshold};
  } else {
    const kt::PrecisionError e = kt::compare_outputs(out, fp32_out);
    const kt::PrecisionTolerance t = kt::tolerance_versus_fp32(p);
    const double worst_max = ctx.world.max(e.max), worst_mean = ctx.world.max(e.mean);
    r.verification = {ctx.world.all(e.max <= t.max && e.mean <= t.mean),
                      fmt::format("max |out − FP32 out| / rms(FP32 out) (mean must be <= {:.3g})", t.mean), worst_max,
                      t.max};
    r.parameters.push_back({"max_relative_error_vs_fp32", worst_max});
    r.parameters.push_back({"mean_relative_error_vs_fp32", worst_mean});
  }
  // FP32 layers and, in every precision, attention's products run on the dense engine.
  kernels::dense::record_dense_blas(r, kernels::dense::active_blas_engine(), ctx.machine.features);
  return r;
}

// ---- training ----

// Rank counts the step is timed on: 1, 2, 4, … and the world's.
std::vector<int> scaling_sizes(int world) {
  std::vector<int> sizes;
  for (int n = 1; n < world; n *= 2) sizes.push_back(n);
  sizes.push_back(world);
  return sizes;
}

struct ScalingPoint {
  int ranks = 1;
  st::StepTiming median;  // the trial with the median step time, slowest rank's
  double all_reduce_alone = 0;
};

ScalingPoint time_steps(const RunContext& ctx, st::DataParallelModel& model, int ranks, int trials) {
  MPI_Comm comm = MPI_COMM_NULL;
  const bool member = ctx.world.rank() < ranks;
  MPI_Comm_split(MPI_COMM_WORLD, member ? 0 : MPI_UNDEFINED, ctx.world.rank(), &comm);
  ScalingPoint point;
  point.ranks = ranks;
  if (member) {
    model.step(comm, true);  // warm-up: first touch, library set-up
    std::vector<st::StepTiming> steps;
    for (int i = 0; i < trials; ++i) {
      st::StepTiming t = model.step(comm, true);
      // The slowest rank's times: the step is over when the last rank is done.
      double fields[4] = {t.step, t.forward, t.backward, t.exposed_communication};
      MPI_Allreduce(MPI_IN_PLACE, fields, 4, MPI_DOUBLE, MPI_MAX, comm);
      steps.push_back({fields[0], fields[1], fields[2], fields[3]});
    }
    std::sort(steps.begin(), steps.end(), [](const auto& a, const auto& b) { return a.step < b.step; });
    point.median = steps[steps.size() / 2];
    point.all_reduce_alone = model.all_reduce_alone(comm);
    MPI_Allreduce(MPI_IN_PLACE, &point.all_reduce_alone, 1, MPI_DOUBLE, MPI_MAX, comm);
    MPI_Comm_free(&comm);
  }
  // Every rank reports rank 0's view.
  double fields[5] = {point.median.step, point.median.forward, point.median.backward,
                      point.median.exposed_communication, point.all_reduce_alone};
  MPI_Bcast(fields, 5, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  point.median = {fields[0], fields[1], fields[2], fields[3]};
  point.all_reduce_alone = fields[4];
  return point;
}

Result measure_training(RunContext& ctx, const TransformerPlan& plan) {
  st::DataParallelModel model(plan.shape, plan.layers, weight_seed, ctx.world.rank());
  std::vector<ScalingPoint> points;
  for (int ranks : scaling_sizes(ctx.world.size())) points.push_back(time_steps(ctx, model, ranks, plan.trials));
  const ScalingPoint& all = points.back();

  st::ReductionCheck reduction;
  model.step(MPI_COMM_WORLD, true, &reduction);
  const kt::GradientCheck gradients = kt::check_gradients(reference_shape(plan.shape), weight_seed + 2);

  const double world_flops = model.step_flops() * ctx.world.size();
  Result r = harness::single_run_result("transformer", "training step", Precision::fp32, world_flops / all.median.step,
                                        {});
  harness::attach_world_rpeak(r, ctx.world, ctx.machine, Precision::fp32, plan.threads);  // MFU
  const bool passed = ctx.world.all(reduction.passed() && gradients.passed());
  r.verification = {passed,
                    fmt::format("backward vs finite differences of the double reference, relative (gradient "
                                "checksums after the all-reduce: {:.2e}, bound {:.2e})",
                                reduction.worst_relative_error, reduction.bound),
                    ctx.world.max(gradients.relative_error()), kt::GradientCheck::tolerance};
  const double overlap_hidden =
      all.all_reduce_alone > 0 ? std::clamp(1.0 - all.median.exposed_communication / all.all_reduce_alone, 0.0, 1.0) : 1.0;
  r.parameters = shape_parameters(plan, ctx);
  r.parameters.insert(r.parameters.end(), {
      {"layers", static_cast<std::int64_t>(plan.layers)},
      {"parameters", static_cast<std::int64_t>(model.parameters())},
      {"gradient_bytes", static_cast<double>(model.parameters()) * 4},
      {"trials", static_cast<std::int64_t>(plan.trials)},
      {"flops_per_step_per_rank", model.step_flops()},
      {"step_seconds", all.median.step},
      {"forward_seconds", all.median.forward},
      {"backward_seconds", all.median.backward},
      {"exposed_communication_seconds", all.median.exposed_communication},
      {"all_reduce_alone_seconds", all.all_reduce_alone},
      {"communication_hidden_fraction", overlap_hidden},
      {"tokens_per_second", plan.shape.tokens() * static_cast<double>(ctx.world.size()) / all.median.step},
  });
  for (const ScalingPoint& p : points) {
    r.parameters.push_back({fmt::format("ranks_{}_step_seconds", p.ranks), p.median.step});
    // Weak scaling: the same batch per rank, so ideal is the 1-rank step time.
    r.parameters.push_back({fmt::format("ranks_{}_scaling_efficiency", p.ranks), points.front().median.step / p.median.step});
  }
  if (ctx.world.size() == 1)
    r.notes.push_back("one rank: the all-reduce has nothing to add; run under mpirun for the data-parallel figures");
  kernels::dense::record_dense_blas(r, kernels::dense::active_blas_engine(), ctx.machine.features);
  return r;
}

std::vector<Result> run_transformer(RunContext& ctx) {
  const TransformerPlan plan = plan_for(ctx);  // every check before any work
  const kernels::dense::BlasEngineScope blas(kernels::dense::blas_engine_or_default(harness::blas_engine_key(ctx.options)));
  const harness::ThreadCountGuard team(plan.threads);
  par::pin_openmp_threads(ctx.world);

  std::vector<Result> results;
  if (plan.inference) {
    const kt::BlockWeights w = kt::random_block_weights(plan.shape, weight_seed);
    const std::vector<float> x = kt::random_activations(plan.shape, weight_seed + 1 + ctx.world.rank());
    std::vector<float> fp32_out(x.size());
    kt::block_forward(plan.shape, w, x.data(), fp32_out.data());
    for (Precision p : plan.precisions) {
      if (const std::string reason = kt::linear_unsupported_reason(p); !reason.empty()) {
        results.push_back(harness::not_native_result("transformer", p, reason));
        continue;
      }
      results.push_back(measure_forward(ctx, plan, p, w, x, fp32_out));
    }
  }
  if (plan.training) results.push_back(measure_training(ctx, plan));
  return results;
}

BenchmarkDescriptor describe_transformer() {
  return {
      .name = "transformer",
      .summary = "a GPT-style block: forward in FP32/BF16/INT8 and a data-parallel training step, verified (MFU)",
      .centre = Centre::ai,
      .run_order = 35,
      .profiles = {Profile::quick, Profile::ai, Profile::full},
      .options =
          {
              {"model", OptionType::text, "gpt2-small (default), gpt2-medium or llama-7b-layer", "NAME"},
              {"d-model", OptionType::count, "model width (default: the preset's)", "D"},
              {"heads", OptionType::count, "attention heads, dividing d-model (default: the preset's)", "N"},
              {"ffn", OptionType::count, "FFN width (default: the preset's)", "F"},
              {"seq", OptionType::count, "tokens per sequence (default: the preset's; 128 in quick)", "S"},
              {"batch", OptionType::count, "sequences per rank (default 1)", "B"},
              {"mask", OptionType::text, "causal (default) or none", "MASK"},
              {"precision", OptionType::text, "inference precisions: fp32,bf16,int8 (default all)", "LIST"},
              {"layers", OptionType::count, "blocks in the training step (default: the preset's, at most 12; 2 in quick)",
               "N"},
              {"passes", OptionType::text, "inference, training or both (default both)", "LIST"},
              {"threads", OptionType::count, "threads per rank (default OMP_NUM_THREADS)", "N"},
              {"trials", OptionType::count, "timed forwards and steps after one warm-up (default 3)", "N"},
              harness::blas_option(),
          },
      .run = run_transformer,
  };
}

const Registrar registered{describe_transformer()};

}  // namespace
}  // namespace suanli
