// The random linear system of HPL, generated so that any rank can make any entry alone.
// A counter-based generator ("jump-ahead" for free): entry (i, j) is a hash of (seed, i, j), so a
// rank fills its own block-cyclic pieces without communication, and the residual check regenerates
// A and b instead of keeping a copy (n² words saved). Entries are uniform in [-0.5, 0.5).
//
// MatrixKind::diagonally_dominant (HPL-MxP, docs/mxp.md) adds n/2 + 1 to each diagonal entry of A:
// |A(i,i)| ≥ n/2 + 1/2 > Σ_{j≠i} |A(i,j)| (at most (n−1)/2), so A is strictly diagonally dominant
// by rows and LU without pivoting is stable, as in the HPL-MxP reference. b is unchanged.
#pragma once

#include <cstdint>

namespace suanli::solvers::lu {

enum class MatrixKind { random, diagonally_dominant };

class MatrixGenerator {
 public:
  MatrixGenerator(long n, std::uint64_t seed, MatrixKind kind = MatrixKind::random);
  long n() const { return n_; }
  MatrixKind kind() const { return kind_; }
  // A(i, j), 0 ≤ i, j < n.
  double a(long i, long j) const {
    const double value = uniform(static_cast<std::uint64_t>(i) * columns() + j);
    return kind_ == MatrixKind::diagonally_dominant && i == j ? value + diagonal_shift() : value;
  }
  // b(i), 0 ≤ i < n: stored as column n of the augmented matrix [A | b], as HPL does.
  double b(long i) const { return a(i, n_); }
  // The augmented matrix [A | b], n × (n + 1).
  double augmented(long i, long j) const { return a(i, j); }

 private:
  std::uint64_t columns() const { return static_cast<std::uint64_t>(n_) + 1; }
  double diagonal_shift() const { return 0.5 * static_cast<double>(n_) + 1.0; }
  double uniform(std::uint64_t counter) const;

  long n_;
  MatrixKind kind_;
  std::uint64_t key_;  // the seed, hashed so that nearby seeds give unrelated streams
};

// splitmix64's finaliser: a bijective 64-bit mix with full avalanche.
std::uint64_t splitmix64(std::uint64_t x);

}  // namespace suanli::solvers::lu
