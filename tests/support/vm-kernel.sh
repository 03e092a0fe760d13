#!/usr/bin/env bash
# Fetches the kernel of Debian 12's linux-image-amd64 into a cache for the VM tests and
# prints the directory that contains its vmlinuz and the modules the VM loads:
#   vm-kernel.sh [CACHE_DIR]
# CACHE_DIR defaults to $XDG_CACHE_HOME/berth/vm-kernel (~/.cache/berth/vm-kernel). The
# package is downloaded with apt-get download and unpacked with dpkg-deb, so nothing is
# installed on the host. A version already in the cache is reused; older ones are removed.
set -euo pipefail

cache=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/berth/vm-kernel}
# Paths inside the package of the modules the VM needs. Debian 12 ships them uncompressed.
modules=(kernel/fs/overlayfs/overlay.ko)

package=$(apt-cache depends linux-image-amd64 2>/dev/null |
  awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9].*-amd64$/ { print $2; exit }')
if [ -z "$package" ]; then
  echo "vm-kernel.sh: apt-cache lists no kernel for linux-image-amd64; run apt-get update" >&2
  exit 1
fi
version=${package#linux-image-}
target=$cache/$version
if [ -f "$target/vmlinuz" ]; then
  echo "$target"
  exit 0
fi

mkdir -p "$cache"
work=$(mktemp -d "$cache/.download.XXXXXX")
trap 'rm -rf "$work"' EXIT
# apt drops privileges to _apt for downloads, which then needs to write into the folder.
chmod 0755 "$work"
chown _apt "$work" 2>/dev/null || true
if ! (cd "$work" && apt-get download -q "$package" >"$work/download.log" 2>&1); then
  cat "$work/download.log" >&2
  echo "vm-kernel.sh: apt-get download $package failed" >&2
  exit 1
fi
dpkg-deb -x "$work"/"$package"_*.deb "$work/tree"

mkdir -p "$work/kernel/modules"
cp "$work/tree/boot/vmlinuz-$version" "$work/kernel/vmlinuz"
for module in "${modules[@]}"; do
  cp "$work/tree/lib/modules/$version/$module" "$work/kernel/modules/"
done
# Older versions are removed once the new one is complete.
find "$cache" -mindepth 1 -maxdepth 1 -not -name '.download.*' -exec rm -rf {} +
mv "$work/kernel" "$target"
echo "$target"
