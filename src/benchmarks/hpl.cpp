// HPL (Linpack): FP64 dense LU with partial pivoting on a P×Q grid
// (solvers/lu), the HPC centre's headline figure. No HPL.dat: n from memory,
// NB from a small per-ISA table, the grid as square as possible; all overridable.
// Rate = (2/3·n³ + 3/2·n²) / time; every run checks HPL's scaled residual < 16.
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/units.hpp"
#include "harness/benchmark.hpp"
#include "harness/rpeak_share.hpp"
#include "par/process_grid.hpp"
#include "solvers/lu/lu_solver.hpp"

namespace suanli {
namespace {

namespace lu = solvers::lu;

// Matrix elements per rank beyond n²/(P·Q): the augmented column b, the panel
// and U buffers (a few nb-wide strips) — a margin, so the memory check errs safe.
constexpr double memory_margin = 1.10;
constexpr long quick_n = 6000;  // about 1.5 s at 100 GFLOPS: a quick profile's figure

// NB per vector ISA: wide enough for DGEMM to run near its peak, small enough
// that the panel (on one process column) does not dominate. Measured on Zen 5.
int default_nb(const CpuFeatures& f) {
  if (f.avx512f) return 192;
  if (f.avx2 && f.fma) return 192;
  return 128;
}

// P ≤ Q, as square as possible: P is the largest divisor of the rank count ≤ √ranks.
std::pair<int, int> default_grid(int ranks) {
  int p = static_cast<int>(std::sqrt(static_cast<double>(ranks)));
  while (p > 1 && ranks % p != 0) --p;
  return {p, ranks / p};
}

// Bytes one rank holds for order n on a P×Q grid.
double bytes_per_rank(long n, int p, int q) {
  return memory_margin * 8.0 * static_cast<double>(n) * static_cast<double>(n + 1) / (p * q);
}

// The largest n whose matrices fit `fraction` of the memory of every host.
long largest_n(const RunContext& ctx, double fraction, int p, int q) {
  // Each rank may use its share of its host's available memory.
  const double share = fraction * static_cast<double>(ctx.machine.memory_available_bytes) / ctx.world.host_size();
  const double smallest_share = ctx.world.min(share);
  return static_cast<long>(std::sqrt(smallest_share * p * q / (memory_margin * 8.0)));
}

lu::PanelBroadcast parse_broadcast(const std::string& name) {
  if (name == "ring") return lu::PanelBroadcast::increasing_ring;
  if (name == "long") return lu::PanelBroadcast::bandwidth_reducing;
  if (name == "mpi") return lu::PanelBroadcast::mpi_bcast;
  throw UsageError(fmt::format("--bcast: expected ring (increasing ring), long (bandwidth-reducing) or mpi, got '{}'",
                               name));
}

struct HplPlan {
  lu::LuOptions lu;
  std::vector<int> nbs;  // one run per NB (--sweep-nb), else just lu.nb
  int threads = 1;
};

HplPlan plan_for(const RunContext& ctx) {
  HplPlan plan;
  plan.threads = omp_get_max_threads();
  const int ranks = ctx.world.size();
  auto [p, q] = default_grid(ranks);
  const auto given_p = ctx.options.count("p"), given_q = ctx.options.count("q");
  // One of the two given: the other follows from the rank count.
  if (given_p) p = static_cast<int>(*given_p);
  if (given_q) q = static_cast<int>(*given_q);
  if (given_p && !given_q) q = std::max(1, ranks / p);
  if (given_q && !given_p) p = std::max(1, ranks / q);
  if (static_cast<long>(p) * q != ranks)
    throw UsageError(fmt::format("--p/--q: a {}x{} grid needs {} ranks, but {} are running", p, q,
                                 static_cast<long>(p) * q, ranks));
  plan.lu.p = p;
  plan.lu.q = q;

  const double fraction = ctx.options.real("mem-fraction").value_or(0.8);
  if (fraction >= 1) throw UsageError(fmt::format("--mem-fraction: expected a fraction below 1, got {}", fraction));
  const long fits = largest_n(ctx, fraction, p, q);
  const int nb = static_cast<int>(ctx.options.count("nb").value_or(default_nb(ctx.machine.features)));
  long n = 0;
  if (auto given = ctx.options.count("n")) {
    n = static_cast<long>(*given);
    if (n > fits)
      throw UsageError(fmt::format("--n: order {} needs {} per rank, more than {:.0f}% of the memory available; "
                                   "the largest n that fits is {}",
                                   n, format_iec_bytes(bytes_per_rank(n, p, q)), 100 * fraction, fits));
  } else {
    n = ctx.profile == Profile::quick ? std::min(quick_n, fits) : fits;
    n = std::max<long>(nb, n / nb * nb);  // whole blocks: no ragged last panel
  }
  const bool sweep = ctx.options.flag("sweep-nb");
  if (nb > n && (!sweep || ctx.options.has("nb")))
    throw UsageError(fmt::format("--nb: expected at most n = {}, got {}", n, nb));
  plan.lu.n = n;
  plan.lu.nb = nb;
  plan.lu.broadcast = parse_broadcast(ctx.options.text("bcast").value_or("ring"));
  const auto depth = ctx.options.text("depth").value_or("1");
  if (depth != "0" && depth != "1") throw UsageError(fmt::format("--depth: expected 0 or 1, got '{}'", depth));
  plan.lu.lookahead = depth == "1" ? 1 : 0;

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
  const par::ProcessGrid grid(options.p, options.q);
  const lu::LuResult solved = lu::solve_lu<double>(grid, options);
  const double seconds = solved.seconds;
  const double rate = lu::lu_flops(options.n) / seconds;

  Result r;
  r.benchmark = "hpl";
  r.metric = fmt::format("n={} nb={}", options.n, nb);
  r.precision = "fp64";
  r.unit = "FLOP/s";
  r.value = rate;
  r.statistic = "single";  // one factorization, as HPL reports it
  const std::vector<double> one = {rate};
  r.stats = summarize(one);
  r.verification = {solved.passed, "scaled residual ||Ax-b|| / (eps (||A|| ||x|| + ||b||) n)",
                    solved.scaled_residual, lu::residual_threshold};
  const double rpeak = harness::world_rpeak(ctx.world, ctx.machine, Precision::fp64, plan.threads);
  if (rpeak > 0) {
    r.rpeak = rpeak;
    r.efficiency = rate / rpeak;
  }
  const lu::LuTimes& t = solved.times;
  r.parameters = {
      {"n", static_cast<std::int64_t>(options.n)},
      {"nb", static_cast<std::int64_t>(nb)},
      {"p", static_cast<std::int64_t>(options.p)},
      {"q", static_cast<std::int64_t>(options.q)},
      {"bcast", std::string(lu::to_string(options.broadcast))},
      {"depth", static_cast<std::int64_t>(options.lookahead)},
      {"threads_per_rank", static_cast<std::int64_t>(plan.threads)},
      {"seconds", seconds},
      // The split, slowest rank per phase: where the time went.
      {"panel_seconds", ctx.world.max(t.panel)},
      {"broadcast_seconds", ctx.world.max(t.broadcast)},
      {"swap_seconds", ctx.world.max(t.swap)},
      {"update_seconds", ctx.world.max(t.update)},
      {"solve_seconds", ctx.world.max(t.solve)},
  };
  return r;
}

std::vector<Result> run_hpl(RunContext& ctx) {
  const HplPlan plan = plan_for(ctx);
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
              {"sweep-nb", OptionType::flag, "run once per NB in 64, 128, 192, 256, 384", ""},
          },
      .run = run_hpl,
  };
}

const Registrar registered{describe_hpl()};

}  // namespace
}  // namespace suanli
