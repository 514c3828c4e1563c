#!/usr/bin/env bash
# Tries the README's two commands as a new user would: in a clean Debian 12 (bookworm) root built
# by debootstrap, with this working tree copied in, `make run` and then `make test`, each timed.
#
# Usage (as root): scripts/fresh-machine-check.sh [--keep] [--new-base]
#   --keep       leave the root in place afterwards (its path is printed) to look inside
#   --new-base   build the base root again instead of reusing the cached one
#
# The base root (debootstrap --variant=minbase, the Debian archive this machine's apt uses) is
# cached as a tarball in /var/cache/suanli-fresh, and downloaded .deb files are kept there too, so
# a second check does not download again; every package is still installed afresh in each root.
# The root gets /proc, /sys and /dev from the host (what a real machine has) and nothing else:
# no /etc/hosts beyond what debootstrap writes, no ccache, no packages but `make`, which the
# README's commands start from. Exit code: 0 when both commands passed, 1 otherwise, 2 on bad usage.
set -euo pipefail

keep=0
new_base=0
for arg in "$@"; do
  case "$arg" in
    --keep) keep=1 ;;
    --new-base) new_base=1 ;;
    *) echo "fresh-machine-check: unknown option '$arg' (accepted: --keep, --new-base)" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "fresh-machine-check: needs root (debootstrap, chroot, mounts)" >&2; exit 2; }

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=/var/cache/suanli-fresh
base_tar=$cache/bookworm-base.tar
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

if ! command -v debootstrap >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap
fi

mkdir -p "$cache/archives/partial"
if [ "$new_base" -eq 1 ] || [ ! -s "$base_tar" ]; then
  staging=$(mktemp -d /var/tmp/suanli-base.XXXXXX)
  echo "== building the base root (debootstrap minbase bookworm from $mirror)"
  debootstrap --variant=minbase bookworm "$staging" "$mirror" >"$cache/debootstrap.log" 2>&1 \
    || { echo "debootstrap failed: see $cache/debootstrap.log" >&2; rm -rf "$staging"; exit 1; }
  tar -C "$staging" -cf "$base_tar.tmp" . && mv "$base_tar.tmp" "$base_tar"
  rm -rf "$staging"
fi

root=$(mktemp -d /var/tmp/suanli-fresh.XXXXXX)
mounted=()
cleanup() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
  if [ "$keep" -eq 1 ]; then echo "root kept at $root"; else rm -rf "$root"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

tar -C "$root" -xf "$base_tar"
for m in proc sys dev dev/pts; do
  mkdir -p "$root/$m"
  case "$m" in
    proc) mount -t proc proc "$root/proc" ;;
    dev/pts) mount -t devpts devpts "$root/dev/pts" ;;
    *) mount --rbind "/$m" "$root/$m"; mount --make-rslave "$root/$m" ;;
  esac
  mounted+=("$root/$m")
done
mkdir -p "$root/var/cache/apt/archives"
mount --bind "$cache/archives" "$root/var/cache/apt/archives"
mounted+=("$root/var/cache/apt/archives")
cp /etc/resolv.conf "$root/etc/resolv.conf"
# apt in the root would otherwise delete the shared download cache after installing.
rm -f "$root/etc/apt/apt.conf.d/docker-clean"
echo 'APT::Keep-Downloaded-Packages "true";' >"$root/etc/apt/apt.conf.d/01keep-debs"

# The working tree as a clone would have it: tracked and untracked-but-not-ignored files.
mkdir -p "$root/work/suanli"
(cd "$repo_root" && git ls-files -z --cached --others --exclude-standard |
  tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -C "$root/work/suanli" -xf -

# Only what the environment of a real user would carry: no ccache, the OpenBLAS variables kept
# (the tests run with them on this machine too).
in_root() {
  chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive \
    ${OPENBLAS_CORETYPE:+OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE} ${OPENBLAS_L2_SIZE:+OPENBLAS_L2_SIZE=$OPENBLAS_L2_SIZE} \
    bash -c "$1"
}

log_dir=$(mktemp -d /var/tmp/suanli-fresh-logs.XXXXXX)
echo "== root $root, logs in $log_dir"
in_root "apt-get update -qq && apt-get install -y -qq --no-install-recommends make" >"$log_dir/make.log" 2>&1 \
  || { echo "installing make failed: see $log_dir/make.log" >&2; exit 1; }

status=0
for command in "make run" "make test"; do
  log="$log_dir/${command// /-}.log"
  start=$(date +%s)
  set +e
  in_root "cd /work/suanli && $command" >"$log" 2>&1
  rc=$?
  set -e
  seconds=$(($(date +%s) - start))
  printf '%-10s exit %d in %dm%02ds  (log: %s)\n' "$command" "$rc" $((seconds / 60)) $((seconds % 60)) "$log"
  if [ "$rc" -ne 0 ]; then
    status=1
    tail -n 30 "$log" | sed 's/^/    /'
  fi
done
if [ "$status" -eq 0 ]; then
  tail -n 5 "$log_dir/make-test.log" | sed 's/^/    /'
fi
exit "$status"
