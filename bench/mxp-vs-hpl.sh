#!/usr/bin/env bash
# HPL-MxP against FP64 HPL on this machine: `suanli mxp --compare-hpl` factors in low precision,
# refines to FP64 accuracy, then runs FP64 HPL at the same n, NB and grid in the same process, so
# each ratio comes from one run. The precisions alternate within each repetition; medians of REPS.
# Prints per precision: the MxP rate and its share of that precision's Rpeak, the LU-only rate, the
# FP64 HPL rate and its share of FP64 Rpeak, the speedup, validity, and the BLAS and oneDNN kernels.
# Issue 16's targets: BF16 >= 2x, FP32 >= 1.6x, every run valid.
# Needs jq (scripts/install-deps.sh bench, checked by bench/lib.sh).
# Usage: bench/mxp-vs-hpl.sh   (REPS=3, MXP_N=8000, MXP_NB: NB (default: suanli's), RANKS: ranks
#        x 1 thread (default: cores); PRECISIONS="fp32 bf16"). The OpenBLAS environment
#        (OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE) is passed on as it is, and printed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_suanli

reps=${REPS:-3}
n=${MXP_N:-8000}
ranks=${RANKS:-$(nproc)}
precisions=${PRECISIONS:-fp32 bf16}
nb_option=()
[ -n "${MXP_NB:-}" ] && nb_option=(--nb "$MXP_NB")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "HPL-MxP vs HPL, $reps repetitions, n=$n${MXP_NB:+ nb=$MXP_NB}, $ranks ranks x 1 thread, $(date -u +%FT%TZ)"
echo "OpenBLAS environment: OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-(unset)} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE-(unset)}"
declare -A mxp lu hpl speedup mxp_share hpl_share valid
for rep in $(seq "$reps"); do
  for precision in $precisions; do
    json="$work/mxp-$precision-$rep.json"
    (cd "$work" && OMP_NUM_THREADS=1 mpirun_local -np "$ranks" "$suanli_bin" mxp --n "$n" "${nb_option[@]}" \
       --precision "$precision" --compare-hpl --quiet --json "$json") || true  # a failed check exits 1: judged below
    q() { jq -r --arg p "$precision" "$1" "$json"; }
    m=$(q '.results[] | select(.precision == $p) | .value / 1e9')
    l=$(q '.results[] | select(.precision == $p) | .parameters.lu_rate / 1e9')
    h=$(q '.results[] | select(.precision == "fp64") | .value / 1e9')
    ms=$(q '.results[] | select(.precision == $p) | .value / .rpeak * 100')
    hs=$(q '.results[] | select(.precision == "fp64") | .value / .rpeak * 100')
    ok=$(q '[.results[].verification.passed] | all')
    mxp[$precision]+=" $m"; lu[$precision]+=" $l"; hpl[$precision]+=" $h"
    mxp_share[$precision]+=" $ms"; hpl_share[$precision]+=" $hs"
    speedup[$precision]+=" $(ratio "$m" "$h")"
    [ "$ok" = true ] || valid[$precision]=no
    printf '  rep %s %-4s: MxP %6.1f GFLOPS (%4.1f%% of %s Rpeak), LU only %6.1f, %s iterations, backward error %.3g;' \
      "$rep" "$precision" "$m" "$ms" "$precision" "$l" "$(q '.results[0].parameters.iterations')" \
      "$(q '.results[0].verification.value')"
    printf ' FP64 HPL %6.1f GFLOPS (%4.1f%% of FP64 Rpeak), residual %.3g; %s\n' "$h" "$hs" \
      "$(q '.results[] | select(.precision == "fp64") | .verification.value')" "$([ "$ok" = true ] && echo valid || echo INVALID)"
  done
done
kernels=$(jq -r '.results[0].parameters | "nb \(.nb), OpenBLAS core \(.openblas_core // "?")" +
  (if .bf16_update_kernel then ", BF16 update kernel \(.bf16_update_kernel)" else "" end)' "$work"/mxp-*-1.json | sort -u)
echo
echo "$kernels"
echo "medians of $reps:"
for precision in $precisions; do
  # shellcheck disable=SC2086  # the lists are space-separated numbers
  printf '  %-4s MxP %.1f GFLOPS (%.1f%% of Rpeak), LU only %.1f GFLOPS; FP64 HPL %.1f GFLOPS (%.1f%% of Rpeak); speedup %.2fx; %s\n' \
    "$precision" "$(median ${mxp[$precision]})" "$(median ${mxp_share[$precision]})" "$(median ${lu[$precision]})" \
    "$(median ${hpl[$precision]})" "$(median ${hpl_share[$precision]})" "$(median ${speedup[$precision]})" \
    "$([ "${valid[$precision]:-}" = no ] && echo "NOT all valid" || echo "all valid")"
done
