// The recursive triangular solve of the LU update against plain forward substitution, at sizes
// around and far above its base block, with leading dimensions larger than the rows.
#include "solvers/lu/recursive_trsm.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace suanli::solvers::lu {
namespace {

// Entries in [-0.5, 0.5) from a fixed sequence: the same on every run.
double entry(std::uint64_t i) {
  i = (i + 1) * 0x9E3779B97F4A7C15ull;
  i ^= i >> 31;
  return static_cast<double>(i >> 11) / 9007199254740992.0 - 0.5;
}

void expect_matches_forward_substitution(int m, int n) {
  const int ldl = m + 3;
  const int ldb = m + 5;
  std::vector<double> l(static_cast<std::size_t>(ldl) * m);
  std::vector<double> b(static_cast<std::size_t>(ldb) * n);
  for (std::size_t i = 0; i < l.size(); ++i) l[i] = entry(i);
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = entry(i + 1000003);
  std::vector<double> expected = b;
  for (int c = 0; c < n; ++c)
    for (int j = 0; j < m; ++j)
      for (int i = j + 1; i < m; ++i)
        expected[static_cast<std::size_t>(i + c * ldb)] -=
            l[static_cast<std::size_t>(i + j * ldl)] * expected[static_cast<std::size_t>(j + c * ldb)];
  solve_unit_lower(m, n, l.data(), ldl, b.data(), ldb);
  for (int c = 0; c < n; ++c) {
    for (int i = 0; i < ldb; ++i) {
      const double want = expected[static_cast<std::size_t>(i + c * ldb)];
      // Rows beyond m (the padding) must be untouched, bit for bit.
      if (i >= m) {
        ASSERT_EQ(b[static_cast<std::size_t>(i + c * ldb)], want) << "padding row " << i;
        continue;
      }
      ASSERT_NEAR(b[static_cast<std::size_t>(i + c * ldb)], want, 1e-9 * (1 + std::abs(want)))
          << "m=" << m << " n=" << n << " row " << i << " column " << c;
    }
  }
}

TEST(RecursiveTrsm, MatchesForwardSubstitutionAroundTheBaseBlock) {
  for (int m : {1, trsm_base_rows - 1, trsm_base_rows, trsm_base_rows + 1}) expect_matches_forward_substitution(m, 7);
}

TEST(RecursiveTrsm, MatchesForwardSubstitutionAtPanelWidths) {
  for (int m : {97, 192, 384}) expect_matches_forward_substitution(m, 50);
}

TEST(RecursiveTrsm, NoColumnsIsNothingToDo) { expect_matches_forward_substitution(64, 0); }

}  // namespace
}  // namespace suanli::solvers::lu
