#!/usr/bin/env bash
# The engine's architecture, tested rather than hoped (like Chromium's include rules): each folder of
# engine/ may include only from folders at or below its own layer, and nothing in engine/ may include
# the app or a GUI header; only train/ includes the trainer's internals (train/trainer_impl.h). In
# the app, a panel draws from the frame view and changes things only through the intents: no file
# under app/gui/panels/ includes app_state.h or names AppState (app/gui/app_state.h). The order,
# lowest first, is written once, here:
LAYERS=(core data model losses ssl negatives serving eval train checkpoint export experiments updates bench session lessons)
# Exit status 1 with one line per offending include ("file:line: folder A includes folder B, above it").
set -euo pipefail
cd "$(dirname "$0")/../engine"
declare -A rank
for i in "${!LAYERS[@]}"; do rank[${LAYERS[$i]}]=$i; done
status=0
for dir in */; do
  dir=${dir%/}
  if [ -z "${rank[$dir]+x}" ]; then
    echo "engine/$dir: a folder the layer order in scripts/check_layering.sh does not name" >&2
    status=1
    continue
  fi
  while IFS= read -r hit; do
    [ -z "$hit" ] && continue
    file=${hit%%:*}; rest=${hit#*:}; line=${rest%%:*}; text=${rest#*:}
    target=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([a-z_]*\)\/.*/\1/p' <<<"$text")
    if [[ "$text" =~ \<(imgui|GLFW/|GL/|epoxy/|backends/) || "$text" =~ \"(app|gui|panels|render)/ ]]; then
      echo "engine/$file:$line: the engine includes a GUI or app header: ${text}" >&2
      status=1
      continue
    fi
    # The trainer's internals are train/'s own: other folders use Trainer's public interface.
    if [[ "$text" =~ \"train/trainer_impl\.h\" && "$dir" != train ]]; then
      echo "engine/$file:$line: $dir includes train/trainer_impl.h; use Trainer's public interface" >&2
      status=1
      continue
    fi
    [ -z "$target" ] && continue
    if [ -z "${rank[$target]+x}" ]; then continue; fi  # a same-folder or system header
    if (( rank[$target] > rank[$dir] )); then
      echo "engine/$file:$line: $dir includes $target, a layer above it" >&2
      status=1
    fi
  done < <(grep -Hn '^[[:space:]]*#[[:space:]]*include' "$dir"/*.h "$dir"/*.cpp 2>/dev/null || true)
done
# The app's panels see the frame view and the intents sink, never the window's whole state.
while IFS= read -r hit; do
  [ -z "$hit" ] && continue
  echo "app/gui/panels/${hit%%:*}: a panel reaches for AppState; draw from FrameView, change through Intents" >&2
  status=1
done < <(cd ../app/gui/panels && grep -Hn -E 'app_state\.h|\bAppState\b' ./*.h ./*.cpp 2>/dev/null | sed 's|^\./||' || true)
if [ "$status" -eq 0 ]; then
  echo "layering: engine/ folders include only from their own layer or below (${LAYERS[*]}); panels use FrameView and Intents only"
fi
exit "$status"
