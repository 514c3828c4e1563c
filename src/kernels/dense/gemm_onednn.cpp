// BF16, FP16 and INT8 GEMM through oneDNN's matmul primitive (oneDNN 2.6 API: matmul::desc, then
// matmul::primitive_desc). A is plain row-major; B is declared with format_tag::any so the primitive
// picks its packed layout, and is reordered into it once, when the problem is prepared — as an
// inference engine packs its weights once — so run() times the multiply alone.
#include <oneapi/dnnl/dnnl.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "kernels/dense/gemm_backend.hpp"
#include "kernels/dense/gemm_matrices.hpp"
#include "kernels/dense/onednn_version.hpp"

namespace suanli::kernels::dense {
namespace {

using dnnl::memory;
using DataType = memory::data_type;
using Tag = memory::format_tag;

struct MatmulTypes {
  DataType a, b, c;
};

std::optional<MatmulTypes> matmul_types(Precision p) {
  switch (p) {
    case Precision::bf16: return MatmulTypes{DataType::bf16, DataType::bf16, DataType::f32};
    case Precision::fp16: return MatmulTypes{DataType::f16, DataType::f16, DataType::f32};
    case Precision::int8: return MatmulTypes{DataType::u8, DataType::s8, DataType::s32};
    default: return std::nullopt;
  }
}

memory::desc plain_b_desc(DataType type, std::size_t n, std::size_t k) {
  return memory::desc({static_cast<memory::dim>(k), static_cast<memory::dim>(n)}, type, Tag::ab);
}

// An empty descriptor when oneDNN has no implementation. The scratchpad is ours (user mode), so
// that it is allocated here and not inside the timed call.
dnnl::matmul::primitive_desc matmul_desc(const dnnl::engine& engine, MatmulTypes t, std::size_t m,
                                         std::size_t n, std::size_t k) {
  const auto dm = static_cast<memory::dim>(m), dn = static_cast<memory::dim>(n), dk = static_cast<memory::dim>(k);
  const memory::desc a({dm, dk}, t.a, Tag::ab), b({dk, dn}, t.b, Tag::any), c({dm, dn}, t.c, Tag::ab);
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return dnnl::matmul::primitive_desc(dnnl::matmul::desc(a, b, c), attr, engine, /*allow_empty=*/true);
}

bool is_reference_implementation(std::string_view impl) { return impl.starts_with("ref"); }

class OnednnGemm final : public GemmBackend {
 public:
  explicit OnednnGemm(GemmMatrices& x) : engine_(dnnl::engine::kind::cpu, 0), stream_(engine_) {
    const MatmulTypes types = *matmul_types(x.precision());
    desc_ = matmul_desc(engine_, types, x.m(), x.n(), x.k());
    if (!desc_) throw std::invalid_argument(*onednn_gemm_unavailable(x.precision()));
    memory b_plain(plain_b_desc(types.b, x.n(), x.k()), engine_, x.b_data());
    memory b_packed = b_plain;
    if (desc_.weights_desc() != b_plain.get_desc()) {
      b_packed = memory(desc_.weights_desc(), engine_);
      dnnl::reorder(b_plain, b_packed).execute(stream_, b_plain, b_packed);
      stream_.wait();
    }
    args_ = {{DNNL_ARG_SRC, memory(desc_.src_desc(), engine_, x.a_data())},
             {DNNL_ARG_WEIGHTS, b_packed},
             {DNNL_ARG_DST, memory(desc_.dst_desc(), engine_, x.c_data())},
             {DNNL_ARG_SCRATCHPAD, memory(desc_.scratchpad_desc(), engine_)}};
    matmul_ = dnnl::matmul(desc_);
  }

  void run() override {
    matmul_.execute(stream_, args_);
    stream_.wait();
  }

  std::string library() const override { return onednn_version() + " matmul " + desc_.impl_info_str(); }

 private:
  dnnl::engine engine_;
  dnnl::stream stream_;
  dnnl::matmul::primitive_desc desc_;
  dnnl::matmul matmul_;
  std::unordered_map<int, memory> args_;  // built once: run() allocates nothing
};

}  // namespace

std::optional<std::string> onednn_gemm_unavailable(Precision p) {
  const std::optional<MatmulTypes> types = matmul_types(p);
  const std::string what = std::string(precision_label(p)) + " matmul";
  if (!types) return onednn_version() + " has no " + what;
  // A middling shape stands for all: oneDNN picks among the same implementations for every size.
  const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  const dnnl::matmul::primitive_desc desc = matmul_desc(engine, *types, 256, 256, 256);
  if (!desc) return onednn_version() + " has no " + what + " implementation for this CPU";
  if (is_reference_implementation(desc.impl_info_str()))
    return onednn_version() + " has only its unoptimised reference " + what + " (" + desc.impl_info_str() +
           ") for this CPU";
  return std::nullopt;
}

std::unique_ptr<GemmBackend> make_onednn_gemm(GemmMatrices& matrices) { return std::make_unique<OnednnGemm>(matrices); }

std::size_t onednn_gemm_workspace_bytes(Precision p, std::size_t m, std::size_t n, std::size_t k) {
  const std::optional<MatmulTypes> types = matmul_types(p);
  if (!types) return 0;
  const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  const dnnl::matmul::primitive_desc desc = matmul_desc(engine, *types, m, n, k);
  if (!desc) return 0;
  const std::size_t packed_b = desc.weights_desc() != plain_b_desc(types->b, n, k) ? desc.weights_desc().get_size() : 0;
  return packed_b + desc.scratchpad_desc().get_size();
}

}  // namespace suanli::kernels::dense
