// The files a flow run leaves for people and tools, as text (the caller writes them atomically):
// the cavity's centreline profiles (CSV), a picture of the flow (SVG: speed as colour, streamlines),
// the fields for ParaView (VTK legacy, cell data on structured points).
#pragma once

#include <string>

#include "solvers/navier_stokes/flow_solver.hpp"

namespace suanli::solvers::navier_stokes {

// position, u(0.5, position), v(position, 0.5) at the walls and every cell centre of the line.
std::string profiles_csv(const FlowFields& fields, double re);

// Speed |u| at cell centres as a colour map (at most 64×64 tiles, so the file stays small at
// any n), with streamlines traced through the cell-centred velocity; title is printed above.
std::string flow_svg(const FlowFields& fields, const std::string& title);

// Pressure and cell-centred velocity (faces averaged) on the n×n cells.
std::string vtk_legacy(const FlowFields& fields);

}  // namespace suanli::solvers::navier_stokes
