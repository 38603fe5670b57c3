#!/usr/bin/env bash
# Checks the engine's layering, builds TowerLab and runs every test (engine tests, UI-logic tests,
# and rendering tests under Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/check_layering.sh   # the architecture first: no engine folder includes from above itself
bash scripts/install_deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
cd build && ctest --output-on-failure -j"$(nproc)"
