// The linear layer's three back ends (linear.hpp): SGEMM on the dense engine (BLIS or OpenBLAS) for
// FP32, oneDNN 2.6's matmul primitive for BF16 and INT8, driven as src/kernels/dense/gemm_onednn.cpp drives it — weights
// declared format_tag::any and reordered once into the packed layout, user scratchpad, arguments
// built once so that forward() allocates nothing.
//
// INT8 scaling. The per-call activation scale s_x cannot be a constant of the primitive. oneDNN
// 2.6.3 takes runtime output scales (DNNL_RUNTIME_F32_VAL) only in its "gemm:jit" implementation
// (on Zen 5 as on older CPUs), which keeps the weights in the plain layout and packs them again in
// every call, in buffers of its own. "brg:avx512_core_vnni" packs them once but takes output scales
// only as constants. So the primitive holds the per-column s_j as constant output scales (known when
// the weights are) and applies s_x and the bias as two binary post-ops whose operands are memories
// read at execute time:
//   dst = (acc·s_j)·s_x + bias_j          (binary_mul by a 1×1 tensor, binary_add of a 1×out row)
// — acc·s_x·s_j + bias up to one more FP32 rounding. Measured at 512×768×3072 with 2 threads the
// two run at the same speed (about 1.3 ms); where brgemm is missing (DNNL_MAX_CPU_ISA=AVX2) the same
// attributes get gemm:jit. s8 activations (not u8 with a zero point): both implementations take s8
// src directly (adding the 128·Σ_l q_lj compensation themselves), which keeps the activations'
// quantisation symmetric like the weights'.
#include "kernels/transformer/linear.hpp"

#include <omp.h>
#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kernels/dense/blas_engine.hpp"
#include "kernels/dense/dense_blas.hpp"
#include "kernels/transformer/activation_conversion.hpp"
#include "kernels/dense/gemm.hpp"
#include "kernels/dense/onednn_version.hpp"

namespace suanli::kernels::transformer {
namespace {

using dense::onednn_version;

using dnnl::memory;
using DataType = memory::data_type;
using Tag = memory::format_tag;

// Symmetric INT8 scale of values whose largest magnitude is `largest`: largest/127, or 1 when all
// are 0 (any scale quantises 0 to 0).
float int8_scale(float largest) { return largest > 0 ? largest / 127.0f : 1.0f; }


// Whether oneDNN's INT8 kernels multiply with VNNI (vpdpbusd: u8·s8 products summed in 32 bits)
// rather than vpmaddubsw, whose pair sums saturate at 16 bits. The ISA is oneDNN's view of the CPU,
// which DNNL_MAX_CPU_ISA may narrow. cpu_isa values are bit sets, each including the ISAs below it.
bool onednn_has_vnni() {
  const auto isa = static_cast<unsigned>(dnnl::get_effective_cpu_isa());
  auto includes = [isa](dnnl::cpu_isa want) { return (isa & static_cast<unsigned>(want)) == static_cast<unsigned>(want); };
  return includes(dnnl::cpu_isa::avx512_core_vnni) || includes(dnnl::cpu_isa::avx2_vnni);
}

class LinearBackend {
 public:
  virtual ~LinearBackend() = default;
  virtual void forward(const float* x, float* y) = 0;
  virtual std::string library() const = 0;
};

// y = bias (each row), then y += x·W with SGEMM on the dense engine (beta = 1).
class SgemmLinear final : public LinearBackend {
 public:
  SgemmLinear(int rows, int in, int out, const float* weights, const float* bias)
      : rows_(rows), in_(in), out_(out),
        weights_(weights, weights + static_cast<std::size_t>(in) * out),
        bias_(bias ? std::vector<float>(bias, bias + out) : std::vector<float>(static_cast<std::size_t>(out), 0.0f)) {}

  void forward(const float* x, float* y) override {
#pragma omp parallel for schedule(static)
    for (int i = 0; i < rows_; ++i) std::memcpy(y + static_cast<std::size_t>(i) * out_, bias_.data(), sizeof(float) * out_);
    dense::sgemm_row_major(dense::Op::none, dense::Op::none, rows_, out_, in_, 1.0f, x, in_, weights_.data(), out_, 1.0f,
                y, out_);
  }

  std::string library() const override {
    return dense::blas_library(dense::active_blas_engine(), "sgemm");
  }

 private:
  int rows_, in_, out_;
  std::vector<float> weights_, bias_;
};

// BF16 and INT8 through oneDNN's matmul.
class OnednnLinear final : public LinearBackend {
 public:
  OnednnLinear(Precision precision, int rows, int in, int out, const float* weights, const float* bias)
      : precision_(precision), rows_(rows), in_(in), out_(out), engine_(dnnl::engine::kind::cpu, 0), stream_(engine_) {
    const bool int8 = precision == Precision::int8;
    const DataType type = int8 ? DataType::s8 : DataType::bf16;
    const auto m = static_cast<memory::dim>(rows), k = static_cast<memory::dim>(in), n = static_cast<memory::dim>(out);
    const memory::desc src({m, k}, type, Tag::ab), packed_any({k, n}, type, Tag::any), dst({m, n}, DataType::f32, Tag::ab);
    const memory::desc bias_desc({1, n}, DataType::f32, Tag::ab), scalar_desc({1, 1}, DataType::f32, Tag::ab);

    // Weights converted in the plain layout first, then reordered into the packed one.
    const std::size_t weight_count = static_cast<std::size_t>(in) * out;
    memory plain({{k, n}, type, Tag::ab}, engine_);
    std::vector<float> column_scales;
    if (int8) {
      column_scales = quantise_weights(weights, static_cast<std::int8_t*>(plain.get_data_handle()));
    } else {
      auto* w = static_cast<std::uint16_t*>(plain.get_data_handle());
#pragma omp parallel for schedule(static)
      for (std::size_t e = 0; e < weight_count; ++e) w[e] = to_bf16(weights[e]);
    }

    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    if (int8) {
      attr.set_output_scales(1 << 1, column_scales);
      dnnl::post_ops ops;
      ops.append_binary(dnnl::algorithm::binary_mul, scalar_desc);
      ops.append_binary(dnnl::algorithm::binary_add, bias_desc);
      attr.set_post_ops(ops);
      desc_ = dnnl::matmul::primitive_desc(dnnl::matmul::desc(src, packed_any, dst), attr, engine_, true);
    } else {
      desc_ = dnnl::matmul::primitive_desc(dnnl::matmul::desc(src, packed_any, bias_desc, dst), attr, engine_, true);
    }
    const std::string what = std::string(precision_label(precision)) + " matmul with f32 bias and output";
    if (!desc_) throw std::invalid_argument(onednn_version() + " has no " + what + " for this CPU");
    if (std::string_view(desc_.impl_info_str()).starts_with("ref"))
      throw std::invalid_argument(onednn_version() + " has only its unoptimised reference " + what + " (" +
                                  desc_.impl_info_str() + ") for this CPU");

    memory packed = plain;
    if (desc_.weights_desc() != plain.get_desc()) {
      packed = memory(desc_.weights_desc(), engine_);
      dnnl::reorder(plain, packed).execute(stream_, plain, packed);
      stream_.wait();
    }
    bias_ = memory(bias_desc, engine_);
    auto* b = static_cast<float*>(bias_.get_data_handle());
    if (bias) std::copy(bias, bias + out, b);
    else std::fill(b, b + out, 0.0f);
    src_ = memory(desc_.src_desc(), engine_);
    dst_ = memory(desc_.dst_desc(), engine_, DNNL_MEMORY_NONE);
    args_ = {{DNNL_ARG_SRC, src_},
             {DNNL_ARG_WEIGHTS, packed},
             {DNNL_ARG_DST, dst_},
             {DNNL_ARG_SCRATCHPAD, memory(desc_.scratchpad_desc(), engine_)}};
    if (int8) {
      activation_scale_ = memory(scalar_desc, engine_);
      args_[DNNL_ARG_ATTR_MULTIPLE_POST_OP(0) | DNNL_ARG_SRC_1] = activation_scale_;
      args_[DNNL_ARG_ATTR_MULTIPLE_POST_OP(1) | DNNL_ARG_SRC_1] = bias_;
    } else {
      args_[DNNL_ARG_BIAS] = bias_;
    }
    matmul_ = dnnl::matmul(desc_);
  }

  void forward(const float* x, float* y) override {
    const std::size_t count = static_cast<std::size_t>(rows_) * in_;
    if (precision_ == Precision::int8) {
      const float scale = int8_scale(max_magnitude(count, x));
      *static_cast<float*>(activation_scale_.get_data_handle()) = scale;
      quantise_all(count, x, 1.0f / scale, static_cast<std::int8_t*>(src_.get_data_handle()));
    } else {
      convert_to_bf16(count, x, static_cast<std::uint16_t*>(src_.get_data_handle()));
    }
    dst_.set_data_handle(y);  // no allocation: the memory object only records the pointer
    matmul_.execute(stream_, args_);
    stream_.wait();
  }

  std::string library() const override { return onednn_version() + " matmul " + desc_.impl_info_str(); }

 private:
  // q_lj = round(W_lj / s_j), s_j = max_l |W_lj| / 127; returns the s_j.
  std::vector<float> quantise_weights(const float* weights, std::int8_t* q) const {
    std::vector<float> scales(static_cast<std::size_t>(out_), 0.0f);
    for (int l = 0; l < in_; ++l)
      for (int j = 0; j < out_; ++j) scales[j] = std::max(scales[j], std::fabs(weights[static_cast<std::size_t>(l) * out_ + j]));
    std::vector<float> inverse(scales.size());
    for (std::size_t j = 0; j < scales.size(); ++j) {
      scales[j] = int8_scale(scales[j]);
      inverse[j] = 1.0f / scales[j];
    }
#pragma omp parallel for schedule(static)
    for (int l = 0; l < in_; ++l)
      for (int j = 0; j < out_; ++j) {
        const std::size_t e = static_cast<std::size_t>(l) * out_ + j;
        q[e] = quantise(weights[e], inverse[j]);
      }
    return scales;
  }

  Precision precision_;
  int rows_, in_, out_;
  dnnl::engine engine_;
  dnnl::stream stream_;
  dnnl::matmul::primitive_desc desc_;
  dnnl::matmul matmul_;
  memory src_, dst_, bias_, activation_scale_;
  std::unordered_map<int, memory> args_;  // built once; dst_ is the same object, pointed at y per call
};

}  // namespace

class Linear::Impl {
 public:
  Impl(Precision precision, int rows, int in, int out, std::unique_ptr<LinearBackend> backend)
      : precision(precision), rows(rows), in(in), out(out), backend(std::move(backend)) {}
  Precision precision;
  int rows, in, out;
  std::unique_ptr<LinearBackend> backend;
};

std::string linear_unsupported_reason(Precision p) {
  if (p != Precision::fp32 && p != Precision::bf16 && p != Precision::int8)
    return "no " + std::string(precision_label(p)) + " linear layer: its precisions are FP32, BF16 and INT8";
  if (std::string reason = dense::gemm_unsupported_reason(p); !reason.empty()) return reason;
  if (p == Precision::int8 && !onednn_has_vnni())
    return "the INT8 linear layer needs VNNI (AVX512-VNNI or AVX-VNNI), which " + onednn_version() +
           " does not use here: without it the u8·s8 pair sums of its INT8 kernels saturate at 16 bits";
  return "";
}

Linear::Linear(Precision precision, int rows, int in, int out, const float* weights, const float* bias) {
  if (const std::string reason = linear_unsupported_reason(precision); !reason.empty())
    throw std::invalid_argument(reason);
  if (rows < 1 || in < 1 || out < 1)
    throw std::invalid_argument("linear layer of " + std::to_string(rows) + "×" + std::to_string(in) + "×" +
                                std::to_string(out) + ": dimensions must be at least 1");
  if (!weights) throw std::invalid_argument("linear layer: null weights");
  std::unique_ptr<LinearBackend> backend;
  if (precision == Precision::fp32) backend = std::make_unique<SgemmLinear>(rows, in, out, weights, bias);
  else backend = std::make_unique<OnednnLinear>(precision, rows, in, out, weights, bias);
  impl_ = std::make_unique<Impl>(precision, rows, in, out, std::move(backend));
}

Linear::~Linear() = default;
Linear::Linear(Linear&&) noexcept = default;
Linear& Linear::operator=(Linear&&) noexcept = default;

void Linear::forward(const float* x, float* y) { impl_->backend->forward(x, y); }

double Linear::flops() const {
  return 2.0 * static_cast<double>(impl_->rows) * static_cast<double>(impl_->in) * static_cast<double>(impl_->out);
}

std::string Linear::library() const { return impl_->backend->library(); }
Precision Linear::precision() const { return impl_->precision; }
int Linear::rows() const { return impl_->rows; }
int Linear::in() const { return impl_->in; }
int Linear::out() const { return impl_->out; }

}  // namespace suanli::kernels::transformer
