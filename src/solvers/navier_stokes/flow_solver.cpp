#include "solvers/navier_stokes/flow_solver.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "kernels/stencil/momentum.hpp"
#include "solvers/navier_stokes/multigrid.hpp"
#include "solvers/navier_stokes/taylor_green.hpp"

namespace suanli::solvers::navier_stokes {

namespace ks = kernels::stencil;

std::string case_name(FlowCase c) { return c == FlowCase::cavity ? "cavity" : "taylor-green"; }

namespace {

constexpr double lid_speed = 1.0;
// Beyond this the flow has blown up: nothing in either case exceeds U by far.
constexpr double runaway_speed = 1e3;

class FlowSolver {
 public:
  FlowSolver(const FlowConfig& config, MPI_Comm comm)
      : config_(config),
        periodic_(config.flow_case == FlowCase::taylor_green),
        grid_(comm, config.px, config.py, periodic_, periodic_),
        nx_(config.n / config.px),
        ny_(config.n / config.py),
        ox_(grid_.coord_x() * nx_),
        oy_(grid_.coord_y() * ny_),
        length_(periodic_ ? 2 * std::numbers::pi : 1.0),
        h_(length_ / config.n),
        nu_(1.0 / config.re),
        multigrid_(grid_, {nx_, ny_, ox_, oy_, h_}, periodic_),
        u_(nx_, ny_), v_(nx_, ny_), us_(nx_, ny_), vs_(nx_, ny_), uw_(nx_, ny_), vw_(nx_, ny_),
        phi_(nx_, ny_), rhs_(nx_, ny_) {
    range_.u_last_i = (!periodic_ && grid_.wall_east()) ? nx_ - 1 : nx_;
    range_.v_last_j = (!periodic_ && grid_.wall_north()) ? ny_ - 1 : ny_;
    if (periodic_)
      for (int j = 1; j <= ny_; ++j)
        for (int i = 1; i <= nx_; ++i) {
          u_(i, j) = taylor_green_u((ox_ + i) * h_, (oy_ + j - 0.5) * h_, 0, nu_);
          v_(i, j) = taylor_green_v((ox_ + i - 0.5) * h_, (oy_ + j) * h_, 0, nu_);
        }
    fill_velocity(u_, v_);
  }

  FlowRun run(const StepObserver& observer) {
    FlowRun out;
    out.multigrid_levels = multigrid_.levels();
    grid_.max(0);  // all ranks start the clock together
    const double start = MPI_Wtime();
    double t = 0;
    while (out.steps < config_.max_steps && t < config_.end_time * (1 - 1e-12)) {
      const double speed_u = grid_.max(max_abs(u_)), speed_v = grid_.max(max_abs(v_));
      if (!std::isfinite(speed_u) || !std::isfinite(speed_v) || std::max(speed_u, speed_v) > runaway_speed) {
        out.failure = fmt::format("the flow diverged at step {} (t = {:.4g}): max |u| = {:.3g}, max |v| = {:.3g}",
                                  out.steps, t, speed_u, speed_v);
        break;
      }
      // The step just taken was sized for the speeds before it; a flow that outran it (CFL > 1) is
      // unstable, whatever the adaptive step would do next.
      const double cfl = std::max(speed_u, speed_v) * out.last_dt / h_;
      if (cfl > 1) {
        out.failure = fmt::format("CFL violated at step {} (t = {:.4g}): max |u|·dt/h = {:.3g} > 1, the flow diverged",
                                  out.steps, t, cfl);
        break;
      }
      // The lid moves at U from the start, though only ghosts hold it before the first step.
      const double speed_bound = periodic_ ? speed_u : std::max(speed_u, lid_speed);
      double dt = config_.safety * stable_dt(speed_bound, speed_v);
      dt = std::min(dt, config_.end_time - t);
      if (!(dt > 1e-14)) {
        out.failure = fmt::format("the time step collapsed to {:.3g} at step {}", dt, out.steps);
        break;
      }
      advance(dt, out);
      t += dt;
      ++out.steps;
      out.last_dt = dt;
      if (observer) observer(out.steps, t, out.steady_residual);
      if (!periodic_ && out.steady_residual <= config_.steady_tolerance) {
        out.steady = true;
        break;
      }
    }
    out.seconds = grid_.max(MPI_Wtime() - start);
    out.poisson_seconds = grid_.max(poisson_seconds_);
    out.simulated_time = t;
    ks::divergence(u_, v_, h_, 1.0, rhs_);
    out.max_divergence = grid_.max(max_abs(rhs_));
    out.fields = gather();
    return out;
  }

 private:
  double stable_dt(double speed_u, double speed_v) const {
    double dt = config_.re * h_ * h_ / 4;  // diffusion: ν·Δt·(2/h²+2/h²) ≤ 1
    if (speed_u > 0) dt = std::min(dt, h_ / speed_u);
    if (speed_v > 0) dt = std::min(dt, h_ / speed_v);
    const double speed2 = speed_u * speed_u + speed_v * speed_v;
    // Central advection is stable under forward Euler only with Δt·|u|² ≤ 2ν.
    if (speed2 > 0) dt = std::min(dt, 2 * nu_ / speed2);
    return dt;
  }

  // One step of forward Euler or Heun's RK2, each stage a predictor plus a projection.
  void advance(double dt, FlowRun& out) {
    ks::momentum_step(u_, v_, h_, nu_, dt, range_, us_, vs_);
    project(us_, vs_, dt, out);
    if (config_.time_order == 2) {
      ks::momentum_step(us_, vs_, h_, nu_, dt, range_, uw_, vw_);
      project(uw_, vw_, dt, out);
      // u^{n+1} = (u^n + P(u* + Δt·H(u*)))/2: both halves are divergence-free.
      average_into(uw_, u_);
      average_into(vw_, v_);
      fill_velocity(uw_, vw_);
      std::swap(us_, uw_);  // us_ keeps u^{n+1} for the residual below
      std::swap(vs_, vw_);
    }
    out.steady_residual = grid_.max(std::max(max_change(us_, u_), max_change(vs_, v_))) / dt;
    std::swap(u_, us_);
    std::swap(v_, vs_);
  }

  void project(ks::Field& u, ks::Field& v, double dt, FlowRun& out) {
    fill_velocity(u, v);
    ks::divergence(u, v, h_, 1.0 / dt, rhs_);
    const double t0 = MPI_Wtime();
    const PoissonStats stats = multigrid_.solve(phi_, rhs_, config_.poisson_tolerance, config_.max_poisson_cycles);
    poisson_seconds_ += MPI_Wtime() - t0;
    out.poisson_cycles += stats.cycles;
    if (!(stats.final_residual <= config_.poisson_tolerance)) ++out.poisson_unconverged;
    ++out.poisson_solves;
    ks::subtract_gradient(phi_, h_, dt, range_, u, v);
    fill_velocity(u, v);
  }

  // w = (w + u_old)/2, ghosts included (the wall conditions are linear, so they still hold).
  static void average_into(ks::Field& w, const ks::Field& u_old) {
    for (std::size_t k = 0; k < w.data.size(); ++k) w.data[k] = 0.5 * (w.data[k] + u_old.data[k]);
  }

  double max_change(const ks::Field& a, const ks::Field& b) const {
    double m = 0;
    for (int j = 1; j <= ny_; ++j)
      for (int i = 1; i <= nx_; ++i) m = std::max(m, std::abs(a(i, j) - b(i, j)));
    return m;
  }

  double max_abs(const ks::Field& a) const {
    double m = 0;
    for (int j = 1; j <= ny_; ++j)
      for (int i = 1; i <= nx_; ++i) m = std::max(m, std::abs(a(i, j)));
    return m;
  }

  // Halo exchange, then the cavity's walls: no-slip (a ghost mirrors the tangential velocity about
  // the wall value), no penetration (the wall's normal face is zero); the lid moves at U.
  void fill_velocity(ks::Field& u, ks::Field& v) const {
    grid_.exchange_x(u.data.data(), nx_, ny_);
    grid_.exchange_x(v.data.data(), nx_, ny_);
    if (!periodic_) {
      if (grid_.wall_west())
        for (int j = 1; j <= ny_; ++j) u(0, j) = 0, v(0, j) = -v(1, j);
      if (grid_.wall_east())
        for (int j = 1; j <= ny_; ++j) u(nx_, j) = 0, u(nx_ + 1, j) = 0, v(nx_ + 1, j) = -v(nx_, j);
    }
    grid_.exchange_y(u.data.data(), nx_, ny_);
    grid_.exchange_y(v.data.data(), nx_, ny_);
    if (!periodic_) {
      if (grid_.wall_south())
        for (int i = 0; i <= nx_ + 1; ++i) v(i, 0) = 0, u(i, 0) = -u(i, 1);
      if (grid_.wall_north())
        for (int i = 0; i <= nx_ + 1; ++i) v(i, ny_) = 0, v(i, ny_ + 1) = 0, u(i, ny_ + 1) = 2 * lid_speed - u(i, ny_);
    }
  }

  std::vector<double> gather_field(const ks::Field& q) const {
    std::vector<double> block(static_cast<std::size_t>(nx_) * ny_);
    for (int j = 1; j <= ny_; ++j) std::copy(q.row(j) + 1, q.row(j) + 1 + nx_, block.data() + static_cast<std::size_t>(j - 1) * nx_);
    return grid_.allgather_blocks(block, nx_, ny_);
  }

  FlowFields gather() const {
    FlowFields f;
    f.n = config_.n;
    f.length = length_;
    f.periodic = periodic_;
    f.u = gather_field(u_);
    f.v = gather_field(v_);
    f.p = gather_field(phi_);
    double mean = 0;
    for (double x : f.p) mean += x;
    mean /= static_cast<double>(f.p.size());
    for (double& x : f.p) x -= mean;
    return f;
  }

  FlowConfig config_;
  bool periodic_;
  par::CartesianGrid grid_;
  int nx_, ny_, ox_, oy_;
  double length_, h_, nu_;
  MultigridPoisson multigrid_;
  ks::Field u_, v_, us_, vs_, uw_, vw_, phi_, rhs_;
  ks::FaceRange range_;
  double poisson_seconds_ = 0;
};

}  // namespace

FlowRun run_flow(const FlowConfig& config, MPI_Comm comm, const StepObserver& observer) {
  FlowSolver solver(config, comm);
  return solver.run(observer);
}

}  // namespace suanli::solvers::navier_stokes
