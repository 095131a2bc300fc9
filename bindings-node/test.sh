#!/usr/bin/env bash
# Builds and tests the Node package from a fresh clone: `npm ci`, the native addon in
# release mode (into this folder; `npm run build` must leave the checkout unchanged), the
# Rust CLI the tests compare against, the test suite (`node --test`), the type check
# (`tsc --noEmit`), then `npm pack` installed into a new project and loaded from there.
# Exits non-zero on any failure.
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

# `napi build` always passes --target (the host triple), so the addon's artefacts live in
# target/<host>/release. The CLI is built there too, with the same RUSTFLAGS (napi's
# --strip adds `-C link-arg=-s`), so the core is compiled once for both. Exported before
# `npm ci`, whose `prepare` step builds the addon.
HOST="$(rustc -vV | sed -n 's/^host: //p')"
case " ${RUSTFLAGS:-} " in
  *link-arg=-s*) ;;
  *) export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }-C link-arg=-s" ;;
esac

echo "== npm ci (its prepare step builds the addon: npm run build)"
npm ci --no-audit --no-fund --loglevel=error --foreground-scripts

echo "== npm run build leaves the checkout as it was (index.d.ts is hand-written)"
in_git=false
git -C "$PKG" rev-parse --is-inside-work-tree >/dev/null 2>&1 && in_git=true
if $in_git; then before="$(git -C "$PKG" status --porcelain -- .)"; fi
npm run build --silent
ls -l "$PKG"/mamori.*.node
if $in_git; then
  after="$(git -C "$PKG" status --porcelain -- .)"
  if [ "$before" != "$after" ]; then
    echo "npm run build changed the checkout:"; diff <(echo "$before") <(echo "$after") || true
    exit 1
  fi
fi

echo "== cargo build --release -p mamori-cli (the reference for the corpus tests)"
cargo build --release --quiet -p mamori-cli --target "$HOST"
export MAMORI_CLI="$ROOT/target/$HOST/release/mamori"

echo "== node --test"
# One test file at a time: the event-loop test measures timing.
node --test --test-concurrency=1 test/*.test.js test/*.test.mjs

echo "== tsc --noEmit"
npx --no-install tsc --noEmit -p test/types
echo "tsc: the definitions compile, and every misuse in test/types/errors.mts is rejected"

echo "== npm pack, installed into a new project (offline: the package has no dependencies)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
npm pack --pack-destination "$WORK" --loglevel=error --foreground-scripts >/dev/null
TARBALL="$(ls "$WORK"/mamori-*.tgz)"
tar tzf "$TARBALL" | sort > "$WORK/files"
expected="$(printf '%s\n' package/README.md package/index.d.ts package/index.js package/index.mjs package/package.json; \
  (cd "$PKG" && ls mamori.*.node) | sed 's|^|package/|')"
if [ "$(cat "$WORK/files")" != "$(echo "$expected" | sort)" ]; then
  echo "unexpected files in the package:"; diff <(echo "$expected" | sort) "$WORK/files" || true
  exit 1
fi
mkdir "$WORK/app"
cd "$WORK/app"
echo '{ "name": "app", "version": "1.0.0", "private": true }' > package.json
timeout 120 npm install --offline --no-audit --no-fund --loglevel=error "$TARBALL"
cmp "$PKG/index.d.ts" node_modules/mamori/index.d.ts
node -e '
  const { Scanner } = require("mamori");
  const r = new Scanner().scanText("TEL 03-1234-5678");
  if (r.counts.phone !== 1 || r.findings[0].byteStart !== 4) throw new Error(JSON.stringify(r));'
node --input-type=module -e '
  import { Scanner } from "mamori";
  const r = await new Scanner().scanBytesAsync(Buffer.from("TEL 03-1234-5678"));
  if (r.counts.phone !== 1) throw new Error(JSON.stringify(r));'
echo "installed from $(basename "$TARBALL"): require and import work, index.d.ts is the hand-written one"
