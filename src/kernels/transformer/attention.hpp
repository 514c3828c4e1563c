// Scaled dot-product attention of one head, O = softmax(Q·Kᵀ/√d [+ causal mask])·V,
// computed block by block with an online softmax (as FlashAttention does): the
// s×s score matrix is never formed, only one block of it, so memory stays O(s·d)
// however long the sequence. The building block of `suanli transformer`.
//
// FLOPs (counted as the algorithm's, for the rate): Q·Kᵀ 2·s²·d and P·V 2·s²·d,
// 4·s²·d a head; with the causal mask about half (the blocks above the diagonal
// are skipped).
#pragma once

#include <cstddef>

namespace suanli::kernels::transformer {

struct AttentionShape {
  int sequence = 0;  // s: rows of Q, K, V and O
  int head_dim = 0;  // d
  // Leading dimensions (row strides, in elements), so a head can be a column
  // slice of a [s × heads·d] activation.
  int ldq = 0, ldk = 0, ldv = 0, ldo = 0;
  bool causal = false;  // token i attends to tokens j <= i only
};

struct AttentionBlocks {
  int query_rows = 64;  // Bq
  int key_rows = 128;   // Bk
};

// Floats of workspace attention_forward needs: Bq·Bk scores + Bq·d accumulator + 2·Bq row statistics.
std::size_t attention_workspace(const AttentionShape& shape, const AttentionBlocks& blocks);

// Blockwise, FP32 with FP32 GEMMs (BLIS or OpenBLAS, dense_blas.hpp). workspace: attention_workspace() floats.
// log_sum_exp, when given, receives s floats: for each query row i the natural log
// of Σ_j exp(scaled score_ij) over the keys it sees (row maximum + log of the row
// sum), the one statistic per row the backward pass needs to rebuild P blockwise.
void attention_forward(const AttentionShape& shape, const AttentionBlocks& blocks, const float* q, const float* k,
                       const float* v, float* o, float* workspace, float* log_sum_exp = nullptr);

// The reference twin: every score, the full softmax per row with its maximum
// subtracted, in double. The test oracle.
void attention_forward_reference(const AttentionShape& shape, const float* q, const float* k, const float* v,
                                 float* o);

}  // namespace suanli::kernels::transformer
