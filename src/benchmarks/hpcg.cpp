// HPCG: FP64 preconditioned conjugate gradient with a 4-level multigrid V-cycle
// on the 27-point stencil (solvers/cg_mg), the HPC centre's memory-bound
// figure. Validation as HPCG does it in every run (symmetry, exaggerated-diagonal
// CG, residual variance); the rate counts HPCG's FLOPs with its penalty for a
// preconditioner that needs more iterations than the reference one; the memory
// traffic model's GB/s stands beside STREAM Triad measured in the same run.
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <variant>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/units.hpp"
#include "harness/benchmark.hpp"
#include "harness/common_options.hpp"
#include "harness/progress.hpp"
#include "harness/rpeak_share.hpp"
#include "solvers/cg_mg/hpcg_run.hpp"

namespace suanli {
namespace {

namespace cg = solvers::cg_mg;

constexpr int quick_box = 48;              // about a second of CG sets on two cores
constexpr double quick_seconds = 1.0;
constexpr double default_seconds = 60.0;   // official HPCG runs need 1800 s: --time 1800
constexpr double default_memory_fraction = 0.3;  // of memory, for the whole host: HPCG asks for >= 1/4
constexpr int box_multiple = 1 << (cg::hpcg_levels - 1);  // every level halves the box
constexpr int smallest_box = 16;                           // HPCG's minimum
constexpr double flattest_aspect = 0.125;                  // HPCG's CheckAspectRatio

int box_option(const RunContext& ctx, const std::string& name, int fallback) {
  const auto value = ctx.options.count(name);
  if (!value) return fallback;
  if (*value < smallest_box || *value % box_multiple != 0 || *value > 4096)
    throw UsageError(fmt::format("--{}: expected a multiple of {} from {} to 4096 (the multigrid halves it {} times), "
                                 "got {}",
                                 name, box_multiple, smallest_box, cg::hpcg_levels - 1, *value));
  return static_cast<int>(*value);
}

cg::ProcessShape process_shape(const RunContext& ctx) {
  const int ranks = ctx.world.size();
  const bool any = ctx.options.has("npx") || ctx.options.has("npy") || ctx.options.has("npz");
  if (!any) return cg::factor_processes(ranks);
  if (!(ctx.options.has("npx") && ctx.options.has("npy") && ctx.options.has("npz")))
    throw UsageError("--npx, --npy, --npz: give all three or none (default: the rank count factored)");
  const cg::ProcessShape shape{static_cast<int>(*ctx.options.count("npx")),
                               static_cast<int>(*ctx.options.count("npy")),
                               static_cast<int>(*ctx.options.count("npz"))};
  if (static_cast<long>(shape.npx) * shape.npy * shape.npz != ranks)
    throw UsageError(fmt::format("--npx, --npy, --npz: {}x{}x{} = {} processes, but {} rank(s) are running", shape.npx,
                                 shape.npy, shape.npz, static_cast<long>(shape.npx) * shape.npy * shape.npz, ranks));
  return shape;
}

// Host memory is shared by the host's ranks; the box is the same on every rank.
double host_memory_bytes(const RunContext& ctx) {
  const double total = static_cast<double>(ctx.machine.memory_total_bytes);
  const double available = static_cast<double>(ctx.machine.memory_available_bytes);
  return available > 0 ? std::min(total, available / 0.9) : total;
}

double memory_fraction(const RunContext& ctx) {
  const double fraction = ctx.options.real("mem-fraction").value_or(default_memory_fraction);
  if (fraction > 0.8) throw UsageError(fmt::format("--mem-fraction: expected at most 0.8, got {}", fraction));
  return fraction;
}

int box_from_memory(const RunContext& ctx, double fraction) {
  const double per_rank = fraction * host_memory_bytes(ctx) / ctx.world.host_size();
  const int side = static_cast<int>(std::cbrt(per_rank / cg::bytes_per_fine_row));
  return std::max(smallest_box, side / box_multiple * box_multiple);
}

cg::HpcgOptions plan_for(const RunContext& ctx) {
  cg::HpcgOptions o;
  o.shape = process_shape(ctx);
  const bool quick = ctx.profile == Profile::quick;
  const double fraction = memory_fraction(ctx);  // checked even where the box is given
  const int automatic = ctx.options.has("nx") ? 0 : (quick ? quick_box : box_from_memory(ctx, fraction));
  o.nx = box_option(ctx, "nx", automatic);
  o.ny = box_option(ctx, "ny", o.nx);
  o.nz = box_option(ctx, "nz", o.nx);
  const double aspect = static_cast<double>(std::min({o.nx, o.ny, o.nz})) / std::max({o.nx, o.ny, o.nz});
  if (aspect < flattest_aspect)
    throw UsageError(fmt::format("--nx, --ny, --nz: the box {}x{}x{} is too flat; HPCG needs its smallest side at "
                                 "least 1/8 of its largest",
                                 o.nx, o.ny, o.nz));
  const double needed = cg::bytes_per_fine_row * o.nx * o.ny * o.nz * ctx.world.host_size();
  const double available = static_cast<double>(ctx.machine.memory_available_bytes);
  if (available > 0 && needed > 0.9 * available)
    throw UsageError(fmt::format("--nx, --ny, --nz: a {}x{}x{} box on {} rank(s) of this host needs about {}, more "
                                 "than the {} available",
                                 o.nx, o.ny, o.nz, ctx.world.host_size(), format_iec_bytes(needed),
                                 format_iec_bytes(available)));
  o.seconds = ctx.options.real("time").value_or(quick ? quick_seconds : default_seconds);
  o.reference = ctx.options.flag("reference");
  ctx.options.size_bytes("stream-size");  // refused here, naming --stream-size, not later as STREAM's --size
  return o;
}

// STREAM Triad on the same ranks, just before: what the memory could give.
// 0 when it failed or ran on cache-sized arrays (cache bandwidth is no share's denominator).
struct StreamTriad {
  double bytes_per_s = 0;
  bool cache_sized = false;
};

bool cache_sized(const Result& r) {
  for (const Parameter& p : r.parameters)
    if (p.name == "cache_sized") return std::get<bool>(p.value);
  return false;
}

// Its arrays are STREAM's default (1 GiB per rank when the cache is unknown): a few trials suffice
// for a denominator, and the quick profile's HPCG runs for about a second.
StreamTriad stream_triad_bandwidth(RunContext& ctx) {
  RunContext stream_ctx{ctx.machine, ctx.world, {}, ctx.profile, true};
  stream_ctx.options.set("trials", ctx.profile == Profile::quick ? "3" : "5");
  if (auto size = ctx.options.text("stream-size")) stream_ctx.options.set("size", *size);
  for (const Result& r : Registry::instance().find("stream")->run(stream_ctx))
    if (r.metric == "triad" && r.verification.passed) {
      if (cache_sized(r)) return {0, true};
      return {r.value, false};
    }
  return {};
}

std::vector<Result> run_hpcg(RunContext& ctx) {
  const cg::HpcgOptions options = plan_for(ctx);  // every check before any work
  const int threads = harness::thread_count(ctx);
  harness::ThreadCountGuard thread_guard(threads);
  const StreamTriad stream = stream_triad_bandwidth(ctx);
  const double triad = stream.bytes_per_s;
  // Without a STREAM figure the share is not measured: null in the JSON, never 0%.
  constexpr double not_measured = std::numeric_limits<double>::quiet_NaN();
  const double stream_figure = triad > 0 ? triad : not_measured;
  harness::Progress progress(ctx, "hpcg", "CG set");
  cg::HpcgOptions timed = options;
  timed.on_set = [&progress](int done, int total) { progress.update(done, total); };
  const cg::HpcgOutcome o = cg::run_hpcg(ctx.world, timed);

  const double share_of_stream = triad > 0 ? o.bandwidth / triad : not_measured;
  // The bound: the kernels' own bytes moved at STREAM Triad's rate. The rating
  // there (HPCG's FLOPs with its iteration penalty over that time) and the
  // share of it reached, which is the kernels' bandwidth over Triad's.
  const double bound_seconds = triad > 0 ? o.kernel_bytes / triad : not_measured;
  const double bound_rate = triad > 0 ? o.counts.flops() * cg::reference_iterations /
                                           std::max(1, o.optimised_iterations) / bound_seconds
                                     : not_measured;
  const double share_of_bound = triad > 0 ? o.kernel_bandwidth / triad : not_measured;
  const bool valid = o.valid();
  Result r = harness::single_run_result(
      "hpcg", fmt::format("{}x{}x{} per rank", options.nx, options.ny, options.nz), Precision::fp64, o.rate,
      {valid, "HPCG validation failures (symmetry of A and M, exaggerated-diagonal CG, residual variance, "
              "convergence)",
       static_cast<double>(o.failures()), 0});
  harness::attach_world_rpeak(r, ctx.world, ctx.machine, Precision::fp64, threads);
  r.arithmetic_intensity = o.counts.flops() / o.counts.bytes();
  r.roofline_role = RooflineRole::point;
  const cg::LevelTotals& fine = o.levels.front();
  r.parameters = {
      {"kernels", std::string(options.reference ? "reference" : "optimised")},
      {"nx", static_cast<std::int64_t>(options.nx)},
      {"ny", static_cast<std::int64_t>(options.ny)},
      {"nz", static_cast<std::int64_t>(options.nz)},
      {"npx", static_cast<std::int64_t>(options.shape.npx)},
      {"npy", static_cast<std::int64_t>(options.shape.npy)},
      {"npz", static_cast<std::int64_t>(options.shape.npz)},
      {"global_rows", fine.rows},
      {"global_nonzeros", fine.nonzeros},
      {"threads_per_rank", static_cast<std::int64_t>(threads)},
      {"sets", static_cast<std::int64_t>(o.sets)},
      {"reference_iterations", static_cast<std::int64_t>(cg::reference_iterations)},
      {"optimised_iterations", static_cast<std::int64_t>(o.optimised_iterations)},
      {"reference_residual_reduction", o.reference_reduction},
      {"residual_reduction_mean", o.norms.mean},
      {"residual_reduction_variance", o.norms.variance},
      {"solution_max_error", o.solution_error},
      {"symmetry_departure_spmv", o.symmetry.spmv_departure},
      {"symmetry_departure_mg", o.symmetry.mg_departure},
      {"cg_test_unpreconditioned_iterations", static_cast<std::int64_t>(o.cg_test.unpreconditioned_iterations)},
      {"cg_test_preconditioned_iterations", static_cast<std::int64_t>(o.cg_test.preconditioned_iterations)},
      {"colours", static_cast<std::int64_t>(o.colours)},
      {"raw_flops_per_s", o.raw_rate},
      {"bandwidth_bytes_per_s", o.bandwidth},
      {"stream_triad_bytes_per_s", stream_figure},
      {"bandwidth_fraction_of_stream", share_of_stream},
      {"kernel_bytes_per_iteration", o.traffic.per_iteration()},
      {"kernel_bandwidth_bytes_per_s", o.kernel_bandwidth},
      // The same bytes if no x value survived in cache from one colour's pass to the next.
      {"kernel_bytes_per_iteration_without_x_reuse", o.traffic.per_iteration_without_x_reuse()},
      {"kernel_bandwidth_without_x_reuse_bytes_per_s",
       o.kernel_bandwidth * o.traffic.per_iteration_without_x_reuse() / o.traffic.per_iteration()},
      {"bound_flops_per_s", bound_rate},
      {"fraction_of_bound", share_of_bound},
      {"cg_seconds", o.cg_seconds},
      {"setup_seconds", o.setup_seconds},
      {"optimisation_seconds", o.optimisation_seconds},
      // Where the time went, slowest rank per part; dot includes its allreduce.
      {"dot_seconds", o.times.dot},
      {"waxpby_seconds", o.times.waxpby},
      {"spmv_seconds", o.times.spmv},
      {"mg_seconds", o.times.mg},
      {"allreduce_seconds", o.times.allreduce},
      {"memory_bytes_per_rank", o.problem_bytes},
  };
  // Bytes per iteration of each kernel on each level (halo exchanges summed), all ranks.
  std::vector<std::pair<std::string, double>> traffic;
  for (const cg::TrafficLine& line : o.traffic.lines) {
    const std::string name = fmt::format("kernel_bytes_{}_level{}", line.kernel, line.level);
    auto it = std::find_if(traffic.begin(), traffic.end(), [&](const auto& t) { return t.first == name; });
    if (it == traffic.end()) it = traffic.insert(traffic.end(), {name, 0.0});
    it->second += line.bytes;
  }
  for (const auto& [name, bytes] : traffic) r.parameters.push_back({name, bytes});
  r.parameters.push_back({"kernel_bytes_per_set_start", o.traffic.set_start_bytes});
  if (triad > 0)
    r.notes.push_back(fmt::format("{:.0f}% of the bound {}: the kernels' {} a CG iteration at STREAM Triad's {} "
                                  "(docs/hpcg.md)",
                                  100.0 * share_of_bound, format_si(bound_rate, "FLOPS"),
                                  format_si(o.traffic.per_iteration(), "B"), format_si(triad, "B/s")));
  if (o.optimised_iterations > cg::reference_iterations)
    r.notes.push_back(fmt::format("the optimised preconditioner needs {} iterations where the reference needs {}: "
                                  "the rate counts the reference's work only (HPCG's penalty)",
                                  o.optimised_iterations, cg::reference_iterations));
  if (options.seconds < 1800)
    r.notes.push_back("HPCG: an official result needs --time 1800 or more");

  Result bandwidth = harness::single_run_result("hpcg", "memory traffic (HPCG model)", Precision::fp64, "B/s",
                                                o.bandwidth, r.verification);
  bandwidth.parameters = {
      {"stream_triad_bytes_per_s", stream_figure},
      {"fraction_of_stream_triad", share_of_stream},
  };
  if (stream.cache_sized)
    bandwidth.notes.push_back("no share of STREAM Triad: STREAM's arrays were cache-sized (a small --stream-size, or "
                              "too little memory for larger ones), which measures cache bandwidth, not a STREAM result");
  else if (triad > 0)
    bandwidth.notes.push_back(fmt::format("{:.0f}% of the STREAM Triad bandwidth measured in this run ({})",
                                          100.0 * o.bandwidth / triad, format_si(triad, "B/s")));
  bandwidth.parameters.push_back({"kernel_bandwidth_bytes_per_s", o.kernel_bandwidth});
  bandwidth.parameters.push_back({"fraction_of_bound", share_of_bound});
  if (triad > 0)
    bandwidth.notes.push_back(fmt::format("the kernels' own bytes moved at {} ({:.0f}% of STREAM Triad: the share of "
                                          "the bound the rate reached)",
                                          format_si(o.kernel_bandwidth, "B/s"), 100.0 * share_of_bound));
  return {r, bandwidth};
}

BenchmarkDescriptor describe_hpcg() {
  return {
      .name = "hpcg",
      .summary = "HPCG: FP64 conjugate gradient with a multigrid preconditioner, 27-point stencil, HPCG's validation",
      .centre = Centre::hpc,
      .run_order = 50,
      .profiles = {Profile::quick, Profile::hpc, Profile::full},
      .options =
          {
              {"nx", OptionType::count, "local box, x (multiple of 8, >= 16; default: quick 48, else from memory)",
               "NX"},
              {"ny", OptionType::count, "local box, y (default nx)", "NY"},
              {"nz", OptionType::count, "local box, z (default nx)", "NZ"},
              {"npx", OptionType::count, "process grid, x (with --npy --npz; default: the ranks factored)", "P"},
              {"npy", OptionType::count, "process grid, y", "P"},
              {"npz", OptionType::count, "process grid, z", "P"},
              {"time", OptionType::real, "seconds of timed CG sets (default: quick 1, else 60; official 1800)", "S"},
              {"mem-fraction", OptionType::real,
               "share of the host's memory for the problem when the box is derived (default 0.3)", "F"},
              {"threads", OptionType::count, "OpenMP threads per rank (default: OMP_NUM_THREADS or all)", "N"},
              {"reference", OptionType::flag, "run HPCG's reference kernels (natural-order SymGS, CSR SpMV)", ""},
              {"stream-size", OptionType::size,
               "bytes per array of the STREAM Triad measured for the share (default: STREAM's; a cache-sized "
               "one gives no share)",
               "BYTES"},
          },
      .run = run_hpcg,
  };
}

const Registrar registered{describe_hpcg()};

}  // namespace
}  // namespace suanli
