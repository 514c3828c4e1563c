#!/usr/bin/env bash
# STREAM side by side on this machine, in one run: suanli's STREAM against
#   - hpcc's STREAM (Debian package hpcc): StarSTREAM_Triad per rank, 2 ranks x 1 thread,
#     and SingleSTREAM_Triad, 1 rank;
#   - likwid-bench (Debian package likwid), when installed: stream_avx512 (normal stores) and
#     stream_mem_avx512 (non-temporal stores, the technique suanli's kernels use), 1 and all threads.
# Needs jq to read suanli's JSON report (scripts/install-deps.sh bench, run by bench/lib.sh).
# Runs each tool REPS times, alternating, and prints medians and the Triad ratios.
# Usage: bench/stream-vs-peer.sh   (REPS=3, HPCC_N=8000 by default)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_suanli

reps=${REPS:-3}
hpcc_n=${HPCC_N:-8000}   # hpcc sizes its STREAM arrays from HPL's N: 8000 gives ~170 MB per array
cores=$(nproc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/hpccinf.sh"

# Triad in GB/s (1e9 B/s) from suanli's JSON report.
suanli_triad() {
  jq '.results[] | select(.metric == "triad") | .value / 1e8 | round / 10' "$1"
}

# likwid-bench Triad in GB/s: $1 = kernel, $2 = threads, 1.5 GB working set.
likwid_triad() {
  likwid-bench -t "$1" -W "N:1536MB:$2" 2>/dev/null | awk '/MByte\/s/ {printf "%.1f", $2/1000}'
}

echo "STREAM Triad side by side, $reps repetitions, $(date -u +%FT%TZ), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "suanli arrays: 512 MiB each (3 arrays); hpcc: N=$hpcc_n; likwid: 1.5 GB working set"

declare -a s_all s_omp s_one h_star h_single l_all l_one m_all m_one
have_likwid=0
command -v likwid-bench >/dev/null 2>&1 && have_likwid=1

for rep in $(seq "$reps"); do
  # suanli: 2 ranks x 1 thread (as hpcc's StarSTREAM runs), and 1 rank x 1 thread
  (cd "$work" && OMP_NUM_THREADS=1 mpirun_local -np "$cores" "$suanli_bin" stream --size 512Mi --quiet --json s_all.json)
  s_all+=("$(suanli_triad "$work/s_all.json")")
  (cd "$work" && OMP_NUM_THREADS=1 "$suanli_bin" stream --size 512Mi --quiet --json s_one.json)
  s_one+=("$(suanli_triad "$work/s_one.json")")
  # suanli: 1 rank x all threads (as likwid-bench runs)
  (cd "$work" && OMP_NUM_THREADS="$cores" "$suanli_bin" stream --size 512Mi --quiet --json s_omp.json)
  s_omp+=("$(suanli_triad "$work/s_omp.json")")

  # hpcc: StarSTREAM with all ranks, SingleSTREAM is one rank while the others wait
  write_hpccinf "$work/hpccinf.txt" "$hpcc_n" 1 "$cores"
  rm -f "$work/hpccoutf.txt"
  (cd "$work" && mpirun_local -np "$cores" -x OPENBLAS_NUM_THREADS=1 -x OMP_NUM_THREADS=1 hpcc >/dev/null 2>&1)
  h_star+=("$(awk -v v="$(hpcc_value "$work/hpccoutf.txt" StarSTREAM_Triad)" -v n="$cores" 'BEGIN{print v*n}')")
  h_single+=("$(hpcc_value "$work/hpccoutf.txt" SingleSTREAM_Triad)")

  if [ "$have_likwid" = 1 ]; then
    l_all+=("$(likwid_triad stream_avx512 "$cores")")
    l_one+=("$(likwid_triad stream_avx512 1)")
    m_all+=("$(likwid_triad stream_mem_avx512 "$cores")")
    m_one+=("$(likwid_triad stream_mem_avx512 1)")
  fi
  echo "  rep $rep (all cores / one core, GB/s): suanli ranks ${s_all[-1]}, threads ${s_omp[-1]} / ${s_one[-1]}, hpcc ${h_star[-1]} / ${h_single[-1]}${l_all:+, likwid stream_avx512 ${l_all[-1]} / ${l_one[-1]}, stream_mem_avx512 ${m_all[-1]} / ${m_one[-1]}}"
done

sa=$(median "${s_all[@]}"); st=$(median "${s_omp[@]}"); so=$(median "${s_one[@]}")
ha=$(median "${h_star[@]}"); ho=$(median "${h_single[@]}")
echo
echo "median Triad, GB/s           all cores   one core"
printf "  suanli stream, %d ranks    %9s  %9s\n" "$cores" "$sa" "$so"
printf "  suanli stream, %d threads  %9s\n" "$cores" "$st"
printf "  hpcc STREAM              %9s  %9s\n" "$ha" "$ho"
echo "ratio suanli/hpcc:  all cores $(ratio "$sa" "$ha")   one core $(ratio "$so" "$ho")"
if [ "$have_likwid" = 1 ]; then
  la=$(median "${l_all[@]}"); lo=$(median "${l_one[@]}")
  ma=$(median "${m_all[@]}"); mo=$(median "${m_one[@]}")
  printf "  likwid stream_avx512     %9s  %9s\n" "$la" "$lo"
  printf "  likwid stream_mem_avx512 %9s  %9s\n" "$ma" "$mo"
  echo "ratio suanli/likwid stream_avx512:     all cores $(ratio "$st" "$la")   one core $(ratio "$so" "$lo")"
  echo "ratio suanli/likwid stream_mem_avx512: all cores $(ratio "$st" "$ma")   one core $(ratio "$so" "$mo")"
fi
