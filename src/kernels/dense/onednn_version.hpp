#pragma once

#include <string>

namespace suanli::kernels::dense {

// "oneDNN 3.x.y" for the library this binary runs against: every oneDNN refusal and library stamp names it.
std::string onednn_version();

}  // namespace suanli::kernels::dense
