#!/usr/bin/env bash
# Where HPL's time goes: `suanli hpl` at one n for several NB (and optionally panel bases),
# REPS runs each, alternating, and per configuration the median rate, its share of Rpeak and
# the median of each phase of the time split (slowest rank per phase, docs/hpl.md).
# Needs jq (scripts/install-deps.sh bench, run by bench/lib.sh).
# Usage: bench/hpl-time-split.sh
#   HPL_N=20000, NBS="128 192 256 384", BASES=16 (panel base columns), PANELS=auto (left, right),
#   REPS=1,
#   ranks = cores × 1 thread, grid 1×ranks (P=1 Q=ranks; GRID="2 1" gives P=2 Q=1)
#   SUANLI_BLAS=env (default: the environment as it is; suanli's default dense engine, BLIS on
#     AVX-512 CPUs) or unpinned (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, for runs with
#     EXTRA="--blas openblas")
#   EXTRA="--depth 0": more suanli hpl options
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_suanli

n=${HPL_N:-20000}
nbs=${NBS:-128 192 256 384}
bases=${BASES:-16}
panels=${PANELS:-auto}
reps=${REPS:-1}
ranks=$(nproc)
read -r p q <<<"${GRID:-1 $ranks}"
mode=${SUANLI_BLAS:-env}
case "$mode" in
  unpinned) blas_env="-u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE"; blas="OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset" ;;
  env) blas_env=""; blas="the environment's OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}" ;;
  *) echo "bench/hpl-time-split.sh: SUANLI_BLAS: expected env or unpinned, got '$mode'" >&2; exit 2 ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

phases="panel broadcast wait swap trsm update solve other"
echo "suanli hpl time split, n=$n, grid ${p}x$q, $ranks ranks x 1 thread, $reps repetition(s)," \
     "BLAS: $blas, ${EXTRA:+options $EXTRA, }$(date -u +%FT%TZ)"
declare -A rate share seconds
for rep in $(seq "$reps"); do
  for nb in $nbs; do
    for base in $bases; do
     for panel in $panels; do
      key="$nb/$base/$panel"
      # shellcheck disable=SC2086  # blas_env and EXTRA are lists of words
      (cd "$work" && env $blas_env OMP_NUM_THREADS=1 "$(command -v mpirun)" --oversubscribe --allow-run-as-root \
         -np "$ranks" "$suanli_bin" hpl --n "$n" --nb "$nb" --panel-base "$base" --panel "$panel" --p "$p" --q "$q" ${EXTRA:-} \
         --quiet --json split.json)
      if [ "$(jq '.results[0].verification.passed' "$work/split.json")" != true ]; then
        echo "NB $nb base $base panel $panel: the residual check failed" >&2
        exit 1
      fi
      rate[$key]+=" $(jq '.results[0].value / 1e9' "$work/split.json")"
      share[$key]+=" $(jq '.results[0].efficiency * 100' "$work/split.json")"
      seconds[$key]+=" $(jq '.results[0].parameters.seconds' "$work/split.json")"
      for phase in $phases; do
        seconds[$key/$phase]+=" $(jq ".results[0].parameters.${phase}_seconds" "$work/split.json")"
      done
      echo "  rep $rep NB $nb base $base panel $panel: $(jq -r '.results[0].value / 1e8 | round / 10' "$work/split.json") GFLOPS;" \
           "$(jq -r '.results[0].parameters.time_split_by_rank // "" ' "$work/split.json")"
     done
    done
  done
done
echo
printf '%-16s %8s %7s %8s' "NB/base/panel" GFLOPS Rpeak% seconds
for phase in $phases; do printf ' %9s' "$phase"; done
echo
for nb in $nbs; do
  for base in $bases; do
   for panel in $panels; do
    key="$nb/$base/$panel"
    # shellcheck disable=SC2086  # the lists of samples are words
    printf '%-16s %8.1f %6.1f%% %8.2f' "$key" "$(median ${rate[$key]})" "$(median ${share[$key]})" \
      "$(median ${seconds[$key]})"
    # shellcheck disable=SC2086
    for phase in $phases; do printf ' %9.3f' "$(median ${seconds[$key/$phase]})"; done
    echo
   done
  done
done
echo "(seconds per phase: median over the repetitions of the slowest rank's; 'other' is the rest of the wall time)"
