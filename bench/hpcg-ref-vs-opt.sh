#!/usr/bin/env bash
# HPCG's reference kernels against suanli's optimised ones, same box, same ranks
# and threads, in one run: `suanli hpcg --reference` (HPCG 3.1's algorithms:
# natural-order SymGS, CSR SpMV) and `suanli hpcg` alternate, REPS times;
# medians of the HPCG rating (GFLOPS, with the iteration penalty), of the
# memory traffic model's GB/s and its share of STREAM Triad measured in the same
# process, and the optimised/reference ratio. Two layouts of this machine's
# cores: one rank with all threads, and one rank a core with one thread each.
# With PEER_HPCG=/path/to/xhpcg (the real HPCG 3.1, built by you from its public
# source; nothing here builds it) that binary runs too, same box, ranks, threads
# and time, and the optimised rating is also given as a ratio to its VALID rating.
# The optimised run's share of its bound (its kernels' own bytes at STREAM Triad,
# docs/hpcg.md) is printed beside its rating.
# Needs jq (scripts/install-deps.sh bench, run by bench/lib.sh).
# Usage: bench/hpcg-ref-vs-opt.sh   (REPS=3, NX=104 local box per rank, SECONDS_PER_RUN=10,
#        LAYOUTS="1x<cores> <cores>x1": ranks x threads per layout, PEER_HPCG unset)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_suanli

reps=${REPS:-3}
nx=${NX:-104}
seconds=${SECONDS_PER_RUN:-10}
cores=$(nproc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

figure() { jq -r "$1" "$work/hpcg.json"; }
gflops='.results[0].value / 1e7 | round / 100'
gbps='.results[0].parameters.bandwidth_bytes_per_s / 1e8 | round / 10'
stream_share='.results[0].parameters.bandwidth_fraction_of_stream * 100 | round'
iterations='.results[0].parameters.optimised_iterations'
bound='.results[0].parameters.bound_flops_per_s / 1e7 | round / 100'
bound_share='.results[0].parameters.fraction_of_bound * 100 | round'
peer=${PEER_HPCG:-}
[ -z "$peer" ] || [ -x "$peer" ] || { echo "PEER_HPCG=$peer is not an executable" >&2; exit 2; }

# The real HPCG's VALID rating in GFLOPS (its YAML report in its working directory), or "invalid".
run_peer() {
  local ranks=$1 threads=$2 dir="$work/peer"
  rm -rf "$dir" && mkdir -p "$dir"
  printf 'HPCG benchmark input file\nsuanli bench/hpcg-ref-vs-opt.sh\n%s %s %s\n%s\n' "$nx" "$nx" "$nx" "$seconds" \
    > "$dir/hpcg.dat"
  (cd "$dir" && OMP_NUM_THREADS=$threads mpirun_local --bind-to none -np "$ranks" "$peer" >/dev/null)
  local rating
  rating=$(sed -n 's/.*HPCG result is VALID with a GFLOP\/s rating of=\([0-9.eE+-]*\).*/\1/p' "$dir"/HPCG-Benchmark*.txt)
  if [ -n "$rating" ]; then awk -v r="$rating" 'BEGIN { printf "%.2f", r }'; else echo invalid; fi
}

echo "HPCG reference vs optimised kernels, $reps repetitions, box ${nx}^3 per rank, --time $seconds," \
     "$(date -u +%FT%TZ)"
summary=()
for layout in ${LAYOUTS:-1x$cores ${cores}x1}; do
  ranks=${layout%x*}; threads=${layout#*x}
  grid=$((ranks * nx))
  reference=(); optimised=(); ratios=(); ref_gbps=(); opt_gbps=(); opt_share=(); opt_iterations=()
  opt_bound=(); opt_bound_share=(); peers=(); peer_ratios=()
  for rep in $(seq "$reps"); do
    for kernels in reference optimised; do
      flag=""; [ "$kernels" = reference ] && flag="--reference"
      (cd "$work" && OMP_NUM_THREADS=$threads mpirun_local --bind-to none -np "$ranks" "$suanli_bin" hpcg \
         --nx "$nx" --time "$seconds" $flag --quiet --json hpcg.json)
      [ "$(figure '.all_verified')" = true ] || { echo "  $kernels: HPCG validation failed" >&2; exit 1; }
      if [ "$kernels" = reference ]; then
        reference+=("$(figure "$gflops")"); ref_gbps+=("$(figure "$gbps")")
      else
        optimised+=("$(figure "$gflops")"); opt_gbps+=("$(figure "$gbps")")
        opt_share+=("$(figure "$stream_share")"); opt_iterations+=("$(figure "$iterations")")
        opt_bound+=("$(figure "$bound")"); opt_bound_share+=("$(figure "$bound_share")")
      fi
    done
    ratios+=("$(ratio "${optimised[-1]}" "${reference[-1]}")")
    peer_text=""
    if [ -n "$peer" ]; then
      peers+=("$(run_peer "$ranks" "$threads")")
      [ "${peers[-1]}" = invalid ] && { echo "  the real HPCG's run was not VALID" >&2; exit 1; }
      peer_ratios+=("$(ratio "${optimised[-1]}" "${peers[-1]}")")
      peer_text=", real HPCG 3.1 ${peers[-1]} GFLOPS (optimised/real ${peer_ratios[-1]})"
    fi
    echo "  $ranks rank(s) x $threads thread(s), rep $rep: reference ${reference[-1]} GFLOPS (${ref_gbps[-1]} GB/s)," \
         "optimised ${optimised[-1]} GFLOPS (${opt_gbps[-1]} GB/s model, ${opt_share[-1]}% of STREAM Triad;" \
         "${opt_bound_share[-1]}% of its bound ${opt_bound[-1]} GFLOPS;" \
         "${opt_iterations[-1]} iterations for the reference's 50), ratio ${ratios[-1]}$peer_text"
  done
  line="  $ranks rank(s) x $threads thread(s), global ${nx}x${nx}x${grid}: reference $(median "${reference[@]}") GFLOPS, optimised $(median "${optimised[@]}") GFLOPS ($(median "${opt_gbps[@]}") GB/s model, $(median "${opt_share[@]}")% of STREAM Triad; $(median "${opt_bound_share[@]}")% of its bound $(median "${opt_bound[@]}") GFLOPS), median ratio $(median "${ratios[@]}")"
  [ -z "$peer" ] || line+="; real HPCG 3.1 $(median "${peers[@]}") GFLOPS, median optimised/real $(median "${peer_ratios[@]}")"
  summary+=("$line")
done
echo
printf '%s\n' "${summary[@]}"
