#!/usr/bin/env bash
# Installs what the benchmarks compare against and measure with. Not needed for tests.
set -euo pipefail
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
  -o DPkg::Lock::Timeout=300 \
  hyperfine podman docker.io runc crun uidmap catatonit slirp4netns iptables netavark aardvark-dns jq busybox-static socat
