#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "cli/commands.hpp"
#include "core/rpeak_guard.hpp"
#include "core/units.hpp"
#include "harness/rpeak_clock.hpp"
#include "kernels/peak/peak_kernels.hpp"
#include "par/affinity.hpp"
#include "report/text_table.hpp"

namespace suanli::cli {

namespace {

struct MeasuredRate {
  Precision precision;
  double flops_per_second = 0;
  double rpeak = 0;  // of all ranks, 0 when unknown
};

// FP64 and FP32 FMA throughput on all threads, about 0.2 s each, summed over ranks,
// against Rpeak at a clock no lower than the one the cores held beside each loop
// (the run's Rpeak clock is raised as in `suanli peak`, docs/rpeak.md).
std::vector<MeasuredRate> measure_rates(CliContext& ctx) {
  const par::World& world = ctx.world();
  par::pin_openmp_threads(world);
  struct Measured {
    Precision precision;
    double ops_per_second;
    int threads;
  };
  std::vector<Measured> measured;
  double held = 0;
  for (Precision p : {Precision::fp64, Precision::fp32}) {
    const kernels::peak::PeakKernel* k = kernels::peak::best_peak_kernel(p, ctx.machine().microarchitecture);
    if (!k) throw RunError(fmt::format("units: no native {} FMA kernel on this CPU", precision_label(p)));
    const auto m = kernels::peak::measure_peak_rate(*k, 0.2, true);
    held = std::max(held, harness::clock_held(ctx.machine(), m.threads, k->vector_bits).highest);
    if (!world.all(m.verified))
      throw RunError(fmt::format("units: the {} FMA kernel returned a wrong checksum", precision_label(p)));
    measured.push_back({p, m.ops_per_second, m.threads});
  }
  ctx.raise_rpeak_clock(world.max(held), harness::raised_by_held_clock);  // collective: every rank raises alike
  std::vector<MeasuredRate> rates;
  for (const Measured& m : measured) {
    // Rpeak counts physical cores; each rank's share is the cores its threads run on.
    const PeakEntry* peak = ctx.machine().peak(m.precision);
    const double rank_rpeak = peak ? peak->rpeak_core * std::min(m.threads, ctx.machine().physical_cores) : 0.0;
    rates.push_back({m.precision, world.sum(m.ops_per_second), world.sum(rank_rpeak)});
  }
  return rates;
}

// The index of the largest prefix not above value, or -1 below kilo.
int prefix_index(double value) {
  int index = -1;
  const auto& prefixes = si_prefixes();
  for (std::size_t i = 0; i < prefixes.size(); ++i)
    if (value >= prefixes[i].value) index = static_cast<int>(i);
  return index;
}

std::string render_units(const std::vector<MeasuredRate>& rates, int ranks, double rpeak_hz) {
  TextTable table({"name", "symbol", "value", "rate", "每秒…", "this machine"},
                  {Align::left, Align::left, Align::right, Align::left, Align::left, Align::left});
  const auto& prefixes = si_prefixes();
  for (std::size_t i = 0; i < prefixes.size(); ++i) {
    std::string here;
    for (const MeasuredRate& r : rates)
      if (prefix_index(r.flops_per_second) == static_cast<int>(i))
        here += fmt::format("{}<- {} {}", here.empty() ? "" : "  ", precision_label(r.precision),
                            format_si(r.flops_per_second, "FLOPS"));
    table.add_row({std::string(prefixes[i].name), std::string(prefixes[i].symbol),
                   fmt::format("1e{}", 3 * (i + 1)), fmt::format("{}FLOPS", prefixes[i].symbol),
                   std::string(prefixes[i].per_second), here});
  }
  std::string out =
      "Compute power is counted in operations per second and always named with its precision.\n"
      "Bytes also use binary prefixes: KiB = 2^10 B, MiB = 2^20 B, GiB = 2^30 B, … YiB = 2^80 B.\n\n";
  out += table.render();
  out += fmt::format("\nThis machine, measured now ({} rank(s), FMA loops on every thread, verified):\n", ranks);
  for (const MeasuredRate& r : rates) {
    // Through the guard (core/rpeak_guard): never a share of Rpeak above 100%.
    const RpeakCheck check =
        check_against_rpeak(r.flops_per_second, r.rpeak > 0 ? std::optional<double>(r.rpeak) : std::nullopt);
    std::string share;
    if (check.standing == RpeakStanding::above)
      share = fmt::format(", above Rpeak {} by {:.0f}%: a model error (clock used for Rpeak {:.2f} GHz)",
                          format_si(r.rpeak, "FLOPS"), 100 * (check.ratio - 1), rpeak_hz / 1e9);
    else if (check.standing != RpeakStanding::no_rpeak)
      share = fmt::format(", {} of Rpeak {}", efficiency_text(check), format_si(r.rpeak, "FLOPS"));
    out += fmt::format("  {:<5} {:>14}  = {:.3e} FLOP/s{}\n", precision_label(r.precision),
                       format_si(r.flops_per_second, "FLOPS"), r.flops_per_second, share);
  }
  return out;
}

}  // namespace

Command add_units_command(CLI::App& app, CliContext& ctx) {
  auto* sub = app.add_subcommand("units", "the SI prefixes K … Y and where this machine's FP64 and FP32 rates stand");
  return {sub, [&ctx] {
            const auto rates = measure_rates(ctx);
            ctx.print(render_units(rates, ctx.world().size(), ctx.machine().rpeak_hz));
            return ExitCode::success;
          }};
}

}  // namespace suanli::cli
