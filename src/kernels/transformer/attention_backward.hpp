// Backward pass of blockwise attention for one head (FlashAttention-2's
// algorithm): given Q, K, V, the forward's output O, the upstream gradient dO
// and the forward's per-row log-sum-exp, the gradients dQ, dK and dV.
//
//   P = softmax(scale·Q·Kᵀ [+ causal mask]),  O = P·V,  scale = 1/√d
//   D_i  = Σ_c dO_ic·O_ic                    (= Σ_j P_ij·dP_ij)
//   dV   = Pᵀ·dO,  dP = dO·Vᵀ,  dS = P ⊙ (dP − D),
//   dQ   = scale·dS·K,  dK = scale·dSᵀ·Q
//
// FLOPs (the algorithm's, for the rate): recomputing S = Q·Kᵀ 2·s²·d, dV 2·s²·d,
// dP 2·s²·d, dQ 2·s²·d, dK 2·s²·d: 10·s²·d a head, 2.5 times the forward's
// 4·s²·d; with the causal mask about half (blocks above the diagonal are skipped).
// The element-wise exp and dS terms, O(s²), are not counted, as in the forward.
//
// Memory stays O(s): P is never stored but rebuilt one Bq×Bk block at a time
// from S and the saved log-sum-exp (P_ij = exp(S_ij − lse_i), one float a row,
// so no second online-softmax pass is needed), and D takes one float a row.
// dQ is accumulated in place in d_q across key blocks; dK and dV of a key block
// are finished before the next one starts, so they accumulate in place too.
#pragma once

#include <cstddef>

#include "kernels/transformer/attention.hpp"

namespace suanli::kernels::transformer {

// Floats of workspace attention_backward needs: s for D, plus one Bq×Bk block
// each for P and dP/dS: O(s + Bq·Bk), never O(s²).
std::size_t attention_backward_workspace(const AttentionShape& shape, const AttentionBlocks& blocks);

// Blockwise, FP32 with FP32 GEMMs (BLIS or OpenBLAS, dense_blas.hpp), single-threaded per call (callers
// parallelise over heads). Strides: q and d_q use shape.ldq, k and d_k ldk, v and
// d_v ldv, o and d_o ldo, so a head and its gradient can be column slices of
// [tokens × 3·d_model] buffers. log_sum_exp: the s floats attention_forward wrote.
// d_q, d_k and d_v are overwritten (their d columns only; other columns are left
// alone). workspace: attention_backward_workspace() floats.
void attention_backward(const AttentionShape& shape, const AttentionBlocks& blocks, const float* q, const float* k,
                        const float* v, const float* o, const float* d_o, const float* log_sum_exp, float* d_q,
                        float* d_k, float* d_v, float* workspace);

// The reference twin: the full softmax per row, every term in double, and O
// recomputed rather than read. The test oracle.
void attention_backward_reference(const AttentionShape& shape, const float* q, const float* k, const float* v,
                                  const float* d_o, float* d_q, float* d_k, float* d_v);

}  // namespace suanli::kernels::transformer
