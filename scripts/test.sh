#!/usr/bin/env bash
# Builds TowerLab and runs every test (engine tests, UI-logic tests, and rendering tests under Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
cd build && ctest --output-on-failure -j"$(nproc)"
