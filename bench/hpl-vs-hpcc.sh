#!/usr/bin/env bash
# HPL side by side on this machine, in one run: `suanli hpl` against hpcc's HPL
# (Debian package hpcc) at the same n, NB and P×Q grid, 1 thread per rank, both
# on OpenBLAS with this environment's OPENBLAS_CORETYPE; plus suanli's own DGEMM
# on the same ranks, since HPL can at best run at DGEMM's rate.
# One hpcc run also runs its six other tests: N=20000 takes about 7 minutes here.
# Needs jq (scripts/install-deps.sh bench, run by bench/lib.sh).
# Usage: bench/hpl-vs-hpcc.sh   (REPS=1, HPL_N=20000, HPL_NB=192, ranks = cores, P=1)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_suanli

reps=${REPS:-1}
n=${HPL_N:-20000}
nb=${HPL_NB:-192}
ranks=$(nproc)
p=1
q=$ranks
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/hpccinf.sh"

echo "HPL side by side, $reps repetition(s), n=$n NB=$nb grid ${p}x$q, 1 thread per rank," \
     "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}, $(date -u +%FT%TZ)"
echo "hpcc's BLAS: $(readlink -f "$(ldd "$(command -v hpcc)" | awk '/libblas.so.3/ {print $3}')")"
declare -a s_hpl h_hpl s_dgemm
for rep in $(seq "$reps"); do
  (cd "$work" && OMP_NUM_THREADS=1 mpirun_local -np "$ranks" "$suanli_bin" hpl --n "$n" --nb "$nb" --p "$p" --q "$q" \
     --quiet --json hpl.json)
  s_hpl+=("$(jq '.results[0].value / 1e8 | round / 10' "$work/hpl.json")")
  residual=$(jq '.results[0].verification.value' "$work/hpl.json")
  (cd "$work" && OMP_NUM_THREADS=1 mpirun_local -np "$ranks" "$suanli_bin" gemm --precision fp64 --sizes 4096 \
     --quiet --json gemm.json)
  s_dgemm+=("$(jq '.results[] | select(.precision == "fp64") | .value / 1e8 | round / 10' "$work/gemm.json")")
  write_hpccinf "$work/hpccinf.txt" "$n" "$p" "$q" "$nb"
  rm -f "$work/hpccoutf.txt"
  (cd "$work" && mpirun_local -np "$ranks" -x OPENBLAS_NUM_THREADS=1 -x OMP_NUM_THREADS=1 hpcc >/dev/null 2>&1)
  h_hpl+=("$(awk -v t="$(hpcc_value "$work/hpccoutf.txt" HPL_Tflops)" 'BEGIN { printf "%.1f", t * 1000 }')")
  echo "  rep $rep: suanli hpl ${s_hpl[-1]} GFLOPS (scaled residual $residual), hpcc HPL ${h_hpl[-1]} GFLOPS," \
       "suanli DGEMM 4096 on the same ranks ${s_dgemm[-1]} GFLOPS"
done
s=$(median "${s_hpl[@]}"); h=$(median "${h_hpl[@]}"); d=$(median "${s_dgemm[@]}")
echo
echo "median GFLOPS: suanli hpl $s, hpcc HPL $h, suanli DGEMM $d"
echo "ratio suanli/hpcc HPL: $(ratio "$s" "$h")   suanli HPL / suanli DGEMM: $(ratio "$s" "$d")"
