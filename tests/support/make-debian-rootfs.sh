#!/usr/bin/env bash
# Builds a Debian 12 minbase root file system with debootstrap and writes it as a
# gzip-compressed tar, the kind of OS template tarball `docker import` takes.
#   make-debian-rootfs.sh OUT.tar.gz
# The mirror is the one apt on this machine already uses.
set -euo pipefail

out=${1:?usage: make-debian-rootfs.sh OUT.tar.gz}
command -v debootstrap >/dev/null || { echo "make-debian-rootfs.sh: install debootstrap" >&2; exit 1; }

mirror=""
if [ -r /etc/apt/sources.list.d/debian.sources ]; then
  mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)
fi
if [ -z "$mirror" ] && [ -r /etc/apt/sources.list ]; then
  mirror=$(awk '$1 == "deb" && $0 ~ /bookworm/ { print $2; exit }' /etc/apt/sources.list)
fi
if [ -z "$mirror" ]; then
  echo "make-debian-rootfs.sh: no Debian mirror found in the apt configuration" >&2
  exit 1
fi

tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
debootstrap --variant=minbase bookworm "$tree/root" "$mirror" >"$tree/debootstrap.log" 2>&1 || {
  tail -n 20 "$tree/debootstrap.log" >&2
  exit 1
}
tar --numeric-owner -C "$tree/root" -czf "$out" .
