// Storage IO as the three centres use it (docs/io.md):
//   checkpoint  AI: every rank writes its block to its own file (POSIX), fsync, reads it back;
//   shared      AI: the same into one shared file through MPI-IO, each rank at a disjoint offset;
//   strided     HPC: N-to-1 strided writes to one shared file, IOR's segmented layout
//               (transfer i of rank r at (i·N + r)·block), POSIX;
//   random      cloud: 4 KiB random reads and writes at queue depths 1…64 through io_uring,
//               IOPS and latency percentiles.
// Bandwidth = bytes of all ranks / the slowest rank's time, a barrier before each phase;
// the time is that of the IO calls (write/read and the fsync), not of the pattern
// stamping or the check between them. Every byte read back is checked against a
// pattern of seed, rank, offset and trial (storage/pattern.hpp). The page cache is
// kept out by O_DIRECT where the file system allows it, else fsync + fadvise(DONTNEED).
// Files live only in a fresh subdirectory of --dir, removed on success, failure and Ctrl-C.
#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/stats.hpp"
#include "core/timer.hpp"
#include "core/units.hpp"
#include "harness/benchmark.hpp"
#include "par/affinity.hpp"
#include "storage/file.hpp"
#include "storage/pattern.hpp"
#include "storage/random_io.hpp"
#include "storage/scratch.hpp"
#include "storage/shared_scratch.hpp"

namespace suanli {
namespace {

namespace st = storage;

enum class Kind { checkpoint, shared, strided, random };

struct KindInfo {
  Kind kind;
  std::string_view key;
  std::string_view api;
  std::string_view layout;
};

constexpr std::array<KindInfo, 4> kind_table = {{
    {Kind::checkpoint, "checkpoint", "POSIX", "file per process, contiguous"},
    {Kind::shared, "shared", "MPI-IO", "one shared file, rank r at offset r*size (MPI_File_write_at)"},
    {Kind::strided, "strided", "POSIX", "one shared file, IOR segmented: transfer i of rank r at (i*ranks + r)*block"},
    {Kind::random, "random", "io_uring", "file per process, 4 KiB at uniform random offsets"},
}};

constexpr std::uint64_t mib = std::uint64_t{1} << 20;
constexpr std::uint64_t quick_size = 64 * mib;
constexpr std::uint64_t default_size = 1024 * mib;
constexpr std::uint64_t default_block = mib;
constexpr std::uint64_t largest_block = 1024 * mib;  // MPI-IO's int counts
constexpr unsigned largest_depth = 4096;
constexpr double default_seconds = 2.0;
constexpr double quick_seconds = 0.2;
constexpr std::uint64_t seed = 0x5eedf11e5eedf11eULL;

struct Plan {
  std::string parent;  // --dir, or the system's temporary directory
  std::uint64_t size = 0;   // per rank, a multiple of block
  std::uint64_t block = default_block;
  std::vector<const KindInfo*> kinds;
  std::vector<unsigned> depths;
  double seconds = default_seconds;
  int trials = 3;
  bool corrupt = false;
};

std::string known_kinds() {
  std::vector<std::string_view> keys;
  for (const KindInfo& k : kind_table) keys.push_back(k.key);
  return fmt::format("{}", fmt::join(keys, ","));
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) items.push_back(item);
  return items;
}

std::vector<const KindInfo*> default_kinds(Profile profile) {
  std::vector<std::string_view> keys;
  switch (profile) {
    case Profile::hpc: keys = {"shared", "strided"}; break;
    case Profile::ai: keys = {"checkpoint", "shared"}; break;
    case Profile::cloud: keys = {"random"}; break;
    case Profile::quick:
    case Profile::full: keys = {"checkpoint", "shared", "strided", "random"}; break;
  }
  std::vector<const KindInfo*> kinds;
  for (const KindInfo& k : kind_table)
    if (std::find(keys.begin(), keys.end(), k.key) != keys.end()) kinds.push_back(&k);
  return kinds;
}

std::vector<const KindInfo*> kind_list(const RunContext& ctx) {
  const auto text = ctx.options.text("patterns");
  if (!text) return default_kinds(ctx.profile);
  std::vector<const KindInfo*> kinds;
  for (const std::string& item : split(*text)) {
    auto it = std::find_if(kind_table.begin(), kind_table.end(), [&](const KindInfo& k) { return k.key == item; });
    if (it == kind_table.end())
      throw UsageError(fmt::format("--patterns: unknown pattern '{}'; expected a comma-separated list of: {}", item,
                                   known_kinds()));
    if (std::find(kinds.begin(), kinds.end(), &*it) == kinds.end()) kinds.push_back(&*it);
  }
  if (kinds.empty()) throw UsageError(fmt::format("--patterns: expected at least one of: {}", known_kinds()));
  return kinds;
}

std::vector<unsigned> depth_list(const RunContext& ctx) {
  const auto text = ctx.options.text("depths");
  if (!text) return ctx.profile == Profile::quick ? std::vector<unsigned>{1, 16} : std::vector<unsigned>{1, 4, 16, 64};
  std::vector<unsigned> depths;
  for (const std::string& item : split(*text)) {
    const auto n = parse_positive_count(item);
    if (!n || *n > largest_depth)
      throw UsageError(fmt::format("--depths: expected a comma-separated list of queue depths 1 to {}, got '{}'",
                                   largest_depth, *text));
    depths.push_back(static_cast<unsigned>(*n));
  }
  if (depths.empty())
    throw UsageError(fmt::format("--depths: expected a comma-separated list of queue depths 1 to {}", largest_depth));
  return depths;
}

// Every check before anything is written; the same on every rank.
Plan plan_for(const RunContext& ctx) {
  Plan plan;
  const bool quick = ctx.profile == Profile::quick;
  plan.kinds = kind_list(ctx);
  plan.depths = depth_list(ctx);
  plan.trials = static_cast<int>(ctx.options.count("trials").value_or(quick ? 1 : 3));
  if (plan.trials > 1000) throw UsageError(fmt::format("--trials: expected at most 1000, got {}", plan.trials));
  plan.seconds = ctx.options.real("seconds").value_or(quick ? quick_seconds : default_seconds);
  if (plan.seconds > 3600) throw UsageError(fmt::format("--seconds: expected at most 3600, got {}", plan.seconds));
  plan.corrupt = ctx.options.flag("corrupt");
  if (const auto block = ctx.options.size_bytes("block")) {
    const auto b = static_cast<std::uint64_t>(*block);
    if (b % st::sector_bytes != 0 || b == 0 || b > largest_block)
      throw UsageError(fmt::format("--block: expected a multiple of 4096 bytes (O_DIRECT's alignment) up to 1Gi, "
                                   "got '{}'",
                                   *ctx.options.text("block")));
    plan.block = b;
  }

  const auto dir = ctx.options.text("dir");
  plan.parent = dir ? *dir : std::filesystem::temp_directory_path().string();
  st::check_directory(plan.parent, "--dir");

  // Every rank's data may land on this one file system (the shared files always do).
  const auto ranks = static_cast<std::uint64_t>(ctx.world.size());
  if (const auto size = ctx.options.size_bytes("size")) {
    plan.size = static_cast<std::uint64_t>(*size) / plan.block * plan.block;
    if (plan.size == 0)
      throw UsageError(fmt::format("--size: expected at least one block of {} bytes, got '{}'", plan.block,
                                   *ctx.options.text("size")));
    st::check_free_space(plan.parent, plan.size * ranks, "--size");
  } else {
    // Default: 1 GiB per rank (64 MiB in quick), less where the disk is small; with the cache
    // defeated by O_DIRECT or fadvise the file need not outsize memory (docs/io.md).
    plan.size = quick ? quick_size : default_size;
    const std::uint64_t free = st::free_bytes(plan.parent);
    const std::uint64_t room = free > 4 * quick_size ? (free - 4 * quick_size) / 2 / ranks : 0;
    plan.size = std::min(plan.size, room) / plan.block * plan.block;
    if (plan.size == 0)
      throw UsageError(fmt::format("--dir: '{}' has {} free, too little for a block of {} per rank on {} rank(s)",
                                   plan.parent, format_iec_bytes(static_cast<double>(free)),
                                   format_iec_bytes(static_cast<double>(plan.block)), ranks));
    st::check_free_space(plan.parent, plan.size * ranks, "--dir");
  }
  // One transfer buffer per rank on this host.
  const double needed = static_cast<double>(plan.block) * ctx.world.host_size();
  const double available = static_cast<double>(ctx.machine.memory_available_bytes);
  if (available > 0 && needed > 0.5 * available)
    throw UsageError(fmt::format("--block: buffers of {} on {} rank(s) need more than half the {} of memory available",
                                 format_iec_bytes(static_cast<double>(plan.block)), ctx.world.host_size(),
                                 format_iec_bytes(available)));
  return plan;
}

// Every rank agrees on failure: the first error here, or a word that another rank failed.
void agree(const par::World& world, const std::string& error) {
  if (!world.all(error.empty())) throw RunError(error.empty() ? "io: stopped because another rank failed" : error);
}

template <typename F>
void on_all_ranks(const par::World& world, F&& step) {
  std::string error;
  try {
    step();
  } catch (const std::exception& e) {
    error = e.what();
  }
  agree(world, error);
}

// A misplaced block, as a file system bug would leave it: the test hook of --corrupt.
void plant_wrong_block(const std::string& path, std::uint64_t offset, std::size_t bytes, const st::DataPattern& p) {
  const auto file = st::open_posix(path, st::CacheDefeat::fsync_fadvise);
  st::AlignedBuffer wrong(bytes);
  p.fill(wrong.data(), offset + bytes, bytes, 1);  // the pattern of the next block
  file->write_at(wrong.data(), bytes, offset);
  file->sync();
}

struct Environment {
  st::CacheDefeat defeat = st::CacheDefeat::direct;
  std::string filesystem;
};

struct Sequential {
  std::vector<double> write_s, read_s;  // slowest rank per trial
  std::uint64_t bad_blocks = 0;         // over all ranks and trials
  std::uint64_t blocks_checked = 0;
  bool interrupted = false;
};

// The write and read-back trials of one sequential pattern.
Sequential run_sequential(const RunContext& ctx, const Plan& plan, const KindInfo& kind, st::ScratchDir& scratch,
                          const Environment& env) {
  const par::World& world = ctx.world;
  const auto rank = static_cast<std::uint64_t>(world.rank());
  const auto ranks = static_cast<std::uint64_t>(world.size());
  const std::uint64_t blocks = plan.size / plan.block;
  const auto offset_of = [&](std::uint64_t i) -> std::uint64_t {
    switch (kind.kind) {
      case Kind::shared: return rank * plan.size + i * plan.block;
      case Kind::strided: return (i * ranks + rank) * plan.block;
      default: return i * plan.block;
    }
  };
  const std::string name = kind.kind == Kind::checkpoint ? fmt::format("checkpoint{}.dat", rank)
                                                         : fmt::format("{}.dat", kind.key);
  const std::string path = scratch.file(name);
  const bool mpiio = kind.kind == Kind::shared;
  const st::CacheDefeat defeat = mpiio ? st::CacheDefeat::fsync_fadvise : env.defeat;
  std::unique_ptr<st::BlockFile> file;
  on_all_ranks(world, [&] {
    if (!mpiio) file = st::open_posix(path, defeat);
  });
  if (mpiio) file = st::open_mpiio(path);  // collective

  const st::DataPattern pattern(seed, world.rank(), plan.block);
  st::AlignedBuffer buffer(plan.block);
  Sequential out;
  for (int trial = 0; trial < plan.trials && !out.interrupted; ++trial) {
    const auto generation = static_cast<std::uint32_t>(trial + 2);
    double write_s = 0, read_s = 0;
    bool stopped = false;
    world.barrier();
    on_all_ranks(world, [&] {
      pattern.fill(buffer.data(), offset_of(0), plan.block, generation);
      for (std::uint64_t i = 0; i < blocks && !(stopped = interrupt_requested()); ++i) {
        const std::uint64_t offset = offset_of(i);
        pattern.stamp(buffer.data(), offset, plan.block, generation);
        const double t = now_seconds();
        file->write_at(buffer.data(), plan.block, offset);
        write_s += now_seconds() - t;
      }
    });
    on_all_ranks(world, [&] {
      const double t = now_seconds();
      file->sync();  // collective for MPI-IO
      write_s += now_seconds() - t;
    });
    on_all_ranks(world, [&] {
      if (plan.corrupt && world.is_root() && trial + 1 == plan.trials)
        plant_wrong_block(path, offset_of(0), plan.block, pattern);
      if (defeat == st::CacheDefeat::fsync_fadvise) file->drop_cache(0, 0);  // whole file
    });
    world.barrier();
    std::uint64_t bad = 0, checked = 0;
    on_all_ranks(world, [&] {
      for (std::uint64_t i = 0; i < blocks && !(stopped = stopped || interrupt_requested()); ++i) {
        const std::uint64_t offset = offset_of(i);
        const double t = now_seconds();
        file->read_at(buffer.data(), plan.block, offset);
        read_s += now_seconds() - t;
        bad += pattern.bad_sectors(buffer.data(), offset, plan.block, generation) != 0;
        ++checked;
      }
    });
    out.interrupted = !world.all(!stopped);
    out.bad_blocks += static_cast<std::uint64_t>(world.sum(static_cast<double>(bad)));
    out.blocks_checked += static_cast<std::uint64_t>(world.sum(static_cast<double>(checked)));
    if (out.interrupted) break;
    out.write_s.push_back(world.max(write_s));
    out.read_s.push_back(world.max(read_s));
  }
  file.reset();  // collective for MPI-IO
  world.barrier();
  scratch.remove(name);
  return out;
}

std::vector<Parameter> common_parameters(const RunContext& ctx, const Plan& plan, const KindInfo& kind,
                                         const Environment& env, st::CacheDefeat defeat) {
  return {
      {"pattern", std::string(kind.key)},
      {"api", std::string(kind.api)},
      {"layout", std::string(kind.layout)},
      {"cache_defeat", st::cache_defeat_name(defeat)},
      {"filesystem", env.filesystem},
      {"directory", plan.parent},
      {"bytes_per_rank", static_cast<std::int64_t>(plan.size)},
      {"ranks", static_cast<std::int64_t>(ctx.world.size())},
      {"total_bytes", static_cast<std::int64_t>(plan.size * static_cast<std::uint64_t>(ctx.world.size()))},
  };
}

void add_notes(Result& r, const Environment& env, st::CacheDefeat defeat, bool interrupted) {
  if (env.filesystem == "tmpfs")
    r.notes.push_back("the directory is on tmpfs: the data never leaves memory, this is not a storage figure");
  if (defeat == st::CacheDefeat::fsync_fadvise && r.metric.rfind("random_write", 0) == 0)
    r.notes.push_back("no O_DIRECT: random writes went to the page cache; the figure is not the device's");
  if (interrupted) r.notes.push_back("interrupted: the trials measured before Ctrl-C");
}

void sequential_results(const RunContext& ctx, const Plan& plan, const KindInfo& kind, const Environment& env,
                        const Sequential& s, std::vector<Result>& results) {
  const double bytes = static_cast<double>(plan.size) * ctx.world.size();
  const st::CacheDefeat defeat = kind.kind == Kind::shared ? st::CacheDefeat::fsync_fadvise : env.defeat;
  const Verification verification{s.bad_blocks == 0 && s.blocks_checked > 0,
                                   fmt::format("blocks read back unlike what was written (of {})", s.blocks_checked),
                                   static_cast<double>(s.bad_blocks), 0};
  for (const bool write : {true, false}) {
    const std::vector<double>& seconds = write ? s.write_s : s.read_s;
    Result r;
    r.benchmark = "io";
    r.metric = fmt::format("{}_{}", kind.key, write ? "write" : "read");
    r.unit = "B/s";
    std::vector<double> rates;
    for (double t : seconds) rates.push_back(t > 0 ? bytes / t : 0);
    r.stats = summarize(rates);
    r.value = r.stats.median;
    r.statistic = "median";
    r.parameters = common_parameters(ctx, plan, kind, env, defeat);
    r.parameters.push_back({"block_bytes", static_cast<std::int64_t>(plan.block)});
    r.parameters.push_back({"trials", static_cast<std::int64_t>(seconds.size())});
    r.parameters.push_back({"fsync_in_write_time", true});
    r.parameters.push_back({"bad_blocks", static_cast<std::int64_t>(s.bad_blocks)});
    r.verification = verification;
    add_notes(r, env, defeat, s.interrupted);
    results.push_back(std::move(r));
  }
}

struct DepthPoint {
  unsigned depth = 0;
  double iops = 0;
  double p50 = 0, p99 = 0, p999 = 0;  // the slowest rank's, seconds
};

struct Random {
  std::vector<DepthPoint> reads, writes;
  std::uint64_t bad_reads = 0;     // during the random reads
  std::uint64_t bad_readback = 0;  // in the final read of the whole file
  std::uint64_t sectors_checked = 0;
  bool interrupted = false;
};

Random run_random_pattern(const RunContext& ctx, const Plan& plan, st::ScratchDir& scratch, const Environment& env) {
  const par::World& world = ctx.world;
  const std::string name = fmt::format("random{}.dat", world.rank());
  const std::string path = scratch.file(name);
  const st::DataPattern pattern(seed, world.rank(), plan.block);
  const std::uint64_t sectors = plan.size / st::sector_bytes;
  std::vector<std::uint32_t> generations(sectors, 1);
  std::uint32_t generation = 1;
  // Written whole first, untimed, so that every read finds data.
  on_all_ranks(world, [&] {
    const auto file = st::open_posix(path, env.defeat);
    st::AlignedBuffer buffer(plan.block);
    pattern.fill(buffer.data(), 0, plan.block, generation);
    for (std::uint64_t offset = 0; offset < plan.size; offset += plan.block) {
      pattern.stamp(buffer.data(), offset, plan.block, generation);
      file->write_at(buffer.data(), plan.block, offset);
    }
    file->sync();
  });
  Random out;
  const auto stop = [] { return interrupt_requested(); };
  for (unsigned depth : plan.depths) {
    for (const bool write : {false, true}) {
      if ((out.interrupted = !world.all(!interrupt_requested()))) break;
      st::RandomOutcome o;
      on_all_ranks(world, [&] {
        if (!write && env.defeat == st::CacheDefeat::fsync_fadvise) st::sync_and_drop(path);
      });
      world.barrier();
      on_all_ranks(world, [&] {
        const st::RandomSpec spec{.write = write,
                                  .depth = depth,
                                  .seconds = plan.seconds,
                                  .file_bytes = plan.size,
                                  .generation = write ? ++generation : generation,
                                  .seed = seed ^ (static_cast<std::uint64_t>(world.rank()) << 40) ^ (depth << 2) ^ write};
        o = st::run_random(path, env.defeat, pattern, spec, generations, stop);
      });
      DepthPoint p;
      p.depth = depth;
      p.iops = world.sum(static_cast<double>(o.operations)) / world.max(o.seconds);
      const Percentiles latency = percentiles(std::move(o.latencies_s));
      p.p50 = world.max(latency.p50);
      p.p99 = world.max(latency.p99);
      p.p999 = world.max(latency.p999);
      out.bad_reads += static_cast<std::uint64_t>(world.sum(static_cast<double>(o.bad_blocks)));
      out.sectors_checked += static_cast<std::uint64_t>(world.sum(write ? 0.0 : static_cast<double>(o.operations)));
      (write ? out.writes : out.reads).push_back(p);
    }
    if (out.interrupted) break;
  }
  // The random writes verified: the whole file read back against the generation each sector last got.
  std::uint64_t bad = 0;
  on_all_ranks(world, [&] {
    if (plan.corrupt && world.is_root()) {
      plant_wrong_block(path, 0, st::sector_bytes, pattern);
    }
    if (env.defeat == st::CacheDefeat::fsync_fadvise) st::sync_and_drop(path);
    const auto file = st::open_posix(path, env.defeat);
    st::AlignedBuffer buffer(plan.block);
    for (std::uint64_t offset = 0; offset < plan.size; offset += plan.block) {
      file->read_at(buffer.data(), plan.block, offset);
      for (std::uint64_t s = 0; s < plan.block; s += st::sector_bytes) {
        const std::uint64_t sector = (offset + s) / st::sector_bytes;
        bad += pattern.bad_sectors(buffer.data() + s, offset + s, st::sector_bytes, generations[sector]) != 0;
      }
    }
  });
  out.bad_readback = static_cast<std::uint64_t>(world.sum(static_cast<double>(bad)));
  out.sectors_checked += static_cast<std::uint64_t>(world.sum(static_cast<double>(sectors)));
  world.barrier();
  scratch.remove(name);
  return out;
}

void random_results(const RunContext& ctx, const Plan& plan, const KindInfo& kind, const Environment& env,
                    const Random& rnd, std::vector<Result>& results) {
  const std::uint64_t bad = rnd.bad_reads + rnd.bad_readback;
  const Verification verification{
      bad == 0 && rnd.sectors_checked > 0,
      fmt::format("4 KiB blocks read back unlike what was last written (of {}, random reads and a full read-back)",
                  rnd.sectors_checked),
      static_cast<double>(bad), 0};
  for (const bool write : {false, true}) {
    const std::vector<DepthPoint>& points = write ? rnd.writes : rnd.reads;
    Result r;
    r.benchmark = "io";
    r.metric = write ? "random_write" : "random_read";
    r.unit = "IOPS";
    std::vector<double> iops;
    for (const DepthPoint& p : points) iops.push_back(p.iops);
    r.stats = summarize(iops);
    const auto best = std::max_element(points.begin(), points.end(),
                                       [](const DepthPoint& a, const DepthPoint& b) { return a.iops < b.iops; });
    r.value = best == points.end() ? 0 : best->iops;
    r.statistic = "best depth";
    r.parameters = common_parameters(ctx, plan, kind, env, env.defeat);
    r.parameters.push_back({"block_bytes", static_cast<std::int64_t>(st::sector_bytes)});
    r.parameters.push_back({"seconds_per_depth", plan.seconds});
    if (best != points.end()) r.parameters.push_back({"best_depth", static_cast<std::int64_t>(best->depth)});
    std::vector<unsigned> depths;
    for (const DepthPoint& p : points) depths.push_back(p.depth);
    r.parameters.push_back({"depths", fmt::format("{}", fmt::join(depths, ","))});
    for (const DepthPoint& p : points) {
      r.parameters.push_back({fmt::format("qd_{}_iops", p.depth), p.iops});
      r.parameters.push_back({fmt::format("qd_{}_latency_p50_s", p.depth), p.p50});
      r.parameters.push_back({fmt::format("qd_{}_latency_p99_s", p.depth), p.p99});
      r.parameters.push_back({fmt::format("qd_{}_latency_p999_s", p.depth), p.p999});
    }
    r.parameters.push_back({"bad_blocks", static_cast<std::int64_t>(bad)});
    r.verification = verification;
    add_notes(r, env, env.defeat, rnd.interrupted);
    if (ctx.world.size() > 1) r.notes.push_back("latency percentiles are the slowest rank's");
    results.push_back(std::move(r));
  }
}

std::vector<Result> run_io(RunContext& ctx) {
  // Unpinned within the rank's mask, as fio runs: the CLI pinned this thread to one CPU, and a
  // completion interrupt on another then costs a cross-CPU wake-up per request (0.92× fio's
  // random IOPS pinned, docs/io.md).
  const par::UnpinnedScope unpinned(ctx.world.launch_cpus());
  const par::World& world = ctx.world;
  // Every check on every rank, before anything is written; one refusal stops all ranks.
  Plan plan;
  std::string refusal;
  try {
    plan = plan_for(ctx);
  } catch (const UsageError& e) {
    refusal = e.what();
  }
  if (!world.all(refusal.empty()))
    throw UsageError(refusal.empty() ? "--dir: refused on another rank (its own checks failed)" : refusal);

  st::ScratchDir scratch = st::make_shared_scratch(world, plan.parent);
  Environment env;
  env.filesystem = st::filesystem_type(scratch.path());
  env.defeat = world.all(st::direct_io_supported(scratch.path(), world.rank())) ? st::CacheDefeat::direct
                                                                                 : st::CacheDefeat::fsync_fadvise;
  std::vector<Result> results;
  for (const KindInfo* kind : plan.kinds) {
    if (!world.all(!interrupt_requested())) break;
    if (kind->kind == Kind::random) {
      const Random r = run_random_pattern(ctx, plan, scratch, env);
      random_results(ctx, plan, *kind, env, r, results);
    } else {
      const Sequential s = run_sequential(ctx, plan, *kind, scratch, env);
      sequential_results(ctx, plan, *kind, env, s, results);
    }
  }
  world.barrier();  // every rank done with the shared files before they go
  scratch.remove_all();
  return results;
}

BenchmarkDescriptor describe_io() {
  return {
      .name = "io",
      .summary = "storage IO: checkpoint write/read (file per process, MPI-IO shared), N-to-1 strided, "
                 "4 KiB random IOPS by queue depth (io_uring); verified, page cache defeated",
      .centre = Centre::cloud,
      .run_order = 90,
      .profiles = {Profile::quick, Profile::hpc, Profile::ai, Profile::cloud, Profile::full},
      .options =
          {
              {"dir", OptionType::text,
               "write under DIR, in a fresh subdirectory removed afterwards (default: the temporary directory)",
               "DIR"},
              {"size", OptionType::size,
               "bytes per rank per pattern (default 1Gi, 64Mi in quick; less where the disk is small)", "BYTES"},
              {"block", OptionType::size, "transfer size, a multiple of 4096 (default 1Mi)", "BYTES"},
              {"patterns", OptionType::text,
               "comma-separated: checkpoint,shared,strided,random (default: all; the profile's in hpc, ai, cloud)",
               "LIST"},
              {"depths", OptionType::text, "io_uring queue depths of the random test (default 1,4,16,64; quick 1,16)",
               "LIST"},
              {"seconds", OptionType::real, "seconds per depth and direction of the random test (default 2, quick 0.2)",
               "S"},
              {"trials", OptionType::count, "write+read trials of the sequential patterns (default 3, quick 1)", "N"},
              {"corrupt", OptionType::flag,
               "test hook: plant a misplaced block in each file before it is read back (verification must fail)", ""},
          },
      .run = run_io,
  };
}

const Registrar registered{describe_io()};

}  // namespace
}  // namespace suanli
