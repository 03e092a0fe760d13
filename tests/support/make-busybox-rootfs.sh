#!/usr/bin/env bash
# Builds a small base image from Debian's busybox-static and writes it as a tar.
#   make-busybox-rootfs.sh OUT.tar
# The tar is reproducible: sorted names, owner 0:0, mtime 0.
set -euo pipefail

out=${1:?usage: make-busybox-rootfs.sh OUT.tar}
busybox=$(command -v busybox || true)
if [ -z "$busybox" ] || ! file -L "$busybox" 2>/dev/null | grep -q 'statically linked'; then
  busybox=/bin/busybox
fi
if [ ! -x "$busybox" ]; then
  echo "make-busybox-rootfs.sh: busybox not found; install busybox-static" >&2
  exit 1
fi

tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT

mkdir -p "$tree"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp,var/tmp,var/www,home,proc,sys,dev}
chmod 1777 "$tree/tmp" "$tree/var/tmp"
chmod 0700 "$tree/root"
cp "$busybox" "$tree/bin/busybox"
for applet in $("$tree/bin/busybox" --list-full); do
  [ -e "$tree/$applet" ] || ln -s /bin/busybox "$tree/$applet"
done

printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'daemon:x:1:1:daemon:/usr/sbin:/bin/false' \
  'www-data:x:33:33:www-data:/var/www:/bin/false' 'nobody:x:65534:65534:nobody:/home:/bin/false' \
  > "$tree/etc/passwd"
printf '%s\n' 'root:x:0:' 'daemon:x:1:' 'www-data:x:33:' 'nogroup:x:65534:' > "$tree/etc/group"
echo 'hosts: files dns' > "$tree/etc/nsswitch.conf"
: > "$tree/etc/hosts"
: > "$tree/etc/resolv.conf"
: > "$tree/etc/hostname"
echo 'busybox test image' > "$tree/var/www/index.html"

tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 -C "$tree" -cf "$out" .
