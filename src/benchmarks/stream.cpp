// STREAM (McCalpin): sustainable memory bandwidth from Copy, Scale, Add and
// Triad over three arrays, each at least 4× the last-level cache (stream_size.hpp).
// Bytes counted as STREAM does: 16/16/24/24 bytes per element; the reported
// figure is the best trial after the first, as STREAM reports it.
#include <omp.h>
#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <memory>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/units.hpp"
#include "harness/benchmark.hpp"
#include "harness/trials.hpp"
#include "kernels/stream/stream.hpp"
#include "kernels/stream/stream_check.hpp"
#include "kernels/stream/stream_size.hpp"

namespace suanli {
namespace {

namespace ks = kernels::stream;

constexpr double scalar = 3.0;            // STREAM's q
constexpr double relative_tolerance = 1e-13;  // STREAM's epsilon for doubles
// Each round streams 80 bytes per element (about 10 GiB at 1 GiB arrays, a second on two cores of a
// small VM): ten rounds as STREAM does, five in the quick profile, where the median and CV need
// several but `suanli run` should stay short.
constexpr int default_trials = 10;
constexpr int quick_trials = 5;
// Arrays from 2 MiB on start on a huge-page boundary and ask for transparent huge pages: a GiB of
// 4 KiB pages costs 262,144 page faults at first touch (seconds of system time on a VM).
constexpr std::size_t huge_page_bytes = std::size_t{2} << 20;

struct FreeDeleter {
  void operator()(double* p) const { std::free(p); }
};
using AlignedArray = std::unique_ptr<double[], FreeDeleter>;

AlignedArray allocate_array(std::size_t elements) {
  const std::size_t alignment = elements * sizeof(double) >= huge_page_bytes ? huge_page_bytes : 64;
  const std::size_t bytes = (elements * sizeof(double) + alignment - 1) / alignment * alignment;
  auto* p = static_cast<double*>(std::aligned_alloc(alignment, bytes));
  if (!p) throw RunError(fmt::format("stream: could not allocate {} for an array", format_iec_bytes(bytes)));
  // Only advice: where huge pages are off or unavailable the kernel uses small ones.
  if (alignment == huge_page_bytes) madvise(p, bytes, MADV_HUGEPAGE);
  return AlignedArray(p);
}

// Bytes per array on this rank (kernels/stream/stream_size.hpp): --size, else from the caches and memory.
ks::ArraySize array_size_for(const RunContext& ctx) {
  ks::ArraySizeInputs in{.llc_bytes = ctx.machine.last_level_cache_bytes(),
                         .ranks_on_host = ctx.world.host_size(),
                         .memory_available_bytes = ctx.machine.memory_available_bytes,
                         .requested_bytes = std::nullopt};
  if (auto size = ctx.options.size_bytes("size")) in.requested_bytes = static_cast<std::size_t>(*size);
  const ks::ArraySize s = ks::array_size(in);
  if (s.bytes < 64) throw UsageError(fmt::format("--size: expected at least 64 bytes per array, got {}", s.bytes));
  return s;
}

void check_fits_in_memory(const RunContext& ctx, std::size_t array_bytes) {
  // The host's ranks share its memory.
  const int ranks = ctx.world.host_size();
  const double needed = 3.0 * static_cast<double>(array_bytes) * ranks;
  const double available = static_cast<double>(ctx.machine.memory_available_bytes);
  if (available > 0 && needed > 0.9 * available) {
    const double largest = 0.9 * available / (3.0 * ranks);
    throw UsageError(fmt::format("--size: 3 arrays of {} on {} rank(s) need {}, more than the {} available; "
                                 "the largest that fits is about {}",
                                 format_iec_bytes(array_bytes), ranks, format_iec_bytes(needed),
                                 format_iec_bytes(available), format_iec_bytes(largest)));
  }
}

// What a reader must know about the size: every result of the run carries it.
std::vector<std::string> size_notes(const ks::ArraySize& s, const RunContext& ctx) {
  std::vector<std::string> notes;
  const double bytes = static_cast<double>(s.bytes);
  if (s.cache_sized)
    notes.push_back(fmt::format(
        "cache-sized arrays: not a STREAM result (arrays of {} per rank; STREAM needs at least {} per rank, 4x the "
        "{} last-level cache{} shared by {} rank(s) on the host); the figure is not used as the roofline's memory "
        "roof, in bytes_per_flop or in HPCG's share of STREAM",
        format_iec_bytes(bytes), format_iec_bytes(static_cast<double>(s.stream_minimum_bytes)),
        format_iec_bytes(static_cast<double>(s.llc_unknown ? ks::assumed_llc_bytes_when_unknown
                                                           : ctx.machine.last_level_cache_bytes())),
        s.llc_unknown ? " assumed (none was detected)" : "", ctx.world.host_size()));
  else if (s.llc_unknown)
    notes.push_back(fmt::format("last-level cache unknown: arrays of {} per rank, assumed to be at least 4x the "
                                "caches (true for caches of up to {} per host); give --size for larger caches",
                                format_iec_bytes(bytes),
                                format_iec_bytes(static_cast<double>(ks::assumed_llc_bytes_when_unknown))));
  if (s.memory_capped)
    notes.push_back(fmt::format("arrays lowered to {} per rank so that the three fit in half the available memory",
                                format_iec_bytes(bytes)));
  return notes;
}

struct Arrays {
  AlignedArray a, b, c;
  std::size_t n = 0;
};

std::vector<Result> run_stream(RunContext& ctx) {
  ks::ArraySize size = array_size_for(ctx);
  check_fits_in_memory(ctx, size.bytes);
  // Hosts may differ (caches, ranks per host); the world's figure is cache-sized if any rank's arrays are.
  size.cache_sized = ctx.world.max(size.cache_sized ? 1.0 : 0.0) > 0;
  const int trials = static_cast<int>(
      ctx.options.count("trials").value_or(ctx.profile == Profile::quick ? quick_trials : default_trials));
  const ks::Kernels& kernels = ctx.options.flag("reference") ? ks::reference_kernels() : ks::best_kernels();

  Arrays x;
  x.n = size.bytes / sizeof(double);
  x.a = allocate_array(x.n);
  x.b = allocate_array(x.n);
  x.c = allocate_array(x.n);
  ks::first_touch_fill(x.a.get(), 1.0, x.n);
  ks::first_touch_fill(x.b.get(), 2.0, x.n);
  ks::first_touch_fill(x.c.get(), 0.0, x.n);

  const std::size_t n = x.n;
  double *a = x.a.get(), *b = x.b.get(), *c = x.c.get();
  const std::vector<harness::Phase> phases = {
      {"copy", [&] { ks::run_copy(kernels, a, c, n); }},
      {"scale", [&] { ks::run_scale(kernels, b, c, scalar, n); }},
      {"add", [&] { ks::run_add(kernels, a, b, c, n); }},
      {"triad", [&] { ks::run_triad(kernels, a, b, c, scalar, n); }},
  };
  const harness::TrialPlan plan{.warmup = 1, .trials = trials};
  const auto times = harness::time_phases(ctx.world, plan, phases);

  // Verify against the analytic values before any figure is made.
  const ks::ExpectedValues expected = ks::expected_after(plan.warmup + plan.trials, scalar);
  const double local_error =
      std::max({ks::max_relative_error(a, n, expected.a), ks::max_relative_error(b, n, expected.b),
                ks::max_relative_error(c, n, expected.c)});
  const double error = ctx.world.max(local_error);
  const bool passed = error <= relative_tolerance;

  static constexpr std::array<double, 4> bytes_per_element = {16, 16, 24, 24};
  // FLOP per element: copy none, scale one multiply, add one add, triad a multiply and an add.
  static constexpr std::array<double, 4> flops_per_element = {0, 1, 1, 2};
  const int threads = omp_get_max_threads();
  const std::vector<std::string> notes = size_notes(size, ctx);
  std::vector<Result> results;
  for (std::size_t k = 0; k < times.size(); ++k) {
    const double rank_bytes = bytes_per_element[k] * static_cast<double>(n);
    const double world_bytes = ctx.world.sum(rank_bytes);
    const std::vector<double> world_rates = harness::rates(world_bytes, times[k].world_seconds);
    const std::vector<double> rank_rates = harness::rates(rank_bytes, times[k].rank_seconds);
    const double rank_best = *std::max_element(rank_rates.begin(), rank_rates.end());
    const std::vector<double> per_rank_best = ctx.world.all_gather(rank_best);

    Result r;
    r.benchmark = "stream";
    r.metric = times[k].name;
    r.precision = "fp64";
    r.unit = "B/s";
    r.stats = summarize(world_rates);
    r.value = r.stats.max;
    r.statistic = "best";
    r.parameters = {
        {"array_bytes", static_cast<std::int64_t>(n * sizeof(double))},
        {"array_elements", static_cast<std::int64_t>(n)},
        // The report's readers (roofline, centre profile) leave a cache-sized figure out.
        {"cache_sized", size.cache_sized},
        {"llc_bytes", static_cast<std::int64_t>(ctx.machine.last_level_cache_bytes())},  // 0: unknown
        {"stream_minimum_array_bytes", static_cast<std::int64_t>(size.stream_minimum_bytes)},
        {"bytes_per_element", bytes_per_element[k]},
        {"trials", static_cast<std::int64_t>(trials)},
        {"ranks", static_cast<std::int64_t>(ctx.world.size())},
        {"threads_per_rank", static_cast<std::int64_t>(threads)},
        {"kernel_variant", std::string(kernels.name)},
        {"per_rank_best_min_bytes_per_s", *std::min_element(per_rank_best.begin(), per_rank_best.end())},
        {"per_rank_best_max_bytes_per_s", *std::max_element(per_rank_best.begin(), per_rank_best.end())},
    };
    r.verification = {passed, "max relative error of a, b, c vs analytic values", error, relative_tolerance};
    if (flops_per_element[k] > 0) r.arithmetic_intensity = flops_per_element[k] / bytes_per_element[k];
    // Triad is the memory roof of the roofline, as is customary, unless cache-sized arrays made it cache bandwidth.
    r.roofline_role = r.metric == "triad" && !size.cache_sized ? RooflineRole::memory_roof : RooflineRole::point;
    r.notes = notes;
    results.push_back(std::move(r));
  }
  return results;
}

BenchmarkDescriptor describe_stream() {
  return {
      .name = "stream",
      .summary = "memory bandwidth: STREAM Copy, Scale, Add, Triad (FP64, OpenMP, summed over ranks)",
      .centre = Centre::hpc,
      .run_order = 20,
      .profiles = {Profile::quick, Profile::hpc, Profile::ai, Profile::cloud, Profile::full},
      .options =
          {
              {"size", OptionType::size, "bytes per array on each rank (default: 4x the host's last-level caches shared among its ranks, at "
               "least 16 MiB; 1 GiB when the cache is unknown; at most what fits in half the memory)",
               "BYTES"},
              {"trials", OptionType::count, "timed trials after one warm-up (default 10; 5 in the quick profile)", "N"},
              {"reference", OptionType::flag, "use the plain reference loops instead of the vector kernels", ""},
          },
      .run = run_stream,
  };
}

const Registrar registered{describe_stream()};

}  // namespace
}  // namespace suanli
