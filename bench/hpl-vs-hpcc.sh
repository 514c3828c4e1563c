#!/usr/bin/env bash
# HPL side by side on this machine, in one run: `suanli hpl` against hpcc's HPL
# (Debian package hpcc, on OpenBLAS) at the same n and P×Q grid, 1 thread per
# rank, alternating within each repetition; plus suanli's own DGEMM on the same
# ranks, since HPL can at best run at DGEMM's rate. Prints each rate, suanli's
# share of Rpeak, its time split, and the ratios.
# One hpcc run also runs its six other tests: N=20000 takes about 7 minutes here.
# Needs jq (scripts/install-deps.sh bench, run by bench/lib.sh).
# Usage: bench/hpl-vs-hpcc.sh
#   REPS=1, HPL_N=20000, HPL_NB=192 (suanli), HPCC_NB=HPL_NB, ranks = cores, P=1
#   HPCC_OPENBLAS=unpinned (default: hpcc runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset,
#     so OpenBLAS picks its kernels for this CPU) or env (this environment's settings)
#   SUANLI_BLAS=env (default: the environment as it is; suanli's dense engine, BLIS or OpenBLAS, is
#     named per run from its JSON) or unpinned (OpenBLAS variables unset, as for hpcc)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_suanli

reps=${REPS:-1}
n=${HPL_N:-20000}
nb=${HPL_NB:-192}
hpcc_nb=${HPCC_NB:-$nb}
ranks=$(nproc)
p=1
q=$ranks
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/hpccinf.sh"

# The environment a tool runs in (env arguments) and its description: unpinned drops the OpenBLAS
# variables that force its kernels.
blas_env() {  # $1 = env|unpinned
  case "$1" in
    unpinned) echo "-u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE" ;;
    env) echo "" ;;
    *) echo "bench/hpl-vs-hpcc.sh: expected env or unpinned, got '$1'" >&2; exit 2 ;;
  esac
}
blas_text() {
  case "$1" in
    unpinned) echo "OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset" ;;
    env) echo "the environment's OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}" ;;
  esac
}
hpcc_mode=${HPCC_OPENBLAS:-unpinned}
suanli_mode=${SUANLI_BLAS:-env}
hpcc_env=$(blas_env "$hpcc_mode")
suanli_env=$(blas_env "$suanli_mode")

echo "HPL side by side, $reps repetition(s), n=$n, NB $nb (suanli) / $hpcc_nb (hpcc), grid ${p}x$q," \
     "1 thread per rank, $(date -u +%FT%TZ)"
echo "BLAS: suanli with $(blas_text "$suanli_mode") (its engine per run below); hpcc OpenBLAS with $(blas_text "$hpcc_mode")"
echo "hpcc's BLAS: $(readlink -f "$(ldd "$(command -v hpcc)" | awk '/libblas.so.3/ {print $3}')")"
declare -a s_hpl h_hpl s_dgemm s_share
for rep in $(seq "$reps"); do
  # shellcheck disable=SC2086  # the env arguments are words
  (cd "$work" && env $suanli_env OMP_NUM_THREADS=1 "$(command -v mpirun)" --oversubscribe --allow-run-as-root \
     -np "$ranks" "$suanli_bin" hpl --n "$n" --nb "$nb" --p "$p" --q "$q" --quiet --json hpl.json)
  s_hpl+=("$(jq '.results[0].value / 1e8 | round / 10' "$work/hpl.json")")
  s_share+=("$(jq '.results[0].efficiency * 1000 | round / 10' "$work/hpl.json")")
  residual=$(jq '.results[0].verification.value' "$work/hpl.json")
  passed=$(jq '.results[0].verification.passed' "$work/hpl.json")
  blas=$(jq -r '[.results[0].parameters | to_entries[] | select(.key | test("blas|openblas")) | "\(.key)=\(.value)"]
                | join(" ")' "$work/hpl.json")
  split=$(jq -r '.results[0].notes[] | select(startswith("time split"))' "$work/hpl.json")
  # shellcheck disable=SC2086
  (cd "$work" && env $suanli_env OMP_NUM_THREADS=1 "$(command -v mpirun)" --oversubscribe --allow-run-as-root \
     -np "$ranks" "$suanli_bin" gemm --precision fp64 --sizes 4096 --quiet --json gemm.json)
  s_dgemm+=("$(jq '.results[] | select(.precision == "fp64") | .value / 1e8 | round / 10' "$work/gemm.json")")
  write_hpccinf "$work/hpccinf.txt" "$n" "$p" "$q" "$hpcc_nb"
  rm -f "$work/hpccoutf.txt"
  # shellcheck disable=SC2086
  (cd "$work" && env $hpcc_env "$(command -v mpirun)" --oversubscribe --allow-run-as-root -np "$ranks" \
     -x OPENBLAS_NUM_THREADS=1 -x OMP_NUM_THREADS=1 hpcc >/dev/null 2>&1)
  h_hpl+=("$(awk -v t="$(hpcc_value "$work/hpccoutf.txt" HPL_Tflops)" 'BEGIN { printf "%.1f", t * 1000 }')")
  echo "  rep $rep: suanli hpl ${s_hpl[-1]} GFLOPS = ${s_share[-1]}% of Rpeak (scaled residual $residual," \
       "passed $passed${blas:+, $blas}), hpcc HPL ${h_hpl[-1]} GFLOPS, suanli DGEMM 4096 on the same ranks" \
       "${s_dgemm[-1]} GFLOPS"
  echo "    suanli $split"
done
s=$(median "${s_hpl[@]}"); h=$(median "${h_hpl[@]}"); d=$(median "${s_dgemm[@]}")
echo
echo "median GFLOPS: suanli hpl $s, hpcc HPL $h, suanli DGEMM $d"
echo "suanli hpl share of Rpeak (median): $(median "${s_share[@]}")%"
echo "ratio suanli/hpcc HPL: $(ratio "$s" "$h")   suanli HPL / suanli DGEMM: $(ratio "$s" "$d")"
