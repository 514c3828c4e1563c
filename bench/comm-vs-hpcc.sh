#!/usr/bin/env bash
# MPI point-to-point side by side on this machine, in one run: `suanli comm`'s
# ping-pong against hpcc's ping-pong (Debian package hpcc) on the same 2 ranks,
# same mpirun, repetitions alternating (shared-memory latency here is bimodal, so
# only figures from one run compare; see PEERS.md).
#   latency:   hpcc MinPingPongLatency_usec (8-byte messages, best of its loops)
#              vs suanli pingpong size_8_latency_s (best of 5 batches); target ratio <= 1.1
#   bandwidth: hpcc MaxPingPongBandwidth_GBytes (2,000,000-byte ping-pong, GB = 1e9 B)
#              vs suanli pingpong peak_bandwidth_bytes_per_s (ping-pong, best size); target >= 0.9
# suanli's windowed bandwidth (OSU osu_bw, window 64) is printed beside, not compared:
# hpcc has no windowed test. hpcc runs all seven of its tests every time; N=1000
# keeps that to about a second. Needs jq.
# Usage: bench/comm-vs-hpcc.sh   (REPS=9, COMM_MAX_SIZE=4Mi)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_suanli

reps=${REPS:-9}
max_size=${COMM_MAX_SIZE:-4Mi}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/hpccinf.sh"
write_hpccinf "$work/hpccinf.txt" 1000 1 2 64

echo "ping-pong side by side, 2 ranks, $reps repetition(s) alternating, $(date -u +%FT%TZ)"
echo "MPI: $(mpirun --version 2>&1 | head -n 1)"
declare -a s_lat h_lat s_bw h_bw s_win
for rep in $(seq "$reps"); do
  (cd "$work" && OMP_NUM_THREADS=1 mpirun_local -np 2 "$suanli_bin" comm --ops pingpong,bandwidth \
     --max-size "$max_size" --quiet --json comm.json)
  jq -e '.all_verified' "$work/comm.json" >/dev/null || { echo "suanli comm: verification failed" >&2; exit 1; }
  s_lat+=("$(jq '.results[0].parameters.size_8_latency_s * 1e6' "$work/comm.json")")
  s_bw+=("$(jq '.results[0].parameters.peak_bandwidth_bytes_per_s / 1e9' "$work/comm.json")")
  s_win+=("$(jq '.results[1].value / 1e9' "$work/comm.json")")
  placement=$(jq -r '.results[0].parameters
    | "rank 0 on \(.rank0_host) cpus \(.rank0_cpus), rank 1 on \(.rank1_host) cpus \(.rank1_cpus);"
      + " suanli MPI thread level \(.mpi_thread_level)"' "$work/comm.json")
  rm -f "$work/hpccoutf.txt"
  (cd "$work" && mpirun_local -np 2 -x OPENBLAS_NUM_THREADS=1 -x OMP_NUM_THREADS=1 hpcc >/dev/null 2>&1)
  h_lat+=("$(hpcc_value "$work/hpccoutf.txt" MinPingPongLatency_usec)")
  h_bw+=("$(hpcc_value "$work/hpccoutf.txt" MaxPingPongBandwidth_GBytes)")
  printf '  rep %s: latency µs suanli %.3f hpcc %.3f | ping-pong GB/s suanli %.2f hpcc %.2f' "$rep" "${s_lat[-1]}" \
    "${h_lat[-1]}" "${s_bw[-1]}" "${h_bw[-1]}"
  printf ' | suanli windowed %.2f GB/s\n' "${s_win[-1]}"
done
r3() { printf '%.3f' "$1"; }
sl=$(r3 "$(median "${s_lat[@]}")"); hl=$(r3 "$(median "${h_lat[@]}")")
sb=$(r3 "$(median "${s_bw[@]}")"); hb=$(r3 "$(median "${h_bw[@]}")"); sw=$(r3 "$(median "${s_win[@]}")")
echo "placement: $placement"
echo
echo "median min latency (µs, 8 B): suanli $sl, hpcc $hl; ratio suanli/hpcc $(ratio "$sl" "$hl") (target <= 1.1)"
echo "median max ping-pong bandwidth (GB/s): suanli $sb, hpcc $hb;" \
     "ratio suanli/hpcc $(ratio "$sb" "$hb") (target >= 0.9)"
echo "suanli windowed bandwidth (osu_bw, window 64), median peak: $sw GB/s"
