#include "solvers/lu/matrix_generator.hpp"

namespace suanli::solvers::lu {

std::uint64_t splitmix64(std::uint64_t x) {
  std::uint64_t z = x + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

MatrixGenerator::MatrixGenerator(long n, std::uint64_t seed, MatrixKind kind)
    : n_(n), kind_(kind), key_(splitmix64(seed)) {}

double MatrixGenerator::uniform(std::uint64_t counter) const {
  // The top 53 bits give a double in [0, 1) exactly; shift to [-0.5, 0.5).
  const std::uint64_t bits = splitmix64(key_ ^ counter) >> 11;
  return static_cast<double>(bits) * 0x1.0p-53 - 0.5;
}

}  // namespace suanli::solvers::lu
