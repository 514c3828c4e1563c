// Communication: MPI point-to-point between ranks 0 and 1 as the OSU micro-benchmarks
// measure it (ping-pong latency, windowed and bidirectional bandwidth), and the
// collectives AI training lives on (allreduce, reduce-scatter, allgather, alltoall,
// broadcast) as nccl-tests measures them: time over ranks, algbw = S/t, busbw =
// algbw · factor, and every received element checked against its known value.
// One Result per operation (the headline figure); the per-size curve is in its
// parameters, named size_<bytes>_<quantity> (docs/comm.md).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/error.hpp"
#include "core/units.hpp"
#include "harness/benchmark.hpp"
#include "par/collectives.hpp"

namespace suanli {
namespace {

enum class Op { pingpong, bandwidth, bibandwidth, allreduce, reduce_scatter, allgather, alltoall, bcast };

struct OpInfo {
  Op op;
  std::string_view key;
  std::optional<par::Collective> collective;  // empty: point-to-point
};

constexpr std::array<OpInfo, 8> op_table = {{
    {Op::pingpong, "pingpong", std::nullopt},
    {Op::bandwidth, "bandwidth", std::nullopt},
    {Op::bibandwidth, "bibandwidth", std::nullopt},
    {Op::allreduce, "allreduce", par::Collective::allreduce},
    {Op::reduce_scatter, "reduce_scatter", par::Collective::reduce_scatter},
    {Op::allgather, "allgather", par::Collective::allgather},
    {Op::alltoall, "alltoall", par::Collective::alltoall},
    {Op::bcast, "bcast", par::Collective::bcast},
}};

constexpr std::size_t mib = std::size_t{1} << 20;
constexpr std::size_t default_max_bytes = 64 * mib;  // OSU's and nccl-tests' usual top
constexpr std::size_t quick_max_bytes = 4 * mib;
constexpr std::size_t largest_max_bytes = 1024 * mib;  // MPI's int counts, in bytes
constexpr std::size_t smallest_max_bytes = 8;          // one double for the collectives
constexpr std::uint64_t default_iterations = 10000;    // OSU's latency loop
constexpr std::uint64_t quick_iterations = 1000;
constexpr std::size_t large_message = 8192;            // OSU's large-message threshold
constexpr std::uint64_t fewest_large_iterations = 10;
constexpr int window = 64;                              // OSU's window for osu_bw / osu_bibw
constexpr std::uint64_t window_divisor = 100;           // OSU: 10000 latency iterations, 100 bandwidth windows
constexpr double window_byte_budget = 256.0 * mib;      // bytes per batch of windows at large sizes
constexpr int p2p_trials = 5;  // batches per size; the best is the figure (as hpcc's ping-pong takes the best)
constexpr par::Pair pair{0, 1};

struct Plan {
  std::vector<const OpInfo*> ops;
  std::size_t max_bytes = default_max_bytes;
  std::uint64_t iterations = default_iterations;  // at sizes up to large_message
};

std::string known_ops() {
  std::vector<std::string_view> keys;
  for (const OpInfo& info : op_table) keys.push_back(info.key);
  return fmt::format("{}", fmt::join(keys, ","));
}

std::vector<const OpInfo*> op_list(const Options& options) {
  const auto text = options.text("ops");
  std::vector<const OpInfo*> ops;
  if (!text) {
    for (const OpInfo& info : op_table) ops.push_back(&info);
    return ops;
  }
  std::stringstream items(*text);
  std::string item;
  while (std::getline(items, item, ',')) {
    auto it = std::find_if(op_table.begin(), op_table.end(), [&](const OpInfo& info) { return info.key == item; });
    if (it == op_table.end())
      throw UsageError(fmt::format("--ops: unknown operation '{}'; expected a comma-separated list of: {}", item,
                                   known_ops()));
    if (std::find(ops.begin(), ops.end(), &*it) == ops.end()) ops.push_back(&*it);
  }
  if (ops.empty()) throw UsageError(fmt::format("--ops: expected at least one of: {}", known_ops()));
  return ops;
}

Plan plan_for(const RunContext& ctx) {
  Plan plan;
  const bool quick = ctx.profile == Profile::quick;
  plan.ops = op_list(ctx.options);
  plan.iterations = ctx.options.count("iterations").value_or(quick ? quick_iterations : default_iterations);
  if (plan.iterations > 100'000'000)
    throw UsageError(fmt::format("--iterations: expected at most 100000000, got {}", plan.iterations));
  if (const auto bytes = ctx.options.size_bytes("max-size")) {
    if (*bytes < smallest_max_bytes || *bytes > largest_max_bytes)
      throw UsageError(fmt::format("--max-size: expected {} to {} bytes (1Gi), got '{}'", smallest_max_bytes,
                                   largest_max_bytes, *ctx.options.text("max-size")));
    plan.max_bytes = static_cast<std::size_t>(*bytes);
  } else {
    plan.max_bytes = quick ? quick_max_bytes : default_max_bytes;
  }
  // A send and a receive buffer of the largest size on every rank of this host.
  const double needed = 2.0 * static_cast<double>(plan.max_bytes) * ctx.world.host_size();
  const double available = static_cast<double>(ctx.machine.memory_available_bytes);
  if (available > 0 && needed > 0.5 * available)
    throw UsageError(fmt::format("--max-size: buffers of {} on {} rank(s) of this host need {}, more than half the "
                                 "{} available",
                                 format_iec_bytes(static_cast<double>(plan.max_bytes)), ctx.world.host_size(),
                                 format_iec_bytes(needed), format_iec_bytes(available)));
  return plan;
}

// Powers of two from `smallest` up to `largest`.
std::vector<std::size_t> power_of_two_sizes(std::size_t smallest, std::size_t largest) {
  std::vector<std::size_t> sizes;
  for (std::size_t s = smallest; s <= largest; s *= 2) sizes.push_back(s);
  return sizes;
}

// OSU's rule, scaled: every iteration at small sizes, then the bytes of a batch held
// at what `base` iterations move at 8 KiB, with at least 10 iterations.
std::uint64_t iterations_for(std::size_t bytes, std::uint64_t base) {
  if (bytes <= large_message) return base;
  return std::max(std::min(base, fewest_large_iterations), base * large_message / bytes);
}

// Untimed iterations before the timed ones: a tenth, at least 2. OSU skips 1%, which
// at 1000 iterations leaves the first batch of the first size slow (a cold path).
std::uint64_t warmup_for(std::uint64_t iterations) { return std::max<std::uint64_t>(2, iterations / 10); }

// Windows of 64 messages per batch for the bandwidth tests: OSU's 100 windows where
// the latency test makes 10000 round trips, fewer as a batch passes 256 MiB.
std::uint64_t windows_for(std::size_t bytes, std::uint64_t base) {
  const std::uint64_t small = std::max<std::uint64_t>(1, base / window_divisor);
  const double budget = window_byte_budget / (static_cast<double>(window) * static_cast<double>(bytes));
  return std::clamp<std::uint64_t>(static_cast<std::uint64_t>(budget), 1, small);
}

int as_int(std::uint64_t n) { return static_cast<int>(std::min<std::uint64_t>(n, std::numeric_limits<int>::max())); }

std::string size_key(std::size_t bytes, std::string_view quantity) {
  return fmt::format("size_{}_{}", bytes, quantity);
}

std::string sizes_text(const std::vector<std::size_t>& sizes) { return fmt::format("{}", fmt::join(sizes, ",")); }

std::string cpu_list(const std::vector<int>& cpus) {
  // "0-3,8": ranges of consecutive CPUs.
  std::vector<std::string> ranges;
  for (std::size_t i = 0; i < cpus.size();) {
    std::size_t j = i;
    while (j + 1 < cpus.size() && cpus[j + 1] == cpus[j] + 1) ++j;
    ranges.push_back(i == j ? fmt::format("{}", cpus[i]) : fmt::format("{}-{}", cpus[i], cpus[j]));
    i = j + 1;
  }
  return ranges.empty() ? std::string("?") : fmt::format("{}", fmt::join(ranges, ","));
}

// Where ranks 0 and 1 run: a pair on one host talks through shared memory, not the network.
struct Placement {
  std::string host0, host1, cpus0, cpus1;
  bool same_host() const { return host0 == host1; }
};

Placement placement_of_pair(const par::World& world) {
  const auto hosts = par::all_gather_text(world, world.host());
  const auto cpus = par::all_gather_text(world, cpu_list(world.launch_cpus()));
  return {hosts[0], hosts[1], cpus[0], cpus[1]};
}

Result base_result(const OpInfo& info, const Plan& plan, const par::World& world) {
  Result r;
  r.benchmark = "comm";
  r.metric = std::string(info.key);
  r.precision = info.collective ? "fp64" : "";
  r.unit = info.op == Op::pingpong ? "s" : "B/s";
  r.parameters = {
      {"ranks", static_cast<std::int64_t>(world.size())},
      {"max_size_bytes", static_cast<std::int64_t>(plan.max_bytes)},
      {"iterations", static_cast<std::int64_t>(plan.iterations)},
      {"mpi_library", par::mpi_library_version()},
      {"mpi_thread_level", par::mpi_thread_level()},  // above single costs latency (docs/comm.md)
  };
  return r;
}

// One record per operation that cannot run on one rank: the reason, no figure.
Result single_rank_result(const OpInfo& info, const Plan& plan, const par::World& world) {
  Result r = base_result(info, plan, world);
  r.value = std::numeric_limits<double>::quiet_NaN();
  r.statistic = "none";
  r.verification = {true, "not run: needs at least 2 ranks", 0, 0};
  r.notes.push_back(info.collective
                        ? "a collective on one rank moves nothing (bus bandwidth factor 0): run under mpirun -np 2 "
                          "or more"
                        : "point-to-point needs ranks 0 and 1: run under mpirun -np 2 or more");
  return r;
}

// --- point-to-point -------------------------------------------------------------

struct P2pCurve {
  std::vector<std::size_t> sizes;
  std::vector<double> batch_seconds;  // sizes × p2p_trials, rank 0's clock
  std::vector<double> best_seconds;   // per size
  std::uint64_t wrong_bytes = 0;      // over both ranks and all sizes
};

// Seconds of one batch of `iterations` on this rank of the pair.
double p2p_batch(const par::World& world, Op op, std::span<const unsigned char> send, std::span<unsigned char> recv,
                 std::uint64_t iterations) {
  switch (op) {
    case Op::pingpong: return par::ping_pong(world, pair, send, recv, as_int(iterations));
    case Op::bandwidth: return par::window_bandwidth(world, pair, send, recv, window, as_int(iterations));
    default: return par::bidirectional_bandwidth(world, pair, send, recv, window, as_int(iterations));
  }
}

std::uint64_t p2p_iterations(Op op, std::size_t bytes, std::uint64_t base) {
  return op == Op::pingpong ? iterations_for(bytes, base) : windows_for(bytes, base);
}

P2pCurve measure_p2p(const par::World& world, Op op, const Plan& plan) {
  P2pCurve c;
  c.sizes = power_of_two_sizes(1, plan.max_bytes);
  c.batch_seconds.assign(c.sizes.size() * p2p_trials, 0.0);
  const bool in_pair = world.rank() == pair.first || world.rank() == pair.second;
  std::vector<unsigned char> send(in_pair ? plan.max_bytes : 0), recv(in_pair ? plan.max_bytes : 0);
  par::fill_message(send);
  std::uint64_t wrong = 0;
  for (std::size_t k = 0; k < c.sizes.size(); ++k) {
    world.barrier();  // ranks other than the pair wait here
    if (!in_pair) continue;
    const std::size_t bytes = c.sizes[k];
    const std::span<const unsigned char> s(send.data(), bytes);
    const std::span<unsigned char> r(recv.data(), bytes);
    std::fill(r.begin(), r.end(), par::message_sentinel);
    const std::uint64_t iterations = p2p_iterations(op, bytes, plan.iterations);
    p2p_batch(world, op, s, r, warmup_for(iterations));
    for (int t = 0; t < p2p_trials; ++t) c.batch_seconds[k * p2p_trials + t] = p2p_batch(world, op, s, r, iterations);
    // Who received: both ranks in ping-pong and bibandwidth, the second in bandwidth.
    if (op != Op::bandwidth || world.rank() == pair.second) wrong += par::count_wrong_bytes(r);
  }
  par::broadcast(c.batch_seconds, pair.first);
  c.wrong_bytes = static_cast<std::uint64_t>(world.sum(static_cast<double>(wrong)));
  for (std::size_t k = 0; k < c.sizes.size(); ++k) {
    const auto first = c.batch_seconds.begin() + static_cast<std::ptrdiff_t>(k * p2p_trials);
    c.best_seconds.push_back(*std::min_element(first, first + p2p_trials));
  }
  return c;
}

// Bytes a batch moves between the pair (bandwidth tests) or one-way trips (ping-pong).
double p2p_bytes_per_batch(Op op, std::size_t bytes, std::uint64_t base) {
  const double n = static_cast<double>(p2p_iterations(op, bytes, base));
  const double directions = op == Op::bibandwidth ? 2 : 1;
  return directions * window * n * static_cast<double>(bytes);
}

Result p2p_result(const OpInfo& info, const Plan& plan, const par::World& world, const Placement& where) {
  const P2pCurve c = measure_p2p(world, info.op, plan);
  Result r = base_result(info, plan, world);
  std::vector<double> figure(c.sizes.size());  // latency (s) or bandwidth (B/s) per size
  for (std::size_t k = 0; k < c.sizes.size(); ++k) {
    const std::size_t bytes = c.sizes[k];
    if (info.op == Op::pingpong) {
      figure[k] = c.best_seconds[k] / (2.0 * static_cast<double>(iterations_for(bytes, plan.iterations)));
      r.parameters.push_back({size_key(bytes, "latency_s"), figure[k]});
      r.parameters.push_back({size_key(bytes, "bandwidth_bytes_per_s"), static_cast<double>(bytes) / figure[k]});
    } else {
      figure[k] = p2p_bytes_per_batch(info.op, bytes, plan.iterations) / c.best_seconds[k];
      r.parameters.push_back({size_key(bytes, "bandwidth_bytes_per_s"), figure[k]});
    }
  }
  // The headline: the smallest message's latency, or the peak bandwidth over sizes.
  std::size_t headline = 0;
  if (info.op != Op::pingpong)
    headline = static_cast<std::size_t>(std::max_element(figure.begin(), figure.end()) - figure.begin());
  std::vector<double> trials;
  for (int t = 0; t < p2p_trials; ++t) {
    const double seconds = c.batch_seconds[headline * p2p_trials + t];
    const std::size_t bytes = c.sizes[headline];
    trials.push_back(info.op == Op::pingpong
                         ? seconds / (2.0 * static_cast<double>(iterations_for(bytes, plan.iterations)))
                         : p2p_bytes_per_batch(info.op, bytes, plan.iterations) / seconds);
  }
  r.value = figure[headline];
  r.statistic = "best";
  r.stats = summarize(trials);
  if (info.op == Op::pingpong) {
    std::size_t peak = 0;
    for (std::size_t k = 0; k < c.sizes.size(); ++k)
      if (c.sizes[k] / figure[k] > c.sizes[peak] / figure[peak]) peak = k;
    r.parameters.push_back({"headline_size_bytes", static_cast<std::int64_t>(c.sizes[0])});
    r.parameters.push_back({"peak_bandwidth_bytes_per_s", static_cast<double>(c.sizes[peak]) / figure[peak]});
    r.parameters.push_back({"peak_bandwidth_size_bytes", static_cast<std::int64_t>(c.sizes[peak])});
  } else {
    r.parameters.push_back({"headline_size_bytes", static_cast<std::int64_t>(c.sizes[headline])});
    r.parameters.push_back({"window", static_cast<std::int64_t>(window)});
  }
  r.parameters.push_back({"sizes_bytes", sizes_text(c.sizes)});
  r.parameters.push_back({"trials", static_cast<std::int64_t>(p2p_trials)});
  r.parameters.push_back({"rank0_host", where.host0});
  r.parameters.push_back({"rank1_host", where.host1});
  r.parameters.push_back({"rank0_cpus", where.cpus0});
  r.parameters.push_back({"rank1_cpus", where.cpus1});
  r.parameters.push_back({"same_host", where.same_host()});
  r.verification = {c.wrong_bytes == 0, "wrong bytes received, all sizes, both ranks",
                    static_cast<double>(c.wrong_bytes), 0};
  if (where.same_host())
    r.notes.push_back(fmt::format("ranks 0 and 1 share host {}: point-to-point goes through shared memory, not the "
                                  "network",
                                  where.host0));
  if (world.size() > 2)
    r.notes.push_back(fmt::format("point-to-point between ranks 0 and 1; the other {} rank(s) wait at a barrier",
                                  world.size() - 2));
  return r;
}

// --- collectives ------------------------------------------------------------------

struct CollectivePoint {
  par::CollectiveShape shape;
  double min_s = 0, avg_s = 0, max_s = 0;  // seconds per call over ranks
  std::uint64_t wrong = 0;                 // elements over all ranks
};

std::vector<CollectivePoint> measure_collective(const par::World& world, par::Collective op, const Plan& plan) {
  const int n = world.size();
  std::vector<double> send(plan.max_bytes / sizeof(double)), recv(plan.max_bytes / sizeof(double));
  std::vector<CollectivePoint> points;
  for (std::size_t bytes : power_of_two_sizes(sizeof(double), plan.max_bytes)) {
    const par::CollectiveShape shape = par::collective_shape(op, n, bytes);
    if (shape.chunk == 0 || (!points.empty() && points.back().shape.bytes == shape.bytes)) continue;
    par::fill_buffers(op, world.rank(), n, shape, send, recv);
    const std::uint64_t iterations = iterations_for(shape.bytes, plan.iterations);
    world.barrier();
    par::time_collective(op, shape, send, recv, as_int(warmup_for(iterations)));
    world.barrier();
    const double per_call =
        par::time_collective(op, shape, send, recv, as_int(iterations)) / static_cast<double>(iterations);
    CollectivePoint p;
    p.shape = shape;
    p.min_s = world.min(per_call);
    p.max_s = world.max(per_call);
    p.avg_s = world.sum(per_call) / n;
    p.wrong = static_cast<std::uint64_t>(
        world.sum(static_cast<double>(par::count_wrong(op, world.rank(), n, shape, recv))));
    points.push_back(p);
  }
  return points;
}

Result collective_result(const OpInfo& info, const Plan& plan, const par::World& world) {
  const par::Collective op = *info.collective;
  const std::vector<CollectivePoint> points = measure_collective(world, op, plan);
  const double factor = par::bus_bandwidth_factor(op, world.size());
  Result r = base_result(info, plan, world);
  std::vector<std::size_t> sizes;
  std::vector<double> busbw;
  std::uint64_t wrong = 0;
  for (const CollectivePoint& p : points) {
    const std::size_t s = p.shape.bytes;
    // The slowest rank's time is when the collective is done everywhere.
    const double algbw = static_cast<double>(s) / p.max_s;
    sizes.push_back(s);
    busbw.push_back(algbw * factor);
    wrong += p.wrong;
    r.parameters.push_back({size_key(s, "time_min_s"), p.min_s});
    r.parameters.push_back({size_key(s, "time_avg_s"), p.avg_s});
    r.parameters.push_back({size_key(s, "time_max_s"), p.max_s});
    r.parameters.push_back({size_key(s, "algbw_bytes_per_s"), algbw});
    r.parameters.push_back({size_key(s, "busbw_bytes_per_s"), algbw * factor});
    r.parameters.push_back({size_key(s, "wrong_elements"), static_cast<std::int64_t>(p.wrong)});
  }
  const auto peak = static_cast<std::size_t>(std::max_element(busbw.begin(), busbw.end()) - busbw.begin());
  r.value = busbw[peak];
  r.statistic = "peak";
  r.stats = summarize(std::vector<double>{busbw[peak]});
  r.parameters.push_back({"headline_size_bytes", static_cast<std::int64_t>(sizes[peak])});
  r.parameters.push_back({"smallest_size_time_avg_s", points.front().avg_s});
  r.parameters.push_back({"sizes_bytes", sizes_text(sizes)});
  r.parameters.push_back({"bus_bandwidth_factor", factor});
  r.parameters.push_back({"element", std::string("fp64")});
  if (op == par::Collective::bcast) r.parameters.push_back({"root", static_cast<std::int64_t>(par::bcast_root)});
  r.verification = {wrong == 0, "wrong elements (nccl-tests #wrong), all sizes and ranks", static_cast<double>(wrong),
                    0};
  if (world.host_size() == world.size())
    r.notes.push_back("all ranks share one host: the collectives go through shared memory, not the network");
  return r;
}

std::vector<Result> run_comm(RunContext& ctx) {
  const Plan plan = plan_for(ctx);  // every check before any communication
  std::vector<Result> results;
  if (ctx.world.size() < 2) {
    for (const OpInfo* info : plan.ops) results.push_back(single_rank_result(*info, plan, ctx.world));
    return results;
  }
  const bool any_p2p = std::any_of(plan.ops.begin(), plan.ops.end(), [](const OpInfo* i) { return !i->collective; });
  const Placement where = any_p2p ? placement_of_pair(ctx.world) : Placement{};
  for (const OpInfo* info : plan.ops)
    results.push_back(info->collective ? collective_result(*info, plan, ctx.world)
                                       : p2p_result(*info, plan, ctx.world, where));
  return results;
}

BenchmarkDescriptor describe_comm() {
  return {
      .name = "comm",
      .summary = "MPI communication: ping-pong latency, bandwidth (OSU) and collectives' busbw (nccl-tests), "
                 "verified",
      .centre = Centre::ai,
      .run_order = 70,
      .profiles = {Profile::quick, Profile::ai, Profile::full},
      .options =
          {
              {"ops", OptionType::text, fmt::format("operations to run (default all): {}", known_ops()), "LIST"},
              {"max-size", OptionType::size,
               "largest message or collective, from 8 bytes to 1Gi; sizes are powers of two (default: quick 4Mi, "
               "else 64Mi)",
               "BYTES"},
              {"iterations", OptionType::count,
               "timed iterations per size up to 8 KiB, fewer above (default: quick 1000, else 10000)", "N"},
          },
      .run = run_comm,
  };
}

const Registrar registered{describe_comm()};

}  // namespace
}  // namespace suanli
