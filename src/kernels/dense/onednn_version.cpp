#include "kernels/dense/onednn_version.hpp"

#include <oneapi/dnnl/dnnl.h>

#include <string>

namespace suanli::kernels::dense {

std::string onednn_version() {
  const dnnl_version_t* v = dnnl_version();
  return "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch);
}

}  // namespace suanli::kernels::dense
