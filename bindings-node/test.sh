#!/usr/bin/env bash
# Builds and tests the Node package from a fresh clone: `npm ci`, the native addon in
# release mode (into this folder), the Rust CLI the tests compare against, then the test
# suite (`node --test`) and the type check (`tsc --noEmit`). Exits non-zero on any failure.
#
#   bash bindings-node/test.sh
#
# Needs Node >= 20.17 with npm, and cargo. Set CARGO_BUILD_JOBS to limit build parallelism.
set -euo pipefail

PKG="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$PKG/.." && pwd)"
cd "$PKG"

echo "== node $(node --version), npm $(npm --version 2>/dev/null), $(cargo --version)"
node -e '
  const [maj, min] = process.versions.node.split(".").map(Number);
  if (maj < 20 || (maj === 20 && min < 17)) {
    console.error(`Node ${process.versions.node} is too old: mamori needs 20.17 or later`);
    process.exit(1);
  }'

echo "== npm ci"
npm ci --no-audit --no-fund --loglevel=error

# `napi build` always passes --target (the host triple), so the addon's artefacts live in
# target/<host>/release. The CLI is built there too, with the same RUSTFLAGS (napi's
# --strip adds `-C link-arg=-s`), so the core is compiled once for both.
HOST="$(rustc -vV | sed -n 's/^host: //p')"
case " ${RUSTFLAGS:-} " in
  *link-arg=-s*) ;;
  *) export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }-C link-arg=-s" ;;
esac

echo "== napi build --release (target $HOST)"
# --no-js: index.js is ours. The generated typings go to native.d.ts (not committed);
# the package's index.d.ts is written by hand.
npx --no-install napi build --platform --release --strip --no-js --dts native.d.ts
ls -l "$PKG"/mamori.*.node

echo "== cargo build --release -p mamori-cli (the reference for the corpus tests)"
cargo build --release --quiet -p mamori-cli --target "$HOST"
export MAMORI_CLI="$ROOT/target/$HOST/release/mamori"

echo "== node --test"
# One test file at a time: the event-loop test measures timing.
node --test --test-concurrency=1 test/*.test.js test/*.test.mjs

echo "== tsc --noEmit"
npx --no-install tsc --noEmit -p test/types
echo "tsc: the definitions compile, and every misuse in test/types/errors.mts is rejected"
