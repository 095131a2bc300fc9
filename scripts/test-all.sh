#!/usr/bin/env bash
# Runs every test of the project: formatting, lints, Rust unit/integration/doc tests.
# (Python and Node suites join here as their packages land.)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo test --workspace -- --nocapture 2>&1 | tee /tmp/mamori-test.log | grep -vE '^test .* \.\.\. ok$'
