# Shared helpers for the bench/ scripts: medians, ratios, the suanli binary.
# Source it: . "$(dirname "$0")/lib.sh"

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
suanli_bin="${SUANLI_BIN:-$repo_root/build/suanli}"

# The peer tools (hpcc, likwid, fio, OpenFOAM) and jq: the bench group, installed on first use.
"$repo_root/scripts/install-deps.sh" bench

ensure_suanli() {
  if [ ! -x "$suanli_bin" ]; then
    (cd "$repo_root" && make build-run >/dev/null)
  fi
}

# median of the numbers given as arguments
median() {
  printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'
}

# ratio A/B with 3 decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a/b; else print "n/a" }'; }

mpirun_local() { mpirun --oversubscribe --allow-run-as-root "$@"; }
