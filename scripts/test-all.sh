#!/usr/bin/env bash
# Runs every test of the project: formatting, lints, Rust unit/integration/property/doc tests,
# then the Python and Node package suites when their folders are present.
# Ends with one line "tests: N passed, M failed" summing every suite.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
log=$(mktemp)
trap 'rm -f "$log"' EXIT

cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo test --workspace 2>&1 | tee "$log" | grep -vE '^test .* \.\.\. ok$'

sum() { grep -E '^test result:' "$log" | sed -E "s/.* ([0-9]+) $1.*/\\1/" | awk '{s += $1} END {print s + 0}'; }
passed=$(sum passed)
failed=$(sum failed)

for suite in bindings-python bindings-node; do
  if [ -f "$suite/test.sh" ]; then
    bash "$suite/test.sh" 2>&1 | tee "$log"
    # pytest closes with "N passed[, M failed]"; node --test with "# pass N" / "# fail M".
    line=$(grep -E '[0-9]+ passed' "$log" | tail -n 1 || true)
    p=$(echo "$line" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || true)
    f=$(echo "$line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' || true)
    if [ -z "$p" ]; then
      p=$(grep -E '^# pass [0-9]+' "$log" | grep -oE '[0-9]+' | awk '{s += $1} END {print s + 0}')
      f=$(grep -E '^# fail [0-9]+' "$log" | grep -oE '[0-9]+' | awk '{s += $1} END {print s + 0}')
    fi
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
  fi
done
echo "tests: ${passed} passed, ${failed} failed"
