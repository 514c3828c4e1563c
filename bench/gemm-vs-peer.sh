#!/usr/bin/env bash
# GEMM side by side on this machine, in one run.
# 1. suanli's engines at n = 4096 (ENGINE_N): `suanli gemm` as it chooses (FP64 on BLIS, FP32 on oneDNN's
#    sgemm where the CPU has AVX-512), `--blas blis` for FP32, and `--blas openblas` (FP64) with OPENBLAS_CORETYPE=Haswell (this environment's setting) and unset
#    (OpenBLAS picks its own kernels), on one core and on all cores; the repetitions alternate the
#    engines; medians, Rpeak shares (the issue's target: FP64 and FP32 >= 88% on one core and all
#    cores, verified) and the ratios BLIS/OpenBLAS. Then, on one core, BLIS's AVX2 configurations
#    (haswell, zen3) against OpenBLAS's Haswell kernels: the default engine's rule on CPUs without
#    AVX-512 (docs/gemm.md). AVX2=0 skips that part.
# 2. `suanli gemm --precision fp64` against hpcc's StarDGEMM (Debian package hpcc): every rank
#    multiplies its own matrices at once, 1 thread each, at hpcc's own DGEMM size, with this
#    environment's OPENBLAS_CORETYPE (printed below). HPCC=0 skips this part.
# REPS alternating repetitions. Needs jq (scripts/install-deps.sh bench, run by bench/lib.sh).
# Usage: bench/gemm-vs-peer.sh  (REPS=3, ENGINE_N=4096, ENGINES=1, AVX2=1, HPCC=1, HPCC_N=8000; 0 skips a part)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_suanli

reps=${REPS:-3}
hpcc_n=${HPCC_N:-8000}
ranks=$(nproc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/hpccinf.sh"

# ---- 1. BLIS against OpenBLAS in both configurations ----
engine_n=${ENGINE_N:-4096}
env_coretype=${OPENBLAS_CORETYPE:-Haswell}
# One measurement: prints "GFLOPS RPEAK_SHARE VERIFIED" for a precision of a `suanli gemm` run.
# $1 threads, $2 engine (default, blis, openblas-env, openblas-unpinned), $3 precision list.
engine_run() {
  local threads=$1 engine=$2 precisions=$3 prefix blas=()
  [ "$engine" = default ] || blas=(--blas "${engine%%-*}")
  case "$engine" in
    default | blis) prefix=(env) ;;
    openblas-env) prefix=(env OPENBLAS_CORETYPE="$env_coretype") ;;
    openblas-unpinned) prefix=(env -u OPENBLAS_CORETYPE) ;;
  esac
  rm -f "$work/engine.json"
  (cd "$work" && "${prefix[@]}" OMP_NUM_THREADS="$threads" "$suanli_bin" gemm --precision "$precisions" \
     --sizes "$engine_n" --threads "$threads" "${blas[@]}" --quiet --json engine.json) || true
}
engine_value() {  # $1 precision: "GFLOPS share verified" from the last run ("0 0 false" when it failed)
  [ -s "$work/engine.json" ] || { echo "0 0 false"; return; }
  jq -r --arg p "$1" '.results[] | select(.precision == $p) |
    "\(.value / 1e8 | round / 10) \(.efficiency * 1000 | round / 10) \(.verification.passed)"' "$work/engine.json"
}
engine_library() {  # $1 precision: the library the last run used
  jq -r --arg p "$1" '.results[] | select(.precision == $p) | .parameters.library' "$work/engine.json" 2>/dev/null || true
}
echo "Dense engines at n = $engine_n, $reps repetitions, OPENBLAS_CORETYPE of the environment: $env_coretype, $(date -u +%FT%TZ)"
declare -A gflops share verified
[ "${ENGINES:-1}" = 0 ] && engine_threads=() || engine_threads=(1 "$ranks")
for threads in "${engine_threads[@]}"; do
  for rep in $(seq "$reps"); do
    for engine in default blis openblas-env openblas-unpinned; do
      case "$engine" in default) precisions=fp64,fp32 ;; blis) precisions=fp32 ;; *) precisions=fp64 ;; esac
      engine_run "$threads" "$engine" "$precisions"
      for p in ${precisions//,/ }; do
        read -r g e v < <(engine_value "$p")
        key="$threads $engine $p"
        gflops[$key]="${gflops[$key]:-} $g"; share[$key]="${share[$key]:-} $e"
        [ "$v" = true ] || verified[$key]=FAILED
        echo "  $threads thread(s), rep $rep, $engine $p: $g GFLOPS, $e% of Rpeak, verified $v ($(engine_library "$p"))"
      done
    done
  done
done
echo
[ ${#engine_threads[@]} -gt 0 ] && printf '%-9s %-20s %-5s %10s %12s %9s\n' threads engine prec GFLOPS "% of Rpeak" verified
for threads in "${engine_threads[@]}"; do
  for key in "default fp64" "default fp32" "blis fp32" "openblas-env fp64" "openblas-unpinned fp64"; do
    k="$threads $key"
    # shellcheck disable=SC2086
    printf '%-9s %-20s %-5s %10s %12s %9s\n' "$threads" ${key% *} ${key#* } "$(median ${gflops[$k]})" \
      "$(median ${share[$k]})" "${verified[$k]:-yes}"
  done
  # shellcheck disable=SC2086
  b=$(median ${gflops[$threads default fp64]})
  # shellcheck disable=SC2086
  e=$(median ${gflops[$threads openblas-env fp64]})
  # shellcheck disable=SC2086
  u=$(median ${gflops[$threads openblas-unpinned fp64]})
  # shellcheck disable=SC2086
  f=$(median ${gflops[$threads default fp32]})
  # shellcheck disable=SC2086
  fb=$(median ${gflops[$threads blis fp32]})
  echo "  $threads thread(s): DGEMM BLIS/OpenBLAS($env_coretype) $(ratio "$b" "$e"), BLIS/OpenBLAS(unpinned) $(ratio "$b" "$u"); SGEMM default/BLIS $(ratio "$f" "$fb")"
done
echo

# ---- 1b. The rule for CPUs without AVX-512: BLIS's AVX2 configurations against OpenBLAS's Haswell ----
# (one core; BLIS_ARCH_TYPE names the configuration, as a user would; AVX2=0 skips this part)
if [ "${AVX2:-1}" != 0 ]; then
  declare -A avx2
  for rep in $(seq "$reps"); do
    for config in haswell zen3 openblas; do
      rm -f "$work/engine.json"
      if [ "$config" = openblas ]; then
        engine_run 1 openblas-env fp64
      else
        (cd "$work" && BLIS_ARCH_TYPE=$config OMP_NUM_THREADS=1 "$suanli_bin" gemm --precision fp64 \
           --sizes "$engine_n" --threads 1 --blas blis --quiet --json engine.json) || true
      fi
      read -r g e v < <(engine_value fp64)
      avx2[$config]="${avx2[$config]:-} $g"
      echo "  1 thread, rep $rep, $config fp64: $g GFLOPS, $e% of Rpeak, verified $v"
    done
  done
  # shellcheck disable=SC2086
  o=$(median ${avx2[openblas]})
  for config in haswell zen3; do
    # shellcheck disable=SC2086
    m=$(median ${avx2[$config]})
    echo "  AVX2 kernels, 1 thread: BLIS $config $m GFLOPS, OpenBLAS $env_coretype $o, ratio $(ratio "$m" "$o")"
  done
  echo
fi
[ "${HPCC:-1}" = 0 ] && exit 0

# ---- 2. suanli against hpcc's StarDGEMM ----
# suanli runs `--blas openblas` here, the library hpcc's BLAS is when both run OpenBLAS: the same kernels.
echo "DGEMM side by side, $reps repetitions, $ranks ranks x 1 thread, OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}, suanli --blas openblas, $(date -u +%FT%TZ)"
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
     --blas openblas --quiet --json gemm.json)
  suanli_rank+=("$(jq --argjson r "$ranks" '.results[] | select(.precision == "fp64") | .value / $r / 1e8 | round / 10' "$work/gemm.json")")
  echo "  rep $rep: n = $n, GFLOPS per rank: suanli ${suanli_rank[-1]}, hpcc StarDGEMM ${hpcc_rank[-1]}"
done
s=$(median "${suanli_rank[@]}"); h=$(median "${hpcc_rank[@]}")
echo
echo "median DGEMM GFLOPS per rank: suanli $s, hpcc StarDGEMM $h, ratio suanli/hpcc $(ratio "$s" "$h")"
