// The ISA variants of the STREAM kernels; only stream_dispatch.cpp picks among them.
#pragma once

#include "kernels/stream/stream.hpp"

namespace suanli::kernels::stream {

const Kernels& avx512_kernels();
const Kernels& avx_kernels();
const Kernels& sse2_kernels();

}  // namespace suanli::kernels::stream
