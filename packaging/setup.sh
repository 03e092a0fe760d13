#!/usr/bin/env bash
# Sets up a Debian 12 machine for Berth, builds it, then either starts the studio
# or runs the whole test suite.
#
#   packaging/setup.sh studio   install, build, start berth-studio with its embedded engine
#   packaging/setup.sh test     install, build, run every test (what CI runs)
#   packaging/setup.sh deb      install, build, write the Debian package berth_<version>_amd64.deb
#   packaging/setup.sh deps     install the Debian packages only
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BERTH_BUILD_DIR:-$top/build/release}
mode=${1:-studio}

packages=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev libqt6opengl6-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-svg-dev qt6-charts-dev libqscintilla2-qt6-dev qt6-translations-l10n
  libarchive-dev libcap-dev libseccomp-dev libnl-3-dev libnl-route-3-dev
  libnftables-dev nftables curl
  # QtKeychain loads libsecret at run time to reach the Secret Service. The keyring test
  # starts gnome-keyring-daemon on a dbus-daemon of its own and reads it with secret-tool.
  qtkeychain-qt6-dev libsecret-1-0
  gnome-keyring libsecret-tools dbus-daemon
  nlohmann-json3-dev libfmt-dev libssl-dev libcurl4-openssl-dev zlib1g-dev libboost-dev
  libvterm-dev libgraphviz-dev
  xvfb xauth imagemagick fonts-dejavu-core fonts-wqy-microhei
  busybox-static debootstrap file tmux zstd xz-utils bzip2 iproute2 python3 clang-format
  dpkg-dev lintian desktop-file-utils appstream librsvg2-bin
  docker-registry apache2-utils skopeo podman
  qemu-system-x86
)

install_deps() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup.sh: run as root (it installs Debian packages and the engine needs root)" >&2
    exit 1
  fi
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  # The API tests drive berthd with the stock docker CLI; Debian ships it in docker.io.
  command -v docker >/dev/null || missing+=(docker.io)
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      -o DPkg::Lock::Timeout=300 "${missing[@]}"
  fi
}

build() {
  cmake -S "$top" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
  cmake --build "$build"
}

case "$mode" in
  deps)
    install_deps
    ;;
  studio)
    install_deps
    build
    exec "$build/bin/berth-studio"
    ;;
  test)
    install_deps
    build
    cd "$build"
    ctest --output-on-failure --timeout 600
    ;;
  deb)
    install_deps
    build
    (cd "$build" && cpack -G DEB)
    echo "setup.sh: wrote $(ls "$build"/berth_*_amd64.deb)"
    ;;
  *)
    echo "setup.sh: unknown mode '$mode'; use studio, test, deb or deps" >&2
    exit 2
    ;;
esac
