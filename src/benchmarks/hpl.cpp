// HPL (Linpack): FP64 dense LU with partial pivoting on a P×Q grid
// (solvers/lu), the HPC centre's headline figure. No HPL.dat: n from memory,
// NB from a small per-ISA table, the grid as square as possible; all overridable.
// Rate = (2/3·n³ + 3/2·n²) / time; every run checks HPL's scaled residual < 16.
#include <omp.h>

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/error.hpp"
#include "harness/benchmark.hpp"
#include "harness/progress.hpp"
#include "harness/common_options.hpp"
#include "harness/dense_system_size.hpp"
#include "harness/rpeak_share.hpp"
#include "kernels/dense/blas_engine.hpp"
#include "par/process_grid.hpp"
#include "solvers/lu/lu_solver.hpp"

namespace suanli {
namespace {

namespace lu = solvers::lu;

constexpr double fp64_bytes = 8.0;
constexpr long quick_n = 6000;  // about 2 s at 100 GFLOPS: a quick profile's figure

lu::PanelBroadcast parse_broadcast(const std::string& name) {
  if (name == "ring") return lu::PanelBroadcast::increasing_ring;
  if (name == "long") return lu::PanelBroadcast::bandwidth_reducing;
  if (name == "mpi") return lu::PanelBroadcast::mpi_bcast;
  throw UsageError(fmt::format("--bcast: expected ring (increasing ring), long (bandwidth-reducing) or mpi, got '{}'",
                               name));
}

lu::PanelBase parse_panel(const std::string& name) {
  if (name == "auto") return lu::PanelBase::automatic;
  if (name == "left") return lu::PanelBase::left_looking;
  if (name == "right") return lu::PanelBase::right_looking;
  throw UsageError(fmt::format("--panel: expected auto, left or right, got '{}'", name));
}

// The panel base in use: automatic resolves by the grid (lu_solver.hpp).
const char* panel_name(const lu::LuOptions& options) {
  if (options.panel_base == lu::PanelBase::left_looking) return "left";
  if (options.panel_base == lu::PanelBase::right_looking) return "right";
  return options.p == 1 ? "left" : "right";
}

// The phases of LuTimes, in the order the split is shown.
struct Phase {
  const char* name;
  double lu::LuTimes::*seconds;
};
constexpr Phase phases[] = {{"panel", &lu::LuTimes::panel},   {"broadcast", &lu::LuTimes::broadcast},
                            {"wait", &lu::LuTimes::wait},     {"swap", &lu::LuTimes::swap},
                            {"trsm", &lu::LuTimes::trsm},     {"update", &lu::LuTimes::update},
                            {"solve", &lu::LuTimes::solve}};
// Up to this many ranks the JSON also gets every rank's split; beyond, only the slowest per phase.
constexpr int split_ranks_listed = 16;

// Where the time went: per phase the slowest rank's seconds (`<phase>_seconds`), the rest of each
// rank's wall time (`other_seconds`: between phases, the final barrier), every rank's split as text,
// and a note with the shares of the run so a reader sees at once what bounds the rate.
void add_time_split(Result& r, const par::World& world, const lu::LuTimes& t, double seconds) {
  std::string shares;
  for (const Phase& phase : phases) {
    const double slowest = world.max(t.*phase.seconds);
    r.parameters.push_back({fmt::format("{}_seconds", phase.name), slowest});
    shares += fmt::format("{}{} {:.2f} s ({:.1f}%)", shares.empty() ? "" : ", ", phase.name, slowest,
                          100 * slowest / seconds);
  }
  const double other = world.max(seconds - t.sum());
  r.parameters.push_back({"other_seconds", other});
  r.notes.push_back(fmt::format("time split, slowest rank per phase, of {:.2f} s: {}, other {:.2f} s", seconds,
                                shares, other));
  if (world.size() > split_ranks_listed) return;
  std::vector<std::vector<double>> by_phase;
  for (const Phase& phase : phases) by_phase.push_back(world.all_gather(t.*phase.seconds));
  std::string by_rank;
  for (int rank = 0; rank < world.size(); ++rank) {
    by_rank += fmt::format("{}rank {}:", rank == 0 ? "" : "; ", rank);
    for (std::size_t i = 0; i < by_phase.size(); ++i)
      by_rank += fmt::format(" {} {:.3f}", phases[i].name, by_phase[i][static_cast<std::size_t>(rank)]);
  }
  r.parameters.push_back({"time_split_by_rank", by_rank});
}

// Below this NB the rank-NB updates are too thin for BLAS-3 speed: said in the result.
constexpr int small_nb = 32;

struct HplPlan {
  lu::LuOptions lu;
  std::vector<int> nbs;  // one run per NB (--sweep-nb), else just lu.nb
  int threads = 1;
};

HplPlan plan_for(const RunContext& ctx) {
  HplPlan plan;
  plan.threads = omp_get_max_threads();
  const harness::DenseSystemSize size = harness::dense_system_size(ctx, fp64_bytes, quick_n);
  plan.lu.p = size.p;
  plan.lu.q = size.q;
  const long n = size.n;
  const int nb = size.nb;
  const bool sweep = ctx.options.flag("sweep-nb");
  if (nb > n && (!sweep || ctx.options.has("nb")))
    throw UsageError(fmt::format("--nb: expected at most n = {}, got {}", n, nb));
  plan.lu.n = n;
  plan.lu.nb = nb;
  plan.lu.broadcast = parse_broadcast(ctx.options.text("bcast").value_or("ring"));
  const auto depth = ctx.options.text("depth").value_or("1");
  if (depth != "0" && depth != "1") throw UsageError(fmt::format("--depth: expected 0 or 1, got '{}'", depth));
  plan.lu.lookahead = depth == "1" ? 1 : 0;
  if (auto base = ctx.options.count("panel-base")) plan.lu.panel_base_columns = static_cast<int>(*base);
  plan.lu.panel_base = parse_panel(ctx.options.text("panel").value_or("auto"));

  if (sweep) {
    for (int candidate : {64, 128, 192, 256, 384})
      if (candidate <= n) plan.nbs.push_back(candidate);
  } else {
    plan.nbs = {nb};
  }
  return plan;
}

Result run_one(const RunContext& ctx, const HplPlan& plan, int nb) {
  lu::LuOptions options = plan.lu;
  options.nb = nb;
  harness::Progress progress(ctx, "hpl", "panel");
  options.on_panel = [&progress](long done, long total) { progress.update(done, total, lu::work_done(done, total)); };
  const par::ProcessGrid grid(options.p, options.q);
  const lu::LuResult solved = lu::solve_lu<double>(grid, options);
  const double seconds = solved.seconds;
  const double rate = lu::lu_flops(options.n) / seconds;

  Result r = harness::single_run_result(
      "hpl", fmt::format("n={} nb={}", options.n, nb), Precision::fp64, rate,
      {solved.passed, "scaled residual ||Ax-b|| / (eps (||A|| ||x|| + ||b||) n)", solved.scaled_residual,
       lu::residual_threshold});
  harness::attach_world_rpeak(r, ctx.world, ctx.machine, Precision::fp64, plan.threads);
  r.parameters = {
      {"n", static_cast<std::int64_t>(options.n)},
      {"nb", static_cast<std::int64_t>(nb)},
      {"p", static_cast<std::int64_t>(options.p)},
      {"q", static_cast<std::int64_t>(options.q)},
      {"bcast", std::string(lu::to_string(options.broadcast))},
      {"depth", static_cast<std::int64_t>(options.lookahead)},
      {"panel", std::string(panel_name(options))},
      {"panel_base", static_cast<std::int64_t>(options.panel_base_columns)},
      {"threads_per_rank", static_cast<std::int64_t>(plan.threads)},
      {"seconds", seconds},
  };
  kernels::dense::record_dense_blas(r, kernels::dense::active_blas_engine(), ctx.machine.features);
  add_time_split(r, ctx.world, solved.times, seconds);
  if (nb < small_nb)
    r.notes.push_back(fmt::format("NB = {} is below {}: the panel factorisation (BLAS-2, bound by memory) takes most of "
                                  "the time, so the rate is far below that of NB 128-256 (measured here: NB 1 is 10x "
                                  "slower than 192 at n = 2000)",
                                  nb, small_nb));
  return r;
}

std::vector<Result> run_hpl(RunContext& ctx) {
  const HplPlan plan = plan_for(ctx);
  const kernels::dense::BlasEngineScope blas(kernels::dense::blas_engine_or_default(harness::blas_engine_key(ctx.options)));
  std::vector<Result> results;
  for (int nb : plan.nbs) results.push_back(run_one(ctx, plan, nb));
  return results;
}

BenchmarkDescriptor describe_hpl() {
  return {
      .name = "hpl",
      .summary = "Linpack: FP64 LU with partial pivoting on a PxQ grid, HPL's residual check, no HPL.dat",
      .centre = Centre::hpc,
      .run_order = 40,
      .profiles = {Profile::quick, Profile::hpc, Profile::full},
      .options =
          {
              {"n", OptionType::count, "matrix order (default: quick 6000, else --mem-fraction of memory)", "N"},
              {"nb", OptionType::count, "block size (default 192 with AVX2/AVX-512, else 128)", "NB"},
              {"p", OptionType::count, "process rows (default: as square as possible, P <= Q)", "P"},
              {"q", OptionType::count, "process columns", "Q"},
              {"mem-fraction", OptionType::real, "share of memory for the matrix when n is derived (default 0.8)",
               "F"},
              {"bcast", OptionType::text, "panel broadcast: ring (default), long (bandwidth-reducing) or mpi",
               "NAME"},
              {"depth", OptionType::text, "look-ahead depth: 0 or 1 (default 1)", "D"},
              {"panel", OptionType::text,
               "panel base blocks: left (left-looking, P = 1 only), right (rank-1 updates) or auto (default: left "
               "when P = 1)",
               "NAME"},
              {"panel-base", OptionType::count,
               "panel columns below which the recursive panel factorization goes column by column (default 16)", "C"},
              {"sweep-nb", OptionType::flag, "run once per NB in 64, 128, 192, 256, 384", ""},
              harness::blas_option(),
          },
      .run = run_hpl,
  };
}

const Registrar registered{describe_hpl()};

}  // namespace
}  // namespace suanli
