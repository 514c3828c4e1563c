#!/usr/bin/env bash
# DGEMM side by side on this machine, in one run: `suanli gemm --precision fp64`
# against hpcc's StarDGEMM (Debian package hpcc): every rank multiplies its own
# matrices at once, 1 thread each. suanli runs at hpcc's own DGEMM size. Both
# use OpenBLAS with this environment's OPENBLAS_CORETYPE (printed below).
# REPS alternating repetitions; prints the medians and the ratio per rank.
# Needs jq (scripts/install-deps.sh bench, run by bench/lib.sh). Usage: bench/gemm-vs-peer.sh  (REPS=3, HPCC_N=8000)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_suanli

reps=${REPS:-3}
hpcc_n=${HPCC_N:-8000}
ranks=$(nproc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/hpccinf.sh"

echo "DGEMM side by side, $reps repetitions, $ranks ranks x 1 thread, OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}, $(date -u +%FT%TZ)"
# hpcc links the system BLAS (libblas.so.3, chosen by Debian's alternatives): say which, so the
# comparison is read knowing whether both sides run OpenBLAS.
echo "hpcc's BLAS: $(readlink -f "$(ldd "$(command -v hpcc)" | awk '/libblas.so.3/ {print $3}')")"
declare -a suanli_rank hpcc_rank
for rep in $(seq "$reps"); do
  write_hpccinf "$work/hpccinf.txt" "$hpcc_n" 1 "$ranks"
  rm -f "$work/hpccoutf.txt"
  (cd "$work" && mpirun_local -np "$ranks" -x OPENBLAS_NUM_THREADS=1 -x OMP_NUM_THREADS=1 hpcc >/dev/null 2>&1)
  n=$(hpcc_value "$work/hpccoutf.txt" DGEMM_N)
  hpcc_rank+=("$(hpcc_value "$work/hpccoutf.txt" StarDGEMM_Gflops)")
  (cd "$work" && OMP_NUM_THREADS=1 mpirun_local -np "$ranks" "$suanli_bin" gemm --precision fp64 --sizes "$n" \
     --quiet --json gemm.json)
  suanli_rank+=("$(jq --argjson r "$ranks" '.results[] | select(.precision == "fp64") | .value / $r / 1e8 | round / 10' "$work/gemm.json")")
  echo "  rep $rep: n = $n, GFLOPS per rank: suanli ${suanli_rank[-1]}, hpcc StarDGEMM ${hpcc_rank[-1]}"
done
s=$(median "${suanli_rank[@]}"); h=$(median "${hpcc_rank[@]}")
echo
echo "median DGEMM GFLOPS per rank: suanli $s, hpcc StarDGEMM $h, ratio suanli/hpcc $(ratio "$s" "$h")"
