// Index maths of the 2D block-cyclic layout (ScaLAPACK/HPL): along one axis, n global indices are
// cut into blocks of nb and block b goes to process b mod procs (the first block on process 0).
// Rows use the axis with P processes, columns the axis with Q. Pure functions, no MPI.
#pragma once

namespace suanli::solvers::lu {

struct BlockCyclicAxis {
  long n = 0;     // global extent
  int nb = 1;     // block size
  int procs = 1;  // processes along this axis

  // The process that owns global index g.
  constexpr int owner(long g) const { return static_cast<int>((g / nb) % procs); }
  // g's index in its owner's local storage.
  constexpr long to_local(long g) const { return (g / (static_cast<long>(nb) * procs)) * nb + g % nb; }
  // The global index of local index l on process `proc`.
  constexpr long to_global(long l, int proc) const {
    return (l / nb) * static_cast<long>(nb) * procs + static_cast<long>(proc) * nb + l % nb;
  }
  // How many of the global indices [0, g) process `proc` owns; with g = n, its local extent
  // (ScaLAPACK's numroc). Also the local index of the first owned global index ≥ g.
  constexpr long count_below(long g, int proc) const {
    const long cycle = static_cast<long>(nb) * procs;
    const long full_cycles = g / cycle;
    const long rest = g % cycle - static_cast<long>(proc) * nb;
    const long partial = rest <= 0 ? 0 : (rest < nb ? rest : nb);
    return full_cycles * nb + partial;
  }
  constexpr long local_size(int proc) const { return count_below(n, proc); }
};

}  // namespace suanli::solvers::lu
