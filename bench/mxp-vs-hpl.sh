#!/usr/bin/env bash
# HPL-MxP against FP64 HPL on this machine, in one run: `suanli mxp --compare-hpl`
# factors in low precision, refines to FP64 accuracy, then runs FP64 HPL at the
# same n, NB and grid; REPS repetitions, medians and the speedup.
# Needs jq (scripts/install-deps.sh bench, run by bench/lib.sh).
# Usage: bench/mxp-vs-hpl.sh   (REPS=3, MXP_N=8000, ranks = cores x 1 thread;
#        PRECISIONS="fp32 bf16": the factorization precisions measured)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_suanli

reps=${REPS:-3}
n=${MXP_N:-8000}
ranks=$(nproc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

precisions=${PRECISIONS:-fp32 bf16}
echo "HPL-MxP vs HPL, $reps repetitions, n=$n, $ranks ranks x 1 thread, $(date -u +%FT%TZ)"
summary=()
for precision in $precisions; do
  mxp=(); hpl=(); speedup=()
  for rep in $(seq "$reps"); do
    (cd "$work" && OMP_NUM_THREADS=1 mpirun_local -np "$ranks" "$suanli_bin" mxp --n "$n" --precision "$precision" \
       --compare-hpl --quiet --json mxp.json)
    mxp+=("$(jq --arg p "$precision" '.results[] | select(.precision == $p) | .value / 1e8 | round / 10' "$work/mxp.json")")
    hpl+=("$(jq '.results[] | select(.precision == "fp64") | .value / 1e8 | round / 10' "$work/mxp.json")")
    speedup+=("$(ratio "${mxp[-1]}" "${hpl[-1]}")")
    echo "  $precision rep $rep: MxP ${mxp[-1]} GFLOPS, $(jq '.results[0].parameters.iterations' "$work/mxp.json")" \
         "iterations, FP64 HPL in the same run ${hpl[-1]} GFLOPS"
  done
  summary+=("  $precision LU + FP64 GMRES: MxP $(median "${mxp[@]}") GFLOPS, HPL $(median "${hpl[@]}") GFLOPS, median speedup $(median "${speedup[@]}")")
done
echo
printf '%s\n' "${summary[@]}"
