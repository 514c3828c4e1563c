// The MPI datatype of a C++ element type, for the precisions the solvers are instantiated in.
#pragma once

#include <mpi.h>

namespace suanli::solvers::lu {

template <typename T>
MPI_Datatype mpi_type();
template <>
inline MPI_Datatype mpi_type<double>() {
  return MPI_DOUBLE;
}
template <>
inline MPI_Datatype mpi_type<float>() {
  return MPI_FLOAT;
}

}  // namespace suanli::solvers::lu
