#!/usr/bin/env bash
# The lid-driven cavity side by side on this machine, in one run: OpenFOAM's icoFoam on its own
# cavity tutorial (Debian packages openfoam + openfoam-examples, v1912) against `suanli cfd`, on the
# same grid, at the same Reynolds number and to the same end time, one core each.
#   Re = U·L/nu = 100: the tutorial's lid U = 1 m/s and side L = 0.1 m with nu = 0.001 (it ships 0.01).
#   End time: suanli runs to its steady state (max |du/dt| <= 1e-4 U²/L, about t = 13.6 L/U); icoFoam
#   then runs to that same time, t·L/U seconds, at the tutorial's Courant number 1 (deltaT = L/(N·U)),
#   PISO with 2 correctors and the tutorial's solver settings.
# Accuracy: both solutions' max |difference| from Ghia, Ghia & Shin (1982) on the centrelines
# (data/ghia1982_re100_*.csv). icoFoam's u on x = 0.5 is the mean of the two cell columns beside
# it (for even N the line is a face line), then linear in y with the wall values, as suanli samples.
# Needs jq and the two OpenFOAM packages (scripts/install-deps.sh bench, run by bench/lib.sh).
# Usage: bench/cfd-vs-openfoam.sh   (CFD_N=128 cells per side)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_suanli
export WM_PROJECT_DIR=/usr/share/openfoam  # enough for blockMesh and icoFoam (sourcing etc/bashrc is not)

n=${CFD_N:-128}
tutorial=/usr/share/doc/openfoam-examples/examples/incompressible/icoFoam/cavity/cavity
[ -d "$tutorial" ] || { echo "cfd-vs-openfoam: no $tutorial; install openfoam-examples" >&2; exit 3; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "lid-driven cavity, Re=100, ${n}x$n cells, 1 core each, $(date -u +%FT%TZ)"

# suanli: to steady state, one thread.
start=$(date +%s.%N)
(cd "$work" && OMP_NUM_THREADS=1 "$suanli_bin" cfd --case cavity --re 100 --n "$n" --quiet --json cfd.json \
   --profiles suanli-profiles.csv)
s_wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
s_loop=$(jq '.results[0].parameters.seconds * 100 | round / 100' "$work/cfd.json")
s_time=$(jq '.results[0].parameters.simulated_time' "$work/cfd.json")
s_steps=$(jq '.results[0].parameters.steps' "$work/cfd.json")
s_ghia=$(jq '.results[0].verification.value * 1e5 | round / 1e5' "$work/cfd.json")
s_mlups=$(jq '.results[0].value / 1e4 | round / 100' "$work/cfd.json")

# icoFoam: the tutorial at N×N, nu = 0.001, to the same end time (seconds = t·L/U, L = 0.1).
case_dir="$work/cavity"
cp -r "$tutorial" "$case_dir"
chmod -R u+w "$case_dir"
end_time=$(awk -v t="$s_time" 'BEGIN { printf "%.6g", t * 0.1 }')
delta_t=$(awk -v n="$n" 'BEGIN { printf "%.8g", 0.1 / n }')
steps=$(awk -v e="$end_time" -v d="$delta_t" 'BEGIN { printf "%d", e / d + 0.5 }')
end_time=$(awk -v s="$steps" -v d="$delta_t" 'BEGIN { printf "%.8g", s * d }')
sed -i "s/(20 20 1)/($n $n 1)/" "$case_dir/system/blockMeshDict"
sed -i "s/^nu .*/nu              0.001;/" "$case_dir/constant/transportProperties"
sed -i -e "s/^endTime .*/endTime         $end_time;/" -e "s/^deltaT .*/deltaT          $delta_t;/" \
       -e "s/^writeInterval .*/writeInterval   $steps;/" "$case_dir/system/controlDict"
(cd "$case_dir" && blockMesh >blockMesh.log 2>&1)
start=$(date +%s.%N)
(cd "$case_dir" && icoFoam >icoFoam.log 2>&1)
o_wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
last=$(ls -d "$case_dir"/[0-9]* | sort -g | tail -1)

# icoFoam's cell-centred U (x fastest, then y) → centreline profiles → max |difference| from Ghia.
o_ghia=$(awk -v n="$n" -v ghia_u="$repo_root/data/ghia1982_re100_u_vertical.csv" \
             -v ghia_v="$repo_root/data/ghia1982_re100_v_horizontal.csv" '
  function interp(pos, lo, hi, arr, s,    m, k, w) {   # arr[k] at (k+0.5)/n, wall values lo at 0, hi at 1
    m = s * n - 0.5
    if (m <= 0) return lo + (arr[0] - lo) * (s * n / 0.5)
    if (m >= n - 1) return arr[n-1] + (hi - arr[n-1]) * ((s - (n - 0.5) / n) * n / 0.5)
    k = int(m); w = m - k
    return (1 - w) * arr[k] + w * arr[k+1]
  }
  FNR == 1 { file++ }
  file == 1 && /^internalField/ { reading = 1; next }
  file == 1 && reading == 1 && /^\(/ { reading = 2; c = 0; next }
  file == 1 && reading == 2 && /^\)/ { reading = 3; next }
  file == 1 && reading == 2 { gsub(/[()]/, ""); ux[c] = $1; vy[c] = $2; c++; next }
  END {
    h = n / 2
    for (j = 0; j < n; j++) u[j] = 0.5 * (ux[j * n + h - 1] + ux[j * n + h])
    for (i = 0; i < n; i++) v[i] = 0.5 * (vy[(h - 1) * n + i] + vy[h * n + i])
    worst = 0
    while ((getline line < ghia_u) > 0) {
      if (line ~ /^#/ || line ~ /^[a-z]/) continue
      split(line, f, ","); d = interp(f[1], 0, 1, u, f[1]) - f[2]; if (d < 0) d = -d; if (d > worst) worst = d
    }
    while ((getline line < ghia_v) > 0) {
      if (line ~ /^#/ || line ~ /^[a-z]/) continue
      split(line, f, ","); d = interp(f[1], 0, 0, v, f[1]) - f[2]; if (d < 0) d = -d; if (d > worst) worst = d
    }
    printf "%.5f", worst
  }' "$last/U")

echo "suanli cfd : ${s_wall} s wall (${s_loop} s time loop), $s_steps steps to t = $s_time L/U (steady)," \
     "$s_mlups MLUP/s, max |u - Ghia| = $s_ghia"
echo "icoFoam    : ${o_wall} s wall, $steps steps to t = $end_time s = $s_time L/U (Co = 1, PISO 2 correctors)," \
     "max |u - Ghia| = $o_ghia"
echo "ratio icoFoam/suanli wall time: $(ratio "$o_wall" "$s_wall")"
