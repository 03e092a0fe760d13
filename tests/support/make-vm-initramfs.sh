#!/usr/bin/env bash
# Writes the initramfs (an uncompressed newc cpio) of the cgroup v2 test VM:
#   make-vm-initramfs.sh OUT.cpio BIN_DIR KERNEL_DIR
# It contains busybox, berthd with its helpers from BIN_DIR and the shared libraries ldd
# lists for them, the docker CLI, a busybox image tar, the modules in KERNEL_DIR/modules
# (see vm-kernel.sh) and vm-cgroup2-init.sh as /init.
set -euo pipefail

usage="usage: make-vm-initramfs.sh OUT.cpio BIN_DIR KERNEL_DIR"
out=${1:?$usage}
bin_dir=${2:?$usage}
kernel_dir=${3:?$usage}
support=$(cd "$(dirname "$0")" && pwd)

busybox=/bin/busybox
if ! file -L "$busybox" 2>/dev/null | grep -q 'statically linked'; then
  echo "make-vm-initramfs.sh: $busybox is not static; install busybox-static" >&2
  exit 1
fi
docker=$(command -v docker || true)
if [ -z "$docker" ]; then
  echo "make-vm-initramfs.sh: the docker CLI is not installed; install docker.io" >&2
  exit 1
fi
helpers=(berthd berth-shim berth-shim-setup.so berth-exec berth-init)
for helper in "${helpers[@]}"; do
  if [ ! -f "$bin_dir/$helper" ]; then
    echo "make-vm-initramfs.sh: $bin_dir/$helper is missing; build berthd and berth-shim" >&2
    exit 1
  fi
done

tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT

mkdir -p "$tree"/{bin,sbin,usr/bin,usr/sbin,lib/modules,etc,dev,proc,sys,run,tmp,root}
cp "$busybox" "$tree/bin/busybox"
for applet in $("$busybox" --list-full); do
  [ -e "$tree/$applet" ] || ln -s /bin/busybox "$tree/$applet"
done
# The kernel opens /dev/console for /init before anything mounts devtmpfs.
mknod -m 0600 "$tree/dev/console" c 5 1

# The debug information would make up most of the initramfs, which the VM keeps in memory.
for helper in "${helpers[@]}"; do
  strip --strip-debug -o "$tree/usr/bin/$helper" "$bin_dir/$helper"
done
strip --strip-debug -o "$tree/usr/bin/docker" "$docker"

# Copies each shared object that ldd resolves (and the dynamic loader) to the same path.
for binary in "$tree/usr/bin/berthd" "$tree/usr/bin/berth-shim" \
  "$tree/usr/bin/berth-shim-setup.so"; do
  ldd "$binary" | awk '/=> \// { print $3 } /^[ \t]*\// { print $1 }' | while read -r library; do
    if [ ! -e "$tree$library" ]; then
      mkdir -p "$tree$(dirname "$library")"
      cp -L "$library" "$tree$library"
    fi
  done
done

printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' >"$tree/etc/passwd"
printf '%s\n' 'root:x:0:' >"$tree/etc/group"
cp "$kernel_dir"/modules/*.ko "$tree/lib/modules/"
"$support/make-busybox-rootfs.sh" "$tree/busybox.tar"
install -m 0755 "$support/vm-cgroup2-init.sh" "$tree/init"

(cd "$tree" && find . | "$busybox" cpio -o -H newc -R 0:0 2>/dev/null) >"$out"
