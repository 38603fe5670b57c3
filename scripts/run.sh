#!/usr/bin/env bash
# Builds TowerLab and starts the main job on the embedded synthetic dataset: the desktop app when
# it is built and a display is available (arguments go to it, e.g. --setup FILE), else a CLI
# training run (arguments go to `towerlab-cli train`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
if [ -x build/app/gui/towerlab ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  # Exit status 1: no window could be opened (no OpenGL 3.3 context); anything else is the app's.
  status=0
  build/app/gui/towerlab "$@" || status=$?
  if [ "$status" -ne 1 ]; then exit "$status"; fi
  echo "run.sh: the window could not open; training with the CLI instead" >&2
  exec build/app/towerlab-cli train --dataset synthetic --steps 3000 --eval-every 1000
fi
if [ -x build/app/gui/towerlab ]; then
  echo "run.sh: no display, so the CLI trains instead of the app. Run this in a desktop session for the" >&2
  echo "        window, or see docs/app.md for its headless screenshot mode under xvfb-run." >&2
fi
exec build/app/towerlab-cli train --dataset synthetic --steps 3000 --eval-every 1000 "$@"
