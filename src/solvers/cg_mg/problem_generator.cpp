// Generation of HPCG's problem (HPCG 3.1's GenerateProblem, SetupHalo,
// GenerateCoarseProblem), every rank building its own rows; the halo lists
// come from the geometry, so setup needs no communication.
#include <map>
#include <set>
#include <unordered_map>

#include "solvers/cg_mg/problem.hpp"

namespace suanli::solvers::cg_mg {
namespace {

using kernels::sparse::SparseMatrix;

// How many of the offsets −1, 0, +1 keep coordinate `local` (global `global`)
// inside a global extent `extent`.
inline int neighbours_along(std::int64_t global, std::int64_t extent) {
  return 1 + (global > 0 ? 1 : 0) + (global + 1 < extent ? 1 : 0);
}

// One stencil entry of local point (ix, iy, iz): its offset, its global point
// and row, and whether that point is in this rank's box.
struct StencilEntry {
  int sx, sy, sz;
  std::int64_t gx, gy, gz, global_row;
  bool local;
};

// Calls visit(entry) for the stencil entries of local point (ix, iy, iz) that lie
// in the global grid, in increasing global column (z, then y, then x), as HPCG
// generates them.
template <typename Visit>
void for_each_entry(const Geometry& g, int ix, int iy, int iz, Visit&& visit) {
  const std::int64_t gnx = g.gnx(), gny = g.gny(), gnz = g.gnz();
  const std::int64_t gx0 = std::int64_t{g.ipx} * g.nx + ix;
  const std::int64_t gy0 = std::int64_t{g.ipy} * g.ny + iy;
  const std::int64_t gz0 = std::int64_t{g.ipz} * g.nz + iz;
  for (int sz = -1; sz <= 1; ++sz)
    for (int sy = -1; sy <= 1; ++sy)
      for (int sx = -1; sx <= 1; ++sx) {
        const std::int64_t gx = gx0 + sx, gy = gy0 + sy, gz = gz0 + sz;
        if (gx < 0 || gy < 0 || gz < 0 || gx >= gnx || gy >= gny || gz >= gnz) continue;
        const bool local =
            ix + sx >= 0 && ix + sx < g.nx && iy + sy >= 0 && iy + sy < g.ny && iz + sz >= 0 && iz + sz < g.nz;
        visit(StencilEntry{sx, sy, sz, gx, gy, gz, (gz * gny + gy) * gnx + gx, local});
      }
}

struct HaloPlan {
  std::map<int, std::set<std::int64_t>> receive;  // neighbour -> the global rows it owns that we need
  std::map<int, std::vector<std::int32_t>> send;  // neighbour -> our rows it needs, increasing
};

// Pass over the box faces: every stencil entry that leaves the box names a row
// of a neighbour, and (the stencil being symmetric) the neighbour needs ours.
HaloPlan plan_halo(const Geometry& g) {
  HaloPlan plan;
  for (int iz = 0; iz < g.nz; ++iz)
    for (int iy = 0; iy < g.ny; ++iy)
      for (int ix = 0; ix < g.nx; ++ix) {
        const bool on_face = ix == 0 || iy == 0 || iz == 0 || ix == g.nx - 1 || iy == g.ny - 1 || iz == g.nz - 1;
        if (!on_face) continue;
        const std::int32_t row = (iz * g.ny + iy) * g.nx + ix;
        for_each_entry(g, ix, iy, iz, [&](const StencilEntry& e) {
          if (e.local) return;
          const int owner = g.owner(e.gx, e.gy, e.gz);
          plan.receive[owner].insert(e.global_row);
          auto& rows = plan.send[owner];
          if (rows.empty() || rows.back() != row) rows.push_back(row);
        });
      }
  return plan;
}

// The halo's bookkeeping, and the local column of every halo row: neighbours in
// rank order, each one's rows in global order, after this rank's rows.
std::unordered_map<std::int64_t, std::int32_t> build_halo(const HaloPlan& plan, std::int32_t rows, Halo& halo) {
  std::unordered_map<std::int64_t, std::int32_t> column_of;
  std::int32_t next = rows;
  for (const auto& [neighbour, globals] : plan.receive) {
    halo.neighbours.push_back(neighbour);
    halo.receive_offsets.push_back(next - rows);
    halo.receive_counts.push_back(static_cast<int>(globals.size()));
    for (std::int64_t global : globals) column_of.emplace(global, next++);
    const auto& send = plan.send.at(neighbour);
    halo.send_offsets.push_back(static_cast<int>(halo.send_rows.size()));
    halo.send_counts.push_back(static_cast<int>(send.size()));
    halo.send_rows.insert(halo.send_rows.end(), send.begin(), send.end());
  }
  halo.send_buffer.assign(halo.send_rows.size(), 0.0);
  return column_of;
}

std::unique_ptr<Level> generate_level(const Geometry& g) {
  auto level = std::make_unique<Level>();
  level->geometry = g;
  SparseMatrix& m = level->matrix;
  const std::int32_t rows = g.local_rows();
  const std::int64_t gnx = g.gnx(), gny = g.gny(), gnz = g.gnz();

  const auto column_of = build_halo(plan_halo(g), rows, level->halo);
  m.rows = rows;
  m.columns = rows + static_cast<std::int32_t>(column_of.size());

  // Row lengths are known from the geometry, so the offsets come first and the
  // rows are then filled in parallel.
  m.row_offsets.assign(static_cast<std::size_t>(rows) + 1, 0);
  for (int iz = 0; iz < g.nz; ++iz)
    for (int iy = 0; iy < g.ny; ++iy)
      for (int ix = 0; ix < g.nx; ++ix) {
        const std::int32_t row = (iz * g.ny + iy) * g.nx + ix;
        const int length = neighbours_along(std::int64_t{g.ipx} * g.nx + ix, gnx) *
                           neighbours_along(std::int64_t{g.ipy} * g.ny + iy, gny) *
                           neighbours_along(std::int64_t{g.ipz} * g.nz + iz, gnz);
        m.row_offsets[row + 1] = m.row_offsets[row] + length;
      }
  m.nonzeros = m.row_offsets[rows];
  m.column_indices.assign(static_cast<std::size_t>(m.nonzeros), 0);
  m.values.assign(static_cast<std::size_t>(m.nonzeros), 0.0);
  m.diagonal_offsets.assign(static_cast<std::size_t>(rows), 0);
  m.diagonal.assign(static_cast<std::size_t>(rows), stencil_diagonal);

#pragma omp parallel for schedule(static)
  for (int iz = 0; iz < g.nz; ++iz)
    for (int iy = 0; iy < g.ny; ++iy)
      for (int ix = 0; ix < g.nx; ++ix) {
        const std::int32_t row = (iz * g.ny + iy) * g.nx + ix;
        std::int64_t k = m.row_offsets[row];
        for_each_entry(g, ix, iy, iz, [&](const StencilEntry& e) {
          const bool diagonal = e.sx == 0 && e.sy == 0 && e.sz == 0;
          m.column_indices[k] = e.local ? row + (e.sz * g.ny + e.sy) * g.nx + e.sx : column_of.at(e.global_row);
          m.values[k] = diagonal ? stencil_diagonal : stencil_off_diagonal;
          if (diagonal) m.diagonal_offsets[row] = k;
          ++k;
        });
      }

  level->axf.assign(static_cast<std::size_t>(m.columns), 0.0);
  level->smoother_scratch.assign(2 * static_cast<std::size_t>(rows), 0.0);
  return level;
}

// Coarse row (ix, iy, iz) injects from fine row (2ix, 2iy, 2iz).
std::vector<std::int32_t> injection_map(const Geometry& fine, const Geometry& coarse) {
  std::vector<std::int32_t> map(static_cast<std::size_t>(coarse.local_rows()));
  for (int iz = 0; iz < coarse.nz; ++iz)
    for (int iy = 0; iy < coarse.ny; ++iy)
      for (int ix = 0; ix < coarse.nx; ++ix)
        map[(iz * coarse.ny + iy) * coarse.nx + ix] = ((2 * iz) * fine.ny + 2 * iy) * fine.nx + 2 * ix;
  return map;
}

}  // namespace

Problem generate_problem(const Geometry& geometry, int levels) {
  Problem problem;
  problem.levels = levels;
  problem.fine = generate_level(geometry);
  Level* level = problem.fine.get();
  for (int l = 1; l < levels; ++l) {
    const Geometry coarse = coarsen(level->geometry);
    level->coarse = generate_level(coarse);
    level->fine_of_coarse = injection_map(level->geometry, coarse);
    level->coarse_rhs.assign(static_cast<std::size_t>(level->coarse->columns()), 0.0);
    level->coarse_x.assign(static_cast<std::size_t>(level->coarse->columns()), 0.0);
    level = level->coarse.get();
  }

  const SparseMatrix& a = problem.fine->matrix;
  problem.b.assign(static_cast<std::size_t>(a.rows), 0.0);
  problem.x.assign(static_cast<std::size_t>(a.columns), 0.0);
  problem.x_exact.assign(static_cast<std::size_t>(a.rows), 1.0);
  // b = A·1: the diagonal minus one for every neighbour (HPCG: 26 − (nnz − 1)).
  for (std::int32_t i = 0; i < a.rows; ++i)
    problem.b[i] = stencil_diagonal + stencil_off_diagonal * static_cast<double>(a.row_offsets[i + 1] -
                                                                                 a.row_offsets[i] - 1);
  return problem;
}

void optimise_problem(Problem& problem) {
  // Every level first (each colours by its natural-numbered injected rows), then
  // the lists that name rows of two levels are renumbered at both ends.
  std::vector<std::vector<std::int32_t>> positions;
  for (Level* level = problem.fine.get(); level; level = level->coarse.get())
    positions.push_back(kernels::sparse::build_optimised_layout(level->matrix, level->fine_of_coarse));
  std::size_t l = 0;
  for (Level* level = problem.fine.get(); level; level = level->coarse.get(), ++l) {
    const auto& position = positions[l];
    for (std::int32_t& row : level->halo.send_rows) row = position[row];
    if (!level->coarse) continue;
    const auto& coarse_position = positions[l + 1];
    std::vector<std::int32_t> fine_of_coarse(level->fine_of_coarse.size());
    for (std::size_t i = 0; i < fine_of_coarse.size(); ++i)
      fine_of_coarse[coarse_position[i]] = position[level->fine_of_coarse[i]];
    level->fine_of_coarse = std::move(fine_of_coarse);
  }
  kernels::sparse::HugePageVector<double> b(problem.b.size());
  for (std::size_t i = 0; i < b.size(); ++i) b[positions[0][i]] = problem.b[i];
  problem.b = std::move(b);  // x starts at zero and x_exact is all ones: the same in any order
}

double problem_bytes(const Problem& problem) {
  double bytes = 0;
  for (const Level* level = problem.fine.get(); level; level = level->coarse.get()) {
    bytes += level->matrix.reference_bytes() + level->matrix.optimised_bytes();
    bytes += static_cast<double>(level->axf.size() + level->coarse_rhs.size() + level->coarse_x.size() +
                                 level->smoother_scratch.size()) *
             8.0;
    bytes += static_cast<double>(level->fine_of_coarse.size()) * 4.0;
  }
  bytes += static_cast<double>(problem.b.size() + problem.x.size() + problem.x_exact.size()) * 8.0;
  return bytes;
}

}  // namespace suanli::solvers::cg_mg
