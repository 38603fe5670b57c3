#!/usr/bin/env bash
# Installs the Debian packages TowerLab builds, runs and tests with. Idempotent; works as root or
# through sudo. Skips apt entirely when everything is already installed.
set -euo pipefail
PACKAGES=(build-essential cmake pkg-config libeigen3-dev nlohmann-json3-dev libcli11-dev catch2
          libhnswlib-dev libzip-dev libimgui-dev libglfw3-dev libepoxy-dev libstb-dev
          xvfb xauth libgl1-mesa-dri fonts-dejavu-core fonts-noto-cjk)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "installing: ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
