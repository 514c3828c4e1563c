#!/usr/bin/env bash
# Installs the Debian packages suanli needs, in three groups, each containing the one before:
#   run    building suanli and running it (make run)
#   test   run + what the tests need (make test)
#   bench  test + the peer tools the bench/ scripts measure against
# Usage: scripts/install-deps.sh run|test|bench
# Idempotent: does nothing when every package is present. Without the rights to install, prints the
# one apt-get line to run and stops. Packages are installed without their "Recommends", so every
# package the build needs is named here, even where another package only recommends it.
set -euo pipefail

run_packages=(
  cmake g++ make pkg-config
  libopenmpi-dev openmpi-bin        # MPI: the distributed engine
  libcli11-dev                      # command-line options
  nlohmann-json3-dev                # JSON reports
  libfmt-dev                        # formatting
  libblis-openmp-dev                # FP64/FP32 dense BLAS: BLIS, OpenMP build, the default engine (docs/gemm.md)
  libopenblas-openmp-dev            # FP64/FP32 dense BLAS: OpenBLAS, OpenMP build (--blas openblas; docs/gemm.md)
  libdnnl-dev                       # BF16/INT8 GEMM: oneDNN's matmul primitive ...
  ocl-icd-opencl-dev                # ... whose CMake config requires OpenCL (libdnnl-dev only recommends it)
  liburing-dev                      # suanli io: asynchronous random IO at a queue depth (io_uring)
)
test_packages=(
  libgtest-dev
  libxml2-dev                       # the report tests parse the HTML and SVG with a real parser
  chromium                          # ... and render it headless (tests/report/chromium_test.sh)
  python3-html5lib jq               # ... and validate it as HTML5 (tests/report/html5_test.sh)
)
bench_packages=(
  hpcc likwid fio                   # peer tools measured side by side
  openfoam openfoam-examples        # icoFoam and its cavity tutorial (bench/cfd-vs-openfoam.sh)
)

case "${1:-}" in
  run) packages=("${run_packages[@]}") ;;
  test) packages=("${run_packages[@]}" "${test_packages[@]}") ;;
  bench) packages=("${run_packages[@]}" "${test_packages[@]}" "${bench_packages[@]}") ;;
  *) echo "install-deps: give the group to install: run, test or bench (got '${1:-}')" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

line="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo="sudo"
else
  echo "install-deps: missing packages; run as root: $line" >&2
  exit 1
fi

echo "install-deps ($1): installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
