#!/usr/bin/env bash
# Short fuzz run of every cargo-fuzz target (seconds per target as $1, default 30), one
# line per target:
#
#   scan              61234 runs   30s  0 crashes
#
# libFuzzer's own output goes to target/test-logs/fuzz-<target>.log (the build's to
# fuzz-build.log); a crash's input is kept in fuzz/artifacts/<target>/. Builds go to
# target/fuzz (sanitizer flags make them their own build, so they share nothing with the
# other profiles). cargo-fuzz needs nightly flags; RUSTC_BOOTSTRAP=1 enables them on the
# stable toolchain. Exits non-zero when a target crashed or did not build.
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30}
logs=target/test-logs
mkdir -p "$logs"
export RUSTC_BOOTSTRAP=1 CARGO_TERM_COLOR=never
fuzz=(cargo fuzz)
dirs=(--target-dir target/fuzz)

if ! command -v cargo-fuzz >/dev/null; then
  echo "installing cargo-fuzz (log: $logs/fuzz-build.log)"
  cargo install cargo-fuzz --locked >"$logs/fuzz-build.log" 2>&1 || { echo "cargo-fuzz install failed"; exit 1; }
fi
if ! "${fuzz[@]}" build "${dirs[@]}" >>"$logs/fuzz-build.log" 2>&1; then
  echo "all targets build failed (see $logs/fuzz-build.log)"
  exit 1
fi

status=0
for target in $("${fuzz[@]}" list); do
  mkdir -p "fuzz/corpus/$target"
  # Seeds shared by every target (top-level files) and the target's own folder.
  find fuzz/seeds -maxdepth 1 -type f -exec cp {} "fuzz/corpus/$target/" \;
  if [ -d "fuzz/seeds/$target" ]; then cp fuzz/seeds/"$target"/* "fuzz/corpus/$target/"; fi
  log="$logs/fuzz-$target.log"
  t0=$SECONDS
  "${fuzz[@]}" run "${dirs[@]}" "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$secs" -rss_limit_mb=2048 >"$log" 2>&1
  rc=$?
  # libFuzzer ends a clean run with "Done N runs in S second(s)"; it stops at the first
  # crash and writes its input as crash-*, leak-*, timeout-* or oom-*.
  runs=$(grep -oE 'Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' | tail -n 1)
  if [ -z "$runs" ]; then runs=$(grep -oE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#'); fi
  crashes=$(grep -cE 'Test unit written to .*/(crash|leak|timeout|oom)-' "$log")
  if [ "$rc" != 0 ] && [ "$crashes" = 0 ]; then crashes=1; fi
  if [ "$crashes" != 0 ]; then status=1; fi
  printf '%-18s %9s runs  %4ds  %d %s\n' "$target" "${runs:-0}" $((SECONDS - t0)) "$crashes" \
    "$([ "$crashes" = 1 ] && echo crash || echo crashes)"
done
exit $status
