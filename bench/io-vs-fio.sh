#!/usr/bin/env bash
# Storage IO side by side on this machine, in one run: `suanli io` against fio (Debian
# package fio) on the same directory, the same file size, repetitions alternating which
# goes first (the disk is shared; only figures from one run compare).
#   sequential write: fio rw=write bs=1M direct=1 ioengine=psync end_fsync=1
#                     vs suanli checkpoint_write (1 MiB pwrite, O_DIRECT, fsync in the time)
#   sequential read:  fio rw=read bs=1M direct=1 ioengine=psync
#                     vs suanli checkpoint_read (1 MiB pread, O_DIRECT)
#   random read:      fio rw=randread bs=4k direct=1 ioengine=io_uring iodepth=16, time based
#                     vs suanli random_read qd_16_iops (io_uring, depth 16)
# One rank, one job: the device, not MPI, is measured. Target ratio suanli/fio >= 0.95 on each.
# suanli checks every byte it reads back (docs/io.md); fio checks nothing here.
# Needs jq. Usage: bench/io-vs-fio.sh [DIR]   (REPS=5, IO_SIZE_MIB=1024, IO_SECONDS=3)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_suanli

reps=${REPS:-5}
size_mib=${IO_SIZE_MIB:-1024}
seconds=${IO_SECONDS:-3}
parent=${1:-${TMPDIR:-/tmp}}
work=$(mktemp -d "$parent/io-vs-fio.XXXXXX")
trap 'rm -rf "$work"' EXIT

run_suanli() {
  OMP_NUM_THREADS=1 "$suanli_bin" io --dir "$work" --patterns checkpoint,random --size "${size_mib}Mi" --block 1Mi \
    --depths 16 --seconds "$seconds" --trials 1 --profile full --quiet --json "$work/io.json"
  jq -e '.all_verified' "$work/io.json" >/dev/null || { echo "suanli io: verification failed" >&2; exit 1; }
  jq -e '.results[0].parameters.cache_defeat == "O_DIRECT"' "$work/io.json" >/dev/null ||
    { echo "suanli io: no O_DIRECT in $parent; fio's direct=1 would not compare" >&2; exit 1; }
  s_w+=("$(jq '.results[] | select(.metric == "checkpoint_write") | .value / 1e6' "$work/io.json")")
  s_r+=("$(jq '.results[] | select(.metric == "checkpoint_read") | .value / 1e6' "$work/io.json")")
  s_q+=("$(jq '.results[] | select(.metric == "random_read") | .parameters.qd_16_iops / 1e3' "$work/io.json")")
  fs=$(jq -r '.results[0].parameters.filesystem' "$work/io.json")
}

fio_job() {  # fio_job NAME ARGS... -> the job's JSON
  fio --name="$1" --filename="$work/fio.dat" --size="${size_mib}M" --direct=1 --output-format=json "${@:2}"
}

run_fio() {
  fio_job write --rw=write --bs=1M --ioengine=psync --end_fsync=1 >"$work/w.json"
  fio_job read --rw=read --bs=1M --ioengine=psync >"$work/r.json"
  fio_job randread --rw=randread --bs=4k --ioengine=io_uring --iodepth=16 --time_based \
    --runtime="$seconds" >"$work/q.json"
  rm -f "$work/fio.dat"
  f_w+=("$(jq '.jobs[0].write.bw_bytes / 1e6' "$work/w.json")")
  f_r+=("$(jq '.jobs[0].read.bw_bytes / 1e6' "$work/r.json")")
  f_q+=("$(jq '.jobs[0].read.iops / 1e3' "$work/q.json")")
}

echo "storage IO side by side, $size_mib MiB file, $reps repetition(s) alternating, $(date -u +%FT%TZ)"
echo "fio: $(fio --version)"
declare -a s_w s_r s_q f_w f_r f_q
for rep in $(seq "$reps"); do
  if [ $((rep % 2)) -eq 1 ]; then run_suanli; run_fio; else run_fio; run_suanli; fi
  printf '  rep %s: write MB/s suanli %.0f fio %.0f | read MB/s suanli %.0f fio %.0f | randread QD16 kIOPS suanli %.1f fio %.1f\n' \
    "$rep" "${s_w[-1]}" "${f_w[-1]}" "${s_r[-1]}" "${f_r[-1]}" "${s_q[-1]}" "${f_q[-1]}"
done
r1() { printf '%.1f' "$1"; }
sw=$(r1 "$(median "${s_w[@]}")"); fw=$(r1 "$(median "${f_w[@]}")")
sr=$(r1 "$(median "${s_r[@]}")"); fr=$(r1 "$(median "${f_r[@]}")")
sq=$(r1 "$(median "${s_q[@]}")"); fq=$(r1 "$(median "${f_q[@]}")")
echo "directory: $parent ($fs), O_DIRECT"
echo
echo "median sequential write, 1 MiB direct (MB/s): suanli $sw, fio $fw; ratio suanli/fio $(ratio "$sw" "$fw") (target >= 0.95)"
echo "median sequential read, 1 MiB direct (MB/s):  suanli $sr, fio $fr; ratio suanli/fio $(ratio "$sr" "$fr") (target >= 0.95)"
echo "median 4 KiB random read, QD 16 (kIOPS):      suanli $sq, fio $fq; ratio suanli/fio $(ratio "$sq" "$fq") (target >= 0.95)"
