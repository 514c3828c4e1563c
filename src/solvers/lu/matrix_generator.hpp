// The random linear system of HPL, generated so that any rank can make any entry alone.
// A counter-based generator ("jump-ahead" for free): entry (i, j) is a hash of (seed, i, j), so a
// rank fills its own block-cyclic pieces without communication, and the residual check regenerates
// A and b instead of keeping a copy (n² words saved). Entries are uniform in [-0.5, 0.5).
#pragma once

#include <cstdint>

namespace suanli::solvers::lu {

class MatrixGenerator {
 public:
  MatrixGenerator(long n, std::uint64_t seed);
  long n() const { return n_; }
  // A(i, j), 0 ≤ i, j < n.
  double a(long i, long j) const { return uniform(static_cast<std::uint64_t>(i) * columns() + j); }
  // b(i), 0 ≤ i < n: stored as column n of the augmented matrix [A | b], as HPL does.
  double b(long i) const { return a(i, n_); }
  // The augmented matrix [A | b], n × (n + 1).
  double augmented(long i, long j) const { return a(i, j); }

 private:
  std::uint64_t columns() const { return static_cast<std::uint64_t>(n_) + 1; }
  double uniform(std::uint64_t counter) const;

  long n_;
  std::uint64_t key_;  // the seed, hashed so that nearby seeds give unrelated streams
};

// splitmix64's finaliser: a bijective 64-bit mix with full avalanche.
std::uint64_t splitmix64(std::uint64_t x);

}  // namespace suanli::solvers::lu
