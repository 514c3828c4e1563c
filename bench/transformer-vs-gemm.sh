#!/usr/bin/env bash
# The transformer block's FFN GEMMs against `suanli gemm` on the same shapes, in one
# run on this machine: the issue's target is FFN rate >= 0.8 of the GEMM rate.
#   transformer: forward of one block (--seq tokens, batch 1), its two FFN linear layers
#                timed alone inside the block (parameter ffn_gemm_flops_per_s: FLOPs of both
#                over their time, bias and the conversion of activations to BF16/INT8 included)
#   gemm:        the same products as bare library calls, T x f x d (up) and T x d x f (down);
#                the pair's rate is their FLOPs over their summed times (harmonic combination)
# Both run with the same threads and OpenBLAS settings (the environment's OPENBLAS_CORETYPE is
# kept, as in the tests; the script prints it). Repetitions alternate. Needs jq.
# Usage: bench/transformer-vs-gemm.sh   (REPS=5, MODEL=gpt2-small, SEQ=512, PRECISIONS=fp32,bf16,int8)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_suanli

reps=${REPS:-5}
model=${MODEL:-gpt2-small}
seq=${SEQ:-512}
precisions=${PRECISIONS:-fp32,bf16,int8}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$suanli_bin" transformer --model "$model" --seq "$seq" --passes inference --precision "$precisions" \
  --trials 1 --quiet --json "$work/shape.json"
d=$(jq '.results[0].parameters.d_model' "$work/shape.json")
f=$(jq '.results[0].parameters.ffn' "$work/shape.json")
shapes="${seq}x${f}x${d},${seq}x${d}x${f}"
echo "FFN GEMMs of $model ($seq tokens: $shapes) in the block vs suanli gemm, $reps repetition(s), $(date -u +%FT%TZ)"
echo "threads: ${OMP_NUM_THREADS:-all}; OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}"

declare -A block gemm
for rep in $(seq "$reps"); do
  "$suanli_bin" transformer --model "$model" --seq "$seq" --passes inference --precision "$precisions" \
    --trials 5 --quiet --json "$work/t.json"
  "$suanli_bin" gemm --shapes "$shapes" --precision "$precisions" --trials 5 --quiet --json "$work/g.json"
  jq -e '.all_verified' "$work/t.json" >/dev/null || { echo "suanli transformer: verification failed" >&2; exit 1; }
  jq -e '.all_verified' "$work/g.json" >/dev/null || { echo "suanli gemm: verification failed" >&2; exit 1; }
  line="  rep $rep:"
  for p in ${precisions//,/ }; do
    b=$(jq --arg p "$p" '.results[] | select(.precision == $p) | .parameters.ffn_gemm_flops_per_s / 1e9' "$work/t.json")
    # Up and down have equal FLOPs F: the pair runs at 2F / (F/r_up + F/r_down).
    g=$(jq --arg p "$p" '[.results[] | select(.precision == $p) | .value] | 2 / ((1 / .[0]) + (1 / .[1])) / 1e9' \
      "$work/g.json")
    block[$p]+="$b "
    gemm[$p]+="$g "
    line+=$(printf ' %s block %.0f gemm %.0f G/s |' "$p" "$b" "$g")
  done
  echo "$line"
done
echo
for p in ${precisions//,/ }; do
  # shellcheck disable=SC2086
  mb=$(median ${block[$p]}); mg=$(median ${gemm[$p]})
  printf '%s: median FFN in the block %.1f G/s, suanli gemm %.1f G/s; ratio %s (target >= 0.8)\n' \
    "$p" "$mb" "$mg" "$(ratio "$mb" "$mg")"
done
