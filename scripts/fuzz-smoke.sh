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
  # Seeds shared by every target (top-level files) and the target's own folder.
  find fuzz/seeds -maxdepth 1 -type f -exec cp {} "fuzz/corpus/$target/" \;
  if [ -d "fuzz/seeds/$target" ]; then cp fuzz/seeds/"$target"/* "fuzz/corpus/$target/"; fi
  echo "fuzzing $target for ${secs}s"
  cargo fuzz run "$target" "fuzz/corpus/$target" -- -max_total_time="$secs" -rss_limit_mb=2048 2>&1 | tail -n 3
done
