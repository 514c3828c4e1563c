#include "harness/dense_system_size.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/units.hpp"

namespace suanli::harness {

namespace {

// Per-rank memory beyond the n²/(P·Q) entries: panel and U buffers, b, the
// replicated vectors (a few nb-wide strips and n-long vectors) — a margin, so
// the memory check errs safe.
constexpr double memory_margin = 1.10;

double bytes_per_rank(long n, int p, int q, double bytes_per_entry) {
  return memory_margin * bytes_per_entry * static_cast<double>(n) * static_cast<double>(n) / (p * q);
}

// The largest n whose matrix fits `fraction` of the memory of every host; each
// rank may use its share of its host's available memory.
long largest_n(const RunContext& ctx, double fraction, int p, int q, double bytes_per_entry) {
  const double share = fraction * static_cast<double>(ctx.machine.memory_available_bytes) / ctx.world.host_size();
  const double smallest_share = ctx.world.min(share);
  return static_cast<long>(std::sqrt(smallest_share * p * q / (memory_margin * bytes_per_entry)));
}

std::pair<int, int> grid_for(const RunContext& ctx) {
  const int ranks = ctx.world.size();
  auto [p, q] = default_grid(ranks);
  const auto given_p = ctx.options.count("p"), given_q = ctx.options.count("q");
  if (given_p) p = static_cast<int>(*given_p);
  if (given_q) q = static_cast<int>(*given_q);
  if (given_p && !given_q) q = std::max(1, ranks / p);
  if (given_q && !given_p) p = std::max(1, ranks / q);
  if (static_cast<long>(p) * q != ranks)
    throw UsageError(fmt::format("--p/--q: a {}x{} grid needs {} ranks, but {} are running", p, q,
                                 static_cast<long>(p) * q, ranks));
  return {p, q};
}

}  // namespace

int default_block_size(const CpuFeatures& f) {
  if (f.avx512f) return 192;
  if (f.avx2 && f.fma) return 192;
  return 128;
}

std::pair<int, int> default_grid(int ranks) {
  int p = static_cast<int>(std::sqrt(static_cast<double>(ranks)));
  while (p > 1 && ranks % p != 0) --p;
  return {p, ranks / p};
}

DenseSystemSize dense_system_size(const RunContext& ctx, double bytes_per_entry, long quick_n) {
  DenseSystemSize size;
  std::tie(size.p, size.q) = grid_for(ctx);
  const double fraction = ctx.options.real("mem-fraction").value_or(0.8);
  if (fraction >= 1) throw UsageError(fmt::format("--mem-fraction: expected a fraction below 1, got {}", fraction));
  const long fits = largest_n(ctx, fraction, size.p, size.q, bytes_per_entry);
  size.nb = static_cast<int>(ctx.options.count("nb").value_or(default_block_size(ctx.machine.features)));
  if (auto given = ctx.options.count("n")) {
    size.n = static_cast<long>(*given);
    if (size.n > fits)
      throw UsageError(fmt::format("--n: order {} needs {} per rank, more than {:.0f}% of the memory available; "
                                   "the largest n that fits is {}",
                                   size.n, format_iec_bytes(bytes_per_rank(size.n, size.p, size.q, bytes_per_entry)),
                                   100 * fraction, fits));
  } else {
    const long n = ctx.profile == Profile::quick ? std::min(quick_n, fits) : fits;
    size.n = std::max<long>(size.nb, n / size.nb * size.nb);  // whole blocks: no ragged last panel
  }
  return size;
}

}  // namespace suanli::harness
