#!/usr/bin/env bash
# Refreshes the user guide's screenshots (docs/guide/NN-name.png). It runs the guide's
# walkthrough test, tst_studio_guide, in the real studio under Xvfb against a berthd of its
# own, which the test starts in a private network namespace with its own data root,
# socket, bridge and subnet. A step that does not show what it should fails the run, and
# the old screenshots are then kept.
#   sudo docs/guide/shoot.sh [BUILD_DIR]     (default: build; needs root and the docker CLI)
set -euo pipefail

source_dir=$(cd "$(dirname "$0")/../.." && pwd)
build_dir=$(cd "${1:-$source_dir/build}" && pwd)
test_binary="$build_dir/bin/tst_studio_guide"
if [ ! -x "$test_binary" ]; then
  echo "shoot.sh: $test_binary is missing; build it with" >&2
  echo "  cmake --build $build_dir --target tst_studio_guide" >&2
  exit 1
fi
command -v xvfb-run >/dev/null || { echo "shoot.sh: xvfb-run is missing (apt install xvfb xauth)" >&2; exit 1; }

shots=$(mktemp -d)
trap 'rm -rf "$shots"' EXIT

# The studio draws with the xcb platform on Xvfb's screen, so the images look as they do on
# a desktop. Xvfb runs no window manager, so the images have no window frame.
xvfb-run -a -s "-screen 0 1600x1000x24" \
  env QT_QPA_PLATFORM=xcb \
      BERTH_BIN_DIR="$build_dir/bin" \
      BERTH_TEST_SUPPORT="$source_dir/tests/support" \
      BERTH_SCREENSHOT_DIR="$shots" \
      "$test_binary"

rm -f "$source_dir"/docs/guide/[0-9][0-9]-*.png
cp "$shots"/*.png "$source_dir/docs/guide/"
ls "$source_dir"/docs/guide/*.png
