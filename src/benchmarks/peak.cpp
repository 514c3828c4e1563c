// Peak: the throughput of each precision's widest native instruction, on one
// core and on all cores, against Rpeak from the machine's FLOP/cycle table.
// Registers only, no memory traffic (kernels/peak); every thread's checksum is
// checked against its closed form. FMA-only kernels give the Rpeak figure
// (TOP500 convention); FMA+ADD kernels give the issue rate and say so.
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "core/units.hpp"
#include "harness/benchmark.hpp"
#include "harness/common_options.hpp"
#include "harness/rpeak_clock.hpp"
#include "harness/rpeak_share.hpp"
#include "harness/trials.hpp"
#include "kernels/peak/peak_kernels.hpp"
#include "par/affinity.hpp"

namespace suanli {
namespace {

namespace kp = kernels::peak;

const std::vector<Precision> default_precisions = {Precision::fp64, Precision::fp32,  Precision::bf16,
                                                   Precision::fp16, Precision::int8, Precision::int32};

struct PeakPlan {
  std::vector<Precision> precisions;
  int threads = 1;
  double seconds = 0.2;  // per timed run
  int trials = 3;
};

PeakPlan plan_for(const RunContext& ctx) {
  PeakPlan plan;
  plan.precisions = harness::precision_list(ctx.options, "precision", default_precisions);
  plan.threads = harness::thread_count(ctx);
  const bool quick = ctx.profile == Profile::quick;
  plan.seconds = ctx.options.real("seconds").value_or(quick ? 0.2 : 1.0);
  plan.trials = static_cast<int>(ctx.options.count("trials").value_or(quick ? 3 : 5));
  return plan;
}

// Runs the kernel on `threads` threads, each with its own seed, `iterations`
// trips each; true when every thread's checksum is its closed form.
bool run_verified(const kp::PeakKernel& k, std::uint64_t iterations, int threads) {
  bool all_exact = true;
#pragma omp parallel num_threads(threads) reduction(&& : all_exact)
  {
    // Seeds stay small: FP16 counts exactly only from seeds up to 2^9 (kernels/peak).
    const double seed = 1 + omp_get_thread_num() % 256;
    all_exact = k.run(iterations, seed) == kp::expected_checksum(k, iterations, seed);
  }
  return all_exact;
}

struct Scope {
  std::string name;  // "one_core", "all_cores"
  bool all_ranks;    // one_core runs on rank 0 alone while the others wait
  int threads;
};

Result measure_scope(RunContext& ctx, const PeakPlan& plan, const kp::PeakKernel& k, const Scope& scope) {
  const par::World& world = ctx.world;
  const bool runs_here = scope.all_ranks || world.is_root();
  // Trips for about plan.seconds on one thread; all threads of a scope run the same count.
  const kp::PeakMeasurement probe = kp::measure_peak_rate(k, 0.02, false);
  const auto iterations = static_cast<std::uint64_t>(
      std::max(1.0, plan.seconds * probe.ops_per_second / k.ops_per_trip));

  bool verified = probe.verified;
  const std::vector<harness::Phase> phases = {{scope.name, [&] {
                                                 if (runs_here) verified &= run_verified(k, iterations, scope.threads);
                                               }}};
  const auto times = harness::time_phases(world, {.warmup = 1, .trials = plan.trials}, phases);
  const double rank_ops = runs_here ? k.ops_per_trip * static_cast<double>(iterations) * scope.threads : 0.0;
  const double world_ops = world.sum(rank_ops);
  const std::vector<double> rates = harness::rates(world_ops, times[0].world_seconds);
  const bool all_verified = world.all(verified);

  const double cores_in_scope =
      scope.all_ranks ? harness::world_cores_in_use(world, ctx.machine, scope.threads) : 1.0;
  const harness::HeldClock held =
      runs_here ? harness::clock_held(ctx.machine, scope.threads, k.vector_bits) : harness::HeldClock{};
  const double held_hz = world.max(held.highest);
  const double slowest_hz = world.min(held.slowest > 0 ? held.slowest : std::numeric_limits<double>::infinity());

  Result r;
  r.benchmark = "peak";
  r.metric = fmt::format("{}_{}", kp::op_key(k.op), scope.name);
  r.precision = std::string(precision_key(k.precision));
  r.unit = is_integer(k.precision) ? "OP/s" : "FLOP/s";
  r.stats = summarize(rates);
  r.value = r.stats.median;
  r.statistic = "median";
  r.verification = {all_verified, "threads x trials whose checksum differs from the closed form",
                    all_verified ? 0.0 : 1.0, 0.0};
  const double ranks_running = scope.all_ranks ? world.size() : 1;
  r.parameters = {
      {"kernel", std::string(k.name)},
      {"isa", std::string(kp::isa_key(k.isa))},
      {"chains", static_cast<std::int64_t>(k.chains)},
      {"add_chains", static_cast<std::int64_t>(k.add_chains)},
      {"ops_per_trip", k.ops_per_trip},
      {"iterations_per_thread", static_cast<std::int64_t>(iterations)},
      {"threads_per_rank", static_cast<std::int64_t>(scope.threads)},
      {"ranks", static_cast<std::int64_t>(ranks_running)},
      {"seconds_per_trial", plan.seconds},
      // The fastest thread's clock right after the kernel: the run's Rpeak is raised to it (harness/rpeak_clock).
      {held_hz_parameter, held_hz},
      {"frequency_held_slowest_hz", std::isfinite(slowest_hz) ? slowest_hz : 0.0},
      // What the rate means per cycle of one core at the held clock: compare with the table's FLOP/cycle.
      {"ops_per_cycle_per_core", held_hz > 0 ? r.value / (cores_in_scope * held_hz) : 0.0},
  };
  if (k.counts_for_rpeak) {
    r.rpeak = scope.all_ranks ? harness::world_rpeak(world, ctx.machine, k.precision, scope.threads)
                              : (ctx.machine.peak(k.precision) ? ctx.machine.peak(k.precision)->rpeak_core : 0);
    if (!(*r.rpeak > 0)) r.rpeak.reset();  // efficiency: set by restate_rpeak at the end of the run
    if (scope.all_ranks) r.roofline_role = RooflineRole::compute_roof;
  } else {
    r.notes.push_back(fmt::format("{} {}: issue rate of FMAs and separate adds together; Rpeak counts FMAs only "
                                  "(TOP500 convention), so this figure is not compared with it",
                                  precision_label(k.precision), kp::op_key(k.op)));
  }
  return r;
}

// Says so when all cores together reach far less than cores x one core.
void note_scaling(Result& all_cores, const Result& one_core, const RunContext& ctx, int threads) {
  if (!(one_core.value > 0) || !(all_cores.value > 0)) return;
  const double cores = harness::world_cores_in_use(ctx.world, ctx.machine, threads);
  const double scaling = all_cores.value / (cores * one_core.value);
  all_cores.parameters.push_back({"scaling_vs_one_core", scaling});
  if (scaling < 0.8)
    all_cores.notes.push_back(fmt::format(
        "all cores reach {:.0f}% of {:.0f} x one core: {}", 100 * scaling, cores,
        ctx.machine.smt ? "logical CPUs share physical cores" : "cores are oversubscribed or the clock drops under all-core load"));
}

std::vector<Result> run_peak(RunContext& ctx) {
  const PeakPlan plan = plan_for(ctx);
  const harness::ThreadCountGuard team(plan.threads);
  par::pin_openmp_threads(ctx.world);

  std::vector<Result> results;
  for (Precision p : plan.precisions) {
    const auto kernels = kp::available_peak_kernels(p, ctx.machine.microarchitecture);
    if (kernels.empty()) {
      results.push_back(harness::not_native_result(
          "peak", p, fmt::format("this CPU has no native {} instruction; no figure is given", precision_label(p))));
      continue;
    }
    // The Rpeak kernel (best first), then the first issue-rate variant if the precision has one.
    std::vector<const kp::PeakKernel*> chosen = {&kernels.front()};
    for (const kp::PeakKernel& k : kernels)
      if (!k.counts_for_rpeak) {
        chosen.push_back(&k);
        break;
      }
    for (const kp::PeakKernel* k : chosen) {
      Result one = measure_scope(ctx, plan, *k, {"one_core", false, 1});
      Result all = measure_scope(ctx, plan, *k, {"all_cores", true, plan.threads});
      note_scaling(all, one, ctx, plan.threads);
      results.push_back(std::move(one));
      results.push_back(std::move(all));
    }
  }
  // Rpeak is an upper bound: where the cores held a faster clock beside a kernel than the one
  // measured at start-up, every result of this run is stated against the faster clock.
  const double clock_at_start = ctx.machine.rpeak_hz;
  harness::restate_rpeak(results, clock_at_start,
                         std::max(clock_at_start, ctx.world.max(harness::highest_held_clock(results))));
  return results;
}

BenchmarkDescriptor describe_peak() {
  return {
      .name = "peak",
      .summary = "compute peak per precision: FMA, BF16 and INT8 dot products, INT32 multiply-add, one core and all",
      .centre = Centre::hpc,
      .run_order = 10,
      .profiles = {Profile::quick, Profile::hpc, Profile::ai, Profile::cloud, Profile::full},
      .options =
          {
              {"precision", OptionType::text, "comma-separated: fp64,fp32,bf16,fp16,int8,int32 (default all)",
               "LIST"},
              {"threads", OptionType::count, "threads per rank for the all-cores run (default OMP_NUM_THREADS)",
               "N"},
              {"seconds", OptionType::real, "seconds per timed run (default 0.2 quick, 1 otherwise)", "S"},
              {"trials", OptionType::count, "timed runs after one warm-up (default 3 quick, 5 otherwise)", "N"},
          },
      .run = run_peak,
  };
}

const Registrar registered{describe_peak()};

}  // namespace
}  // namespace suanli
