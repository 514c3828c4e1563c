#!/usr/bin/env bash
# Installs the Debian packages that suanli's build, tests and bench/ scripts need.
# Idempotent: does nothing when every package is present. Without the rights to
# install, prints the one apt-get line to run and stops.
set -euo pipefail

packages=(
  # build
  cmake g++ make pkg-config
  libopenmpi-dev openmpi-bin        # MPI: the distributed engine
  libcli11-dev                      # command-line options
  nlohmann-json3-dev                # JSON reports
  libfmt-dev                        # formatting
  libopenblas-openmp-dev            # FP64/FP32 GEMM: OpenBLAS's OpenMP build (docs/gemm.md)
  libdnnl-dev                       # BF16/INT8 GEMM: oneDNN's matmul primitive
  liburing-dev                      # suanli io: asynchronous random IO at a queue depth (io_uring)
  # tests
  libgtest-dev libgmock-dev
  libxml2-dev                       # the report tests parse the HTML and SVG with a real parser
  chromium                          # ... and render it headless (tests/report/chromium_test.sh)
  python3-html5lib jq               # ... and validate it as HTML5 (tests/report/html5_test.sh)
  # bench/: peer tools measured side by side
  hpcc likwid fio
  openfoam openfoam-examples        # icoFoam and its cavity tutorial (bench/cfd-vs-openfoam.sh)
)

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

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
