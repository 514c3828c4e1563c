// Cloud: many small independent requests, as a cloud front end serves them. A
// server in this process (an epoll loop per thread, src/serving) answers a mix
// of small INT32/FP32 tasks over loopback TCP to a load generator with C
// connections; every reply is checked against the task's reference answer.
// Reported: requests/s and latency percentiles against concurrency, the integer
// OP/s the tasks deliver beside the INT32 peak, and concurrency (many
// connections time-sliced on one core) against parallelism (all cores) for a
// CPU-bound and an IO-wait-bound mix. Methodology: docs/cloud.md.
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/stats.hpp"
#include "core/units.hpp"
#include "harness/benchmark.hpp"
#include "harness/common_options.hpp"
#include "harness/progress.hpp"
#include "harness/rpeak_share.hpp"
#include "kernels/peak/peak_kernels.hpp"
#include "par/affinity.hpp"
#include "serving/load_generator.hpp"
#include "serving/server.hpp"

namespace suanli {
namespace {

namespace ks = kernels::serving;
namespace sv = serving;

const std::vector<int> default_connections = {1, 4, 16, 64, 256, 1024};
const std::vector<int> quick_connections = {1, 16, 256};
constexpr int largest_connections = 65536;
constexpr int comparison_connections = 64;
constexpr double quick_seconds = 0.2;
constexpr double default_seconds = 2.0;
constexpr int fewest_open_loop_requests = 100;  // per point and rank: a rate and a median latency
constexpr std::uint32_t backend_wait_us = 1000;  // the IO-bound mix: a 1 ms call to a backend

// The CPU-bound mix: a 256-byte hash, 64 values to sort, a 16-field record, 64-element FP32 sums.
const std::vector<sv::MixEntry> cpu_mix = {
    {ks::Task::hash, 256}, {ks::Task::sort, 64}, {ks::Task::parse, 16}, {ks::Task::vector, 64}};
// The IO-bound mix: every request waits 1 ms on a backend and computes next to nothing.
const std::vector<sv::MixEntry> io_mix = {{ks::Task::wait, backend_wait_us}};

struct CloudPlan {
  std::vector<int> connections;
  double seconds = default_seconds;
  int server_threads = 1, client_threads = 1;
  double rate = 0;  // open loop when > 0
  bool compare = true;
  std::vector<int> cpus;  // this rank's CPUs
};

std::vector<int> parse_connections(const std::string& text) {
  std::vector<int> list;
  std::stringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) {
    const auto n = parse_positive_count(item);
    if (!n || *n > largest_connections)
      throw UsageError(fmt::format("--connections: expected counts such as 1,16,256 (1 … {}), got '{}'",
                                   largest_connections, item));
    list.push_back(static_cast<int>(*n));
  }
  if (list.empty()) throw UsageError("--connections: expected at least one count, e.g. 64");
  return list;
}

// A client and a server end per connection in this process, and some to spare.
void ensure_descriptors(int connections) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  const rlim_t needed = 2 * static_cast<rlim_t>(connections) + 256;
  if (limit.rlim_cur >= needed) return;
  if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < needed)
    throw UsageError(fmt::format("--connections: {} connections need {} file descriptors in this process, above "
                                 "the hard limit {} (ulimit -Hn)",
                                 connections, needed, limit.rlim_max));
  limit.rlim_cur = needed;
  setrlimit(RLIMIT_NOFILE, &limit);
}

CloudPlan plan_for(const RunContext& ctx) {
  CloudPlan plan;
  const bool quick = ctx.profile == Profile::quick;
  plan.connections = ctx.options.text("connections") ? parse_connections(*ctx.options.text("connections"))
                                                     : (quick ? quick_connections : default_connections);
  plan.seconds = ctx.options.real("seconds").value_or(quick ? quick_seconds : default_seconds);
  if (plan.seconds > 3600) throw UsageError(fmt::format("--seconds: expected at most 3600, got {}", plan.seconds));
  plan.cpus = ctx.world.launch_cpus();
  if (plan.cpus.empty()) plan.cpus = {0};
  const int cpus = static_cast<int>(plan.cpus.size());
  plan.server_threads = static_cast<int>(ctx.options.count("server-threads").value_or(cpus));
  plan.client_threads = static_cast<int>(ctx.options.count("client-threads").value_or(std::max(1, cpus / 2)));
  if (plan.server_threads > 1024 || plan.client_threads > 1024)
    throw UsageError("--server-threads, --client-threads: expected at most 1024 each");
  plan.rate = ctx.options.real("rate").value_or(0);
  // An open loop that sends a handful of requests per point measures nothing (0.5 req/s for 2 s
  // reported "0 req/s, passed"): refused before any server starts.
  if (plan.rate > 0 && plan.rate * plan.seconds < fewest_open_loop_requests)
    throw UsageError(fmt::format("--rate: {:g} requests/s for {:g} s per point sends {:.0f}; expected at least {} "
                                 "per point (--rate {:g} or more, or a longer --seconds)",
                                 plan.rate, plan.seconds, std::floor(plan.rate * plan.seconds),
                                 fewest_open_loop_requests, fewest_open_loop_requests / plan.seconds));
  plan.compare = !ctx.options.flag("no-comparison");
  ensure_descriptors(std::max(*std::max_element(plan.connections.begin(), plan.connections.end()),
                              comparison_connections));
  return plan;
}

struct Point {
  int connections = 0;
  int server_threads = 0;
  sv::LoadResult load;
};

// One load against a fresh server; the slowest rank's latency, every rank's requests.
Point measure(const RunContext& ctx, const CloudPlan& plan, int connections, int server_threads, std::vector<int> server_cpus, std::vector<int> client_cpus,
              const std::vector<sv::MixEntry>& mix, double rate) {
  sv::Server server({.threads = server_threads, .cpus = std::move(server_cpus)});
  sv::LoadConfig load{.port = server.port(),
                      .connections = connections,
                      .threads = std::min(plan.client_threads, connections),
                      .seconds = plan.seconds,
                      .warmup_seconds = std::min(0.2, plan.seconds / 4),
                      .open_loop_rate = rate,
                      .mix = mix,
                      .seed = 20261128 + static_cast<std::uint64_t>(ctx.world.rank()),
                      .cpus = std::move(client_cpus)};
  ctx.world.barrier();
  return {connections, server_threads, sv::run_load(load)};
}

struct Totals {
  double requests_per_second = 0, p50 = 0, p99 = 0, p999 = 0, integer_ops = 0, float_ops = 0;
  double failures = 0;  // wrong + error replies + unanswered + failed connections, all ranks
};

Totals totals(const RunContext& ctx, const Point& p) {
  const sv::LoadResult& r = p.load;
  Totals t;
  t.requests_per_second = ctx.world.sum(r.requests_per_second());
  const Percentiles latency = percentiles(r.latency_s);
  t.p50 = ctx.world.max(latency.p50);
  t.p99 = ctx.world.max(latency.p99);
  t.p999 = ctx.world.max(latency.p999);
  t.integer_ops = ctx.world.sum(r.integer_operations / r.seconds);
  t.float_ops = ctx.world.sum(r.float_operations / r.seconds);
  t.failures = ctx.world.sum(static_cast<double>(r.wrong + r.error_replies + r.unanswered + r.failed_connections));
  return t;
}

Verification answers_verified(double failures) {
  return {failures == 0, "wrong answers + error replies + unanswered requests + refused connections", failures, 0};
}

// The points' totals (totals(), one per point) as one result: the best rate, every point's curve.
Result requests_result(const std::string& metric, const std::vector<Point>& points, const std::vector<Totals>& all) {
  Result r;
  r.benchmark = "cloud";
  r.metric = metric;
  r.unit = "req/s";
  r.statistic = "best";
  double best = 0, failures = 0;
  std::vector<double> rates;
  for (std::size_t k = 0; k < points.size(); ++k) {
    const Point& p = points[k];
    const Totals& t = all[k];
    rates.push_back(t.requests_per_second);
    best = std::max(best, t.requests_per_second);
    failures += t.failures;
    const std::string key = fmt::format("connections_{}", p.connections);
    r.parameters.push_back({key + "_requests_per_s", t.requests_per_second});
    r.parameters.push_back({key + "_p50_s", t.p50});
    r.parameters.push_back({key + "_p99_s", t.p99});
    r.parameters.push_back({key + "_p999_s", t.p999});
  }
  r.stats = summarize(rates);
  r.value = best;
  r.verification = answers_verified(failures);
  return r;
}

double measured_int32_peak(const RunContext& ctx) {
  const kernels::peak::PeakKernel* k = kernels::peak::best_peak_kernel(Precision::int32, ctx.machine.microarchitecture);
  if (!k) return 0;
  const kernels::peak::PeakMeasurement m = kernels::peak::measure_peak_rate(*k, 0.1, true);
  return ctx.world.sum(m.verified ? m.ops_per_second : 0);
}

std::vector<Result> run_cloud(RunContext& ctx) {
  const CloudPlan plan = plan_for(ctx);  // every check before any work
  // The CLI pinned this thread to one CPU; the server's and load generator's threads would
  // inherit that one CPU. They get the rank's whole mask unless a comparison point pins them.
  const par::UnpinnedScope unpinned(ctx.world.launch_cpus());
  const std::vector<int>& cpus = plan.cpus;
  const auto stop_requested = [&] { return !ctx.world.all(!interrupt_requested()); };

  harness::Progress progress(ctx, "cloud", "point");
  const long points = static_cast<long>(plan.connections.size()) + (plan.compare ? 4 : 0);
  long points_done = 0;
  // Requests/s and latency against concurrency, all of this rank's CPUs serving.
  std::vector<Point> sweep;
  std::vector<Totals> sweep_totals;
  for (int c : plan.connections) {
    if (stop_requested()) break;
    sweep.push_back(measure(ctx, plan, c, plan.server_threads, {}, {}, cpu_mix, plan.rate));
    sweep_totals.push_back(totals(ctx, sweep.back()));
    progress.update(++points_done, points);
  }
  std::vector<Result> results;
  const std::string mode = plan.rate > 0 ? fmt::format("open loop, {:g} req/s", plan.rate) : "closed loop";
  if (!sweep.empty()) {
    Result requests = requests_result(fmt::format("requests (cpu mix, {})", mode), sweep, sweep_totals);
    requests.parameters.insert(requests.parameters.begin(),
                               {{"server_threads", static_cast<std::int64_t>(plan.server_threads)},
                                {"client_threads", static_cast<std::int64_t>(plan.client_threads)},
                                {"seconds_per_point", plan.seconds},
                                {"mix", std::string("hash 256 B, sort 64 int32, parse 16 fields, vector 64 fp32")},
                                {"ranks", static_cast<std::int64_t>(ctx.world.size())}});
    // The delivered integer OP/s at the best point, beside the INT32 peak.
    const auto best = std::max_element(sweep_totals.begin(), sweep_totals.end(), [](const Totals& a, const Totals& b) {
      return a.requests_per_second < b.requests_per_second;
    });
    Result ops = harness::single_run_result("cloud", "integer operations delivered", Precision::int32, "OP/s",
                                            best->integer_ops, requests.verification);
    harness::attach_world_rpeak(ops, ctx.world, ctx.machine, Precision::int32, plan.server_threads);
    const double measured = measured_int32_peak(ctx);
    ops.parameters = {{"connections", static_cast<std::int64_t>(sweep[best - sweep_totals.begin()].connections)},
                      {"fp32_operations_per_s", best->float_ops},
                      {"int32_peak_measured_ops_per_s", measured},
                      {"share_of_measured_int32_peak", measured > 0 ? ops.value / measured : std::nan("")}};
    ops.notes.push_back("counted as the tasks' formulas (docs/cloud.md): the work a request needs, most of a "
                        "request's time is the network stack's");
    results.push_back(std::move(requests));
    results.push_back(std::move(ops));
  }

  // Concurrency against parallelism: the same connections and requests, one core serving or all.
  if (plan.compare && cpus.size() > 0) {
    const std::vector<int> one_core = {cpus.front()};
    std::vector<int> other_cores(cpus.begin() + (cpus.size() > 1), cpus.end());
    const int all_cores = static_cast<int>(cpus.size());
    for (const auto& [name, mix] : {std::pair{std::string("cpu-bound"), cpu_mix}, std::pair{std::string("io-bound"), io_mix}}) {
      for (const bool parallel : {false, true}) {
        if (stop_requested()) break;
        const std::string label = parallel ? fmt::format("{}: parallelism ({} cores)", name, all_cores)
                                           : fmt::format("{}: concurrency (1 core)", name);
        const Point p = parallel ? measure(ctx, plan, comparison_connections, all_cores, {}, {}, mix, 0)
                                 : measure(ctx, plan, comparison_connections, 1, one_core, other_cores, mix, 0);
        progress.update(++points_done, points);
        Result r = requests_result(label, {p}, {totals(ctx, p)});
        r.statistic = "single";
        r.parameters.insert(r.parameters.begin(), {{"server_threads", static_cast<std::int64_t>(p.server_threads)},
                                                   {"connections", static_cast<std::int64_t>(p.connections)}});
        results.push_back(std::move(r));
      }
    }
  }
  if (interrupt_requested() && !results.empty())
    results.front().notes.push_back("interrupted: the points measured before Ctrl-C");
  return results;
}

BenchmarkDescriptor describe_cloud() {
  return {
      .name = "cloud",
      .summary = "request serving: an epoll server and a load generator over loopback, verified replies, "
                 "latency percentiles, concurrency vs parallelism",
      .centre = Centre::cloud,
      .run_order = 80,
      .profiles = {Profile::quick, Profile::cloud, Profile::full},
      .options =
          {
              {"connections", OptionType::text,
               "concurrent connections to sweep, e.g. 1,16,256 (default 1,4,16,64,256,1024; quick 1,16,256)", "LIST"},
              {"seconds", OptionType::real, "measured seconds per point (default 2; quick 0.2)", "S"},
              {"server-threads", OptionType::count, "server event loops (default: this rank's CPUs)", "N"},
              {"client-threads", OptionType::count, "load generator threads (default: half the CPUs, at least 1)",
               "N"},
              {"rate", OptionType::real, "open loop at this many requests/s (default: closed loop)", "R"},
              {"no-comparison", OptionType::flag, "skip concurrency vs parallelism", ""},
          },
      .run = run_cloud,
  };
}

const Registrar registered{describe_cloud()};

}  // namespace
}  // namespace suanli
