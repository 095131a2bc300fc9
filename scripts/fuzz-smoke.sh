#!/usr/bin/env bash
# Short fuzz run of every cargo-fuzz target (seconds per target as $1, default 30).
# cargo-fuzz needs nightly flags; RUSTC_BOOTSTRAP=1 enables them on the stable toolchain.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
for target in $(cargo fuzz list); do
  mkdir -p "fuzz/corpus/$target"
  cp fuzz/seeds/* "fuzz/corpus/$target/" 2>/dev/null || true
  echo "fuzzing $target for ${secs}s"
  cargo fuzz run "$target" "fuzz/corpus/$target" -- -max_total_time="$secs" -rss_limit_mb=2048 2>&1 | tail -n 3
done
