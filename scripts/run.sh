#!/usr/bin/env bash
# Builds TowerLab and starts the main job on the embedded synthetic dataset: the desktop app when
# it is built and a display is available, else a CLI training run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
if [ -x build/app/gui/towerlab ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec build/app/gui/towerlab "$@"
fi
exec build/app/towerlab-cli train --dataset synthetic --steps 3000 --eval-every 1000 "$@"
