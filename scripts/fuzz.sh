#!/usr/bin/env bash
# Fuzzes every loader with libFuzzer for a bounded time (docs/reliability.md has the last figures).
#
#   scripts/fuzz.sh [seconds per harness, default 60]
#
# Builds tests/fuzz/ with clang in build-fuzz (-fsanitize=fuzzer,address,undefined), then runs each
# harness for the given time from its seed corpus tests/fuzz/corpus/<harness>/. New inputs the
# fuzzer keeps go to build-fuzz/corpus/<harness>/ (the repository's corpus stays small); a crash,
# a sanitizer report, a non-towerlab::Error exception, a timeout (10 s) or an out-of-memory
# (2 GiB) is written to build-fuzz/findings/ and fails the run. Copy such an input into the
# harness's corpus folder as crash_<what> once it is fixed: the normal suite replays it.
# JOBS=n sets the build's parallelism (default: all cores).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER=${1:-60}
JOBS=${JOBS:-$(nproc)}
HARNESSES=(movielens_100k movielens_1m csv_dataset embedding_import checkpoint)

bash scripts/install_deps.sh
if ! command -v clang++ >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "installing: clang libomp-dev" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends clang libomp-dev
fi

flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DCMAKE_CXX_FLAGS="$flags" \
      -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" -DTOWERLAB_BUILD_APP=OFF -DTOWERLAB_FUZZ=ON
targets=()
for h in "${HARNESSES[@]}"; do targets+=("fuzz_$h"); done
cmake --build build-fuzz -j"$JOBS" --target "${targets[@]}"

export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
mkdir -p build-fuzz/findings
summary=()
failed=0
for h in "${HARNESSES[@]}"; do
  mkdir -p "build-fuzz/corpus/$h"
  log="build-fuzz/fuzz_$h.log"
  dict=()
  if [ -f "tests/fuzz/$h.dict" ]; then dict=(-dict="tests/fuzz/$h.dict"); fi
  echo "== fuzz_$h for ${SECONDS_PER}s" >&2
  rc=0
  "build-fuzz/tests/fuzz/fuzz_$h" -max_total_time="$SECONDS_PER" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="build-fuzz/findings/$h-" "${dict[@]}" \
      "build-fuzz/corpus/$h" "tests/fuzz/corpus/$h" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  units=$(ls "build-fuzz/corpus/$h" | wc -l)
  if [ "$rc" -ne 0 ]; then
    failed=1
    summary+=("$(printf '%-18s FINDING (exit %s), see %s and build-fuzz/findings/' "$h" "$rc" "$log")")
    grep -E "ERROR|runtime error|terminate|SUMMARY|Test unit written" "$log" | head -5 >&2 || true
  else
    summary+=("$(printf '%-18s %10s execs in %4ss, corpus %5s inputs, no finding' "$h" "${execs:-?}" "${secs:-?}" "$units")")
  fi
done
echo
echo "fuzz.sh: ${SECONDS_PER}s per harness on $(nproc) cores"
printf '%s\n' "${summary[@]}"
exit "$failed"
