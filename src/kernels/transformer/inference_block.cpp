#include "kernels/transformer/inference_block.hpp"

#include <omp.h>

#include "kernels/transformer/block_parts.hpp"
#include "kernels/transformer/vector_math.hpp"

namespace suanli::kernels::transformer {
namespace {

std::size_t count(int a, int b) { return static_cast<std::size_t>(a) * static_cast<std::size_t>(b); }

// Seconds since `start`, added to `into`; returns now.
double lap(double start, double& into) {
  const double now = omp_get_wtime();
  into += now - start;
  return now;
}

}  // namespace

InferenceBlock::InferenceBlock(const BlockShape& s, const BlockWeights& w, Precision p)
    : shape_(s),
      weights_(w),
      qkv_(p, s.tokens(), s.d_model, 3 * s.d_model, w.w_qkv.data(), w.b_qkv.data()),
      projection_(p, s.tokens(), s.d_model, s.d_model, w.w_o.data(), w.b_o.data()),
      ffn_up_(p, s.tokens(), s.d_model, s.ffn, w.w_1.data(), w.b_1.data()),
      ffn_down_(p, s.tokens(), s.ffn, s.d_model, w.w_2.data(), w.b_2.data()),
      h_(count(s.tokens(), s.d_model)),
      qkv_out_(count(s.tokens(), 3 * s.d_model)),
      attended_(count(s.tokens(), s.d_model)),
      y_(count(s.tokens(), s.d_model)),
      hidden_(count(s.tokens(), s.ffn)) {}

void InferenceBlock::forward(const float* x, float* out) {
  const int t = shape_.tokens(), d = shape_.d_model;
  const BlockWeights& w = weights_;
  double mark = omp_get_wtime();
  parts::layer_norm(t, d, x, w.ln1_gain.data(), w.ln1_bias.data(), h_.data());
  qkv_.forward(h_.data(), qkv_out_.data());
  mark = lap(mark, seconds_.qkv);
  parts::attention_all_heads(shape_, qkv_out_.data(), attended_.data());
  mark = lap(mark, seconds_.attention);
  projection_.forward(attended_.data(), y_.data());
  parts::add_into(count(t, d), x, y_.data());
  mark = lap(mark, seconds_.projection);
  parts::layer_norm(t, d, y_.data(), w.ln2_gain.data(), w.ln2_bias.data(), h_.data());
  mark = lap(mark, seconds_.other);
  ffn_up_.forward(h_.data(), hidden_.data());
  mark = lap(mark, seconds_.ffn_gemms);
  gelu_in_place(hidden_.size(), hidden_.data());
  mark = lap(mark, seconds_.other);
  ffn_down_.forward(hidden_.data(), out);
  mark = lap(mark, seconds_.ffn_gemms);
  parts::add_into(count(t, d), y_.data(), out);
  lap(mark, seconds_.other);
}

std::string InferenceBlock::library() const { return qkv_.library(); }

}  // namespace suanli::kernels::transformer
