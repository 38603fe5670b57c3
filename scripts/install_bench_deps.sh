#!/usr/bin/env bash
# Optional packages for the speed comparison with PyTorch (bench/compare_with_torch.py), kept out
# of scripts/install_deps.sh so that building and testing stay lean. Debian's python3-torch calls
# the system BLAS; libopenblas0-openmp is the fastest one for it on our machines (select it with
# LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp, which the compare script does).
# Idempotent; works as root or through sudo.
set -euo pipefail
PACKAGES=(python3-torch python3-numpy libopenblas0-openmp)
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
