#!/usr/bin/env bash
# FMA peak side by side on this machine, in one run: `suanli peak` (FP64, FP32)
# against likwid-bench's peakflops_avx512_fma and peakflops_sp_avx512_fma
# (Debian package likwid), on one core and on all cores. REPS alternating
# repetitions; prints medians and the ratios. Needs jq (scripts/install-deps.sh bench, run by bench/lib.sh).
# Usage: bench/peak-vs-peer.sh   (REPS=3 by default)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_suanli

reps=${REPS:-3}
cores=$(nproc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v likwid-bench >/dev/null || { echo "likwid-bench not installed (scripts/install-deps.sh bench, run by bench/lib.sh)"; exit 1; }

# GFLOPS of one suanli result: $1 = report, $2 = precision, $3 = metric
suanli_gflops() {
  jq --arg p "$2" --arg m "$3" '.results[] | select(.precision == $p and .metric == $m) | .value / 1e8 | round / 10' "$1"
}
# GFLOPS from likwid-bench: $1 = test, $2 = threads (24 kB per thread stays in L1)
likwid_gflops() {
  likwid-bench -t "$1" -W "N:$((24 * $2))kB:$2" 2>/dev/null | awk '/^MFlops\/s/ {printf "%.1f", $2/1000}'
}

echo "FMA peak side by side, $reps repetitions, $(date -u +%FT%TZ), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
declare -a s64_1 s64_n s32_1 s32_n l64_1 l64_n l32_1 l32_n
for rep in $(seq "$reps"); do
  (cd "$work" && "$suanli_bin" peak --precision fp64,fp32 --seconds 0.5 --trials 3 --quiet --json peak.json)
  s64_1+=("$(suanli_gflops "$work/peak.json" fp64 fma_one_core)")
  s64_n+=("$(suanli_gflops "$work/peak.json" fp64 fma_all_cores)")
  s32_1+=("$(suanli_gflops "$work/peak.json" fp32 fma_one_core)")
  s32_n+=("$(suanli_gflops "$work/peak.json" fp32 fma_all_cores)")
  l64_1+=("$(likwid_gflops peakflops_avx512_fma 1)")
  l64_n+=("$(likwid_gflops peakflops_avx512_fma "$cores")")
  l32_1+=("$(likwid_gflops peakflops_sp_avx512_fma 1)")
  l32_n+=("$(likwid_gflops peakflops_sp_avx512_fma "$cores")")
  echo "  rep $rep (GFLOPS, one core / all cores): suanli FP64 ${s64_1[-1]} / ${s64_n[-1]}, FP32 ${s32_1[-1]} / ${s32_n[-1]};" \
       "likwid FP64 ${l64_1[-1]} / ${l64_n[-1]}, FP32 ${l32_1[-1]} / ${l32_n[-1]}"
done

row() {  # $1 label, $2 suanli one, $3 likwid one, $4 suanli all, $5 likwid all
  printf "  %-5s %9s %9s %7s   %9s %9s %7s\n" "$1" "$2" "$3" "$(ratio "$2" "$3")" "$4" "$5" "$(ratio "$4" "$5")"
}
echo
echo "median GFLOPS        one core                    all $cores cores"
echo "        suanli    likwid   ratio      suanli    likwid   ratio"
row FP64 "$(median "${s64_1[@]}")" "$(median "${l64_1[@]}")" "$(median "${s64_n[@]}")" "$(median "${l64_n[@]}")"
row FP32 "$(median "${s32_1[@]}")" "$(median "${l32_1[@]}")" "$(median "${s32_n[@]}")" "$(median "${l32_n[@]}")"
