// `suanli cfd`: 2D incompressible Navier–Stokes (solvers/navier_stokes) on a staggered grid over a
// 2D decomposition of the ranks — a real solver, validated in every run: the lid-driven cavity
// against Ghia, Ghia & Shin (1982) at Re = 100, the Taylor–Green vortex against its exact solution.
// Rate = cells · time steps / wall time (LUP/s, each step including its pressure Poisson solves).
#include <omp.h>

#include <cmath>
#include <filesystem>
#include <limits>

#include <fmt/format.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "harness/benchmark.hpp"
#include "harness/common_options.hpp"
#include "harness/progress.hpp"
#include "kernels/stencil/stencil_variants.hpp"
#include "par/cartesian_grid.hpp"
#include "solvers/navier_stokes/centreline.hpp"
#include "solvers/navier_stokes/flow_files.hpp"
#include "solvers/navier_stokes/flow_solver.hpp"
#include "solvers/navier_stokes/taylor_green.hpp"

namespace suanli {
namespace {

namespace ns = solvers::navier_stokes;

constexpr int minimum_n = 8;
constexpr int maximum_n = 16384;  // 3 GiB of fields per rank at one rank: beyond any sensible run
// Taylor–Green: max error ≤ this · h² (h = 2π/n). Measured at t = 1: 0.0016 at Re = 100, 0.014 at
// Re = 10, 0.023 at Re = 1 (docs/cfd.md); a first-order error would exceed it from n ≈ 16 on.
constexpr double taylor_green_error_constant = 0.05;
// Other Re: the run is accepted when it reached the steady tolerance with ∇·u this small (U/L).
constexpr double divergence_tolerance = 1e-6;

struct CfdPlan {
  ns::FlowConfig flow;
  std::string profiles_path, picture_path, vtk_path;
};

ns::FlowCase parse_case(const std::string& name) {
  if (name == "cavity") return ns::FlowCase::cavity;
  if (name == "taylor-green") return ns::FlowCase::taylor_green;
  throw UsageError(fmt::format("--case: expected cavity or taylor-green, got '{}'", name));
}

// Every option is checked here, before any work, on every rank alike.
CfdPlan plan_for(const RunContext& ctx) {
  CfdPlan plan;
  ns::FlowConfig& f = plan.flow;
  f.flow_case = parse_case(ctx.options.text("case").value_or("cavity"));
  const bool cavity = f.flow_case == ns::FlowCase::cavity;
  f.re = ctx.options.real("re").value_or(100);
  const long default_n = ctx.profile == Profile::quick ? 64 : ctx.profile == Profile::full ? 256 : 128;
  const std::uint64_t n = ctx.options.count("n").value_or(static_cast<std::uint64_t>(default_n));
  if (n < minimum_n || n > maximum_n)
    throw UsageError(fmt::format("--n: expected {} to {} cells per side, got {}", minimum_n, maximum_n, n));
  f.n = static_cast<int>(n);
  // Several ranks: each rank's block must have even sides, so that multigrid can coarsen it before
  // gathering (an odd block would leave a large distributed coarsest grid, solved slowly by sweeps).
  const int ranks = ctx.world.size();
  const par::GridShape shape = ranks == 1 ? par::GridShape{1, 1}
                               : f.n % 2 == 0 ? par::square_grid_dividing(ranks, f.n / 2)
                                              : par::GridShape{};
  if (shape.px == 0)
    throw UsageError(fmt::format("--n: {} cells per side do not split over {} ranks; expected n = 2·k with k divisible "
                                 "by both sides of a px×py grid of the ranks (e.g. a multiple of {})",
                                 n, ranks, 2 * ranks));
  f.px = shape.px;
  f.py = shape.py;
  if (auto steps = ctx.options.count("steps")) f.max_steps = static_cast<long>(*steps);
  if (auto tol = ctx.options.real("tol")) f.steady_tolerance = *tol;
  if (cavity) f.poisson_tolerance = 0.1 * f.steady_tolerance;
  f.end_time = ctx.options.real("end-time").value_or(cavity ? std::numeric_limits<double>::infinity() : 1.0);
  f.time_order = cavity ? 1 : 2;
  plan.vtk_path = ctx.options.text("vtk").value_or("");
  plan.profiles_path = ctx.options.text("profiles").value_or("");
  plan.picture_path = ctx.options.text("picture").value_or("");
  if (ctx.options.flag("files")) {
    const std::string stem = fmt::format("cfd-{}-n{}", ns::case_name(f.flow_case), f.n);
    if (plan.profiles_path.empty() && cavity) plan.profiles_path = stem + "-profiles.csv";
    if (plan.picture_path.empty()) plan.picture_path = stem + ".svg";
  }
  if (!cavity && !plan.profiles_path.empty())
    throw UsageError("--profiles: the centreline profiles are written for --case cavity only");
  for (const char* name : {"vtk", "profiles", "picture"})
    if (ctx.options.has(name) && ctx.options.text(name)->empty())
      throw UsageError(fmt::format("--{}: expected a file name", name));
  // A file that cannot be written is found out now, not after the run.
  for (const auto& [name, path] : {std::pair<std::string, std::string>{"vtk", plan.vtk_path},
                                   {"profiles", plan.profiles_path}, {"picture", plan.picture_path}}) {
    const std::filesystem::path directory = std::filesystem::path(path).parent_path();
    if (!path.empty() && !directory.empty() && !std::filesystem::is_directory(directory))
      throw UsageError(fmt::format("--{}: expected a file in an existing directory, got '{}'", name, path));
  }
  return plan;
}

Verification verify(const ns::FlowConfig& f, const ns::FlowRun& run, std::vector<Parameter>& parameters,
                    std::vector<std::string>& notes) {
  if (!run.failure.empty()) return {false, run.failure, std::numeric_limits<double>::quiet_NaN(), 0};
  if (f.flow_case == ns::FlowCase::taylor_green) {
    const double nu = 1.0 / f.re;
    const double error = ns::taylor_green_error(run.fields, run.simulated_time, nu);
    const double h = run.fields.h();
    parameters.push_back({"taylor_green_max_error", error});
    const double threshold = taylor_green_error_constant * h * h;
    return {error <= threshold, fmt::format("max |u - exact| at t = {:.4g} (U), threshold {} h^2",
                                            run.simulated_time, taylor_green_error_constant),
            error, threshold};
  }
  if (!run.steady)
    notes.push_back(fmt::format("stopped after {} steps before the steady tolerance {} (residual {:.3g})", run.steps,
                                f.steady_tolerance, run.steady_residual));
  if (f.re == 100) {
    const ns::GhiaComparison ghia = ns::compare_with_ghia(run.fields, ns::ghia_re100());
    parameters.push_back({"ghia_max_u_difference", ghia.max_u_difference});
    parameters.push_back({"ghia_max_v_difference", ghia.max_v_difference});
    const double threshold = ns::ghia_tolerance(f.n);
    return {ghia.max_difference() <= threshold,
            "max |u - Ghia| on the centrelines (U), Ghia, Ghia & Shin 1982, Re=100", ghia.max_difference(), threshold};
  }
  notes.push_back(fmt::format("no Ghia et al. table at Re = {}: verified by steady residual and divergence; "
                              "compare the written profiles with published data",
                              f.re));
  const bool passed = run.steady && run.max_divergence <= divergence_tolerance;
  return {passed, "max |div u| (U/L) at a steady state", run.max_divergence, divergence_tolerance};
}

void write_outputs(const RunContext& ctx, const CfdPlan& plan, const ns::FlowRun& run,
                   std::vector<Parameter>& parameters) {
  const ns::FlowConfig& f = plan.flow;
  if (!plan.profiles_path.empty()) {
    if (ctx.world.is_root()) write_file_atomically(plan.profiles_path, ns::profiles_csv(run.fields, f.re));
    parameters.push_back({"profiles_file", plan.profiles_path});
  }
  if (!plan.picture_path.empty()) {
    if (ctx.world.is_root())
      write_file_atomically(plan.picture_path, ns::flow_svg(run.fields, fmt::format("{} Re={:g} n={} t={:.3g}",
                                                                                  ns::case_name(f.flow_case), f.re,
                                                                                  f.n, run.simulated_time)));
    parameters.push_back({"picture_file", plan.picture_path});
  }
  if (!plan.vtk_path.empty()) {
    if (ctx.world.is_root()) write_file_atomically(plan.vtk_path, ns::vtk_legacy(run.fields));
    parameters.push_back({"vtk_file", plan.vtk_path});
  }
}

std::vector<Result> run_cfd(RunContext& ctx) {
  const CfdPlan plan = plan_for(ctx);
  const ns::FlowConfig& f = plan.flow;
  // The cavity marches to a steady state with no known step count (a fine grid at high Re takes
  // many minutes): the line shows the residual against its target and, once the residual has
  // fallen through two decades, the time left at the pace of the last; Taylor–Green its clock.
  harness::Progress progress(ctx, "cfd", "step");
  harness::DecayEstimate to_steady(f.steady_tolerance);
  const bool cavity = f.flow_case == ns::FlowCase::cavity;
  const double start = MPI_Wtime();
  const ns::FlowRun run = ns::run_flow(f, MPI_COMM_WORLD, [&](long steps, double t, double residual) {
    if (!progress.active()) return;
    const double left = cavity ? to_steady.update(residual, MPI_Wtime() - start) : -1;
    progress.update_open(
        steps,
        [&] {
          return cavity ? fmt::format("max |du/dt| {:.2e} (steady at {:.0e})", residual, f.steady_tolerance)
                        : fmt::format("t = {:.3g} of {:.3g}", t, f.end_time);
        },
        left);
  });
  const double cells = static_cast<double>(f.n) * f.n;
  const double rate = run.failure.empty() && run.seconds > 0 ? cells * static_cast<double>(run.steps) / run.seconds
                                                             : std::numeric_limits<double>::quiet_NaN();

  Result r = harness::single_run_result("cfd", fmt::format("{} n={} Re={:g}", ns::case_name(f.flow_case), f.n, f.re),
                                        Precision::fp64, "LUP/s", rate, {});
  const double solves = std::max<double>(1, static_cast<double>(run.poisson_solves));
  r.parameters = {
      {"case", ns::case_name(f.flow_case)},
      {"n", static_cast<std::int64_t>(f.n)},
      {"re", f.re},
      {"ranks", static_cast<std::int64_t>(ctx.world.size())},
      {"px", static_cast<std::int64_t>(f.px)},
      {"py", static_cast<std::int64_t>(f.py)},
      {"threads_per_rank", static_cast<std::int64_t>(omp_get_max_threads())},
      {"time_order", static_cast<std::int64_t>(f.time_order)},
      {"kernel_variant", std::string(kernels::stencil::best_stencil_loops().name)},
      {"steps", static_cast<std::int64_t>(run.steps)},
      {"simulated_time", run.simulated_time},
      {"seconds", run.seconds},
      {"poisson_seconds", run.poisson_seconds},
      {"poisson_solves", static_cast<std::int64_t>(run.poisson_solves)},
      {"poisson_cycles_per_solve", static_cast<double>(run.poisson_cycles) / solves},
      {"poisson_unconverged_solves", static_cast<std::int64_t>(run.poisson_unconverged)},
      {"multigrid_levels", static_cast<std::int64_t>(run.multigrid_levels)},
      {"last_dt", run.last_dt},
      {"max_divergence", run.max_divergence},
  };
  if (f.flow_case == ns::FlowCase::cavity) {
    r.parameters.push_back({"steady", run.steady});
    r.parameters.push_back({"steady_tolerance", f.steady_tolerance});
    r.parameters.push_back({"steady_residual", run.steady_residual});
    if (run.steady) r.parameters.push_back({"time_to_steady_seconds", run.seconds});
  }
  r.verification = verify(f, run, r.parameters, r.notes);
  if (!run.failure.empty()) r.notes.push_back(run.failure + ": no rate is reported");
  if (run.poisson_unconverged > 0)
    r.notes.push_back(fmt::format("{} of {} pressure solves stopped at {} V-cycles above the tolerance {}",
                                  run.poisson_unconverged, run.poisson_solves, f.max_poisson_cycles,
                                  f.poisson_tolerance));
  write_outputs(ctx, plan, run, r.parameters);
  return {r};
}

BenchmarkDescriptor describe_cfd() {
  return {
      .name = "cfd",
      .summary = "Navier-Stokes: 2D incompressible flow, MAC grid, projection + multigrid, verified (LUP/s)",
      .centre = Centre::hpc,
      .run_order = 60,
      .profiles = {Profile::quick, Profile::hpc, Profile::full},
      .options =
          {
              {"case", OptionType::text, "cavity (lid-driven, to steady state; default) or taylor-green", "NAME"},
              {"re", OptionType::real, "Reynolds number U·L/nu (default 100)", "RE"},
              {"n", OptionType::count,
               "cells per side, at least 8, any n on one rank; on several, 2k with k split by the rank grid "
               "(default: quick 64, hpc 128, full 256)",
               "N"},
              {"steps", OptionType::count, "at most this many time steps (default 200000)", "N"},
              {"tol", OptionType::real, "cavity: steady when max |du/dt| <= TOL in U^2/L (default 1e-4)", "TOL"},
              {"end-time", OptionType::real, "stop at this time in L/U (default: taylor-green 1, cavity none)", "T"},
              {"profiles", OptionType::text, "cavity: write the centreline profiles to FILE (CSV)", "FILE"},
              {"picture", OptionType::text, "write the flow (speed and streamlines) to FILE (SVG)", "FILE"},
              {"vtk", OptionType::text, "write the fields to FILE (VTK legacy, for ParaView)", "FILE"},
              {"files", OptionType::flag,
               "write the profiles and picture under default names: cfd-CASE-nN-profiles.csv, cfd-CASE-nN.svg", ""},
          },
      .run = run_cfd,
  };
}

const Registrar registered{describe_cfd()};

}  // namespace
}  // namespace suanli
