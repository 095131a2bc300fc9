#!/usr/bin/env bash
# End-to-end test of `mamori report` in a real browser: scans samples/, renders the report
# page, and loads it in headless Chromium three times — a screenshot (the charts drawn, the
# page not blank) and two DOM dumps after the page's script ran (the file table filtered and
# sorted through the address's fragment). scripts/report-browser-check.py judges them and
# prints one "ok: ..." or "FAIL: ..." line per check.
#
# Installs what it needs when missing: Debian's chromium (apt-get, as root) and Pillow in
# target/report-browser-venv. Set MAMORI_BIN to test a built binary instead of building one.
#
#   bash scripts/report-browser-test.sh [OUT_DIR]   (OUT_DIR keeps the page, screenshot, DOMs)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
venv=target/report-browser-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import PIL' 2>/dev/null || "$venv/bin/pip" install -q pillow

bin=${MAMORI_BIN:-}
if [ -z "$bin" ]; then
  cargo build -q -p mamori-cli
  bin=target/debug/mamori
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${1:-$work}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# Exit status 1 means findings: expected here.
rc=0
"$bin" scan samples --format json --no-progress >"$out/samples.json" 2>"$out/scan.err" || rc=$?
if [ "$rc" -gt 1 ]; then echo "FAIL: mamori scan samples exited $rc"; cat "$out/scan.err"; exit 1; fi
"$bin" report "$out/samples.json" --html "$out/report.html"

# chrome ARGS...: one headless Chromium run with a fresh profile; no network, bounded time.
chrome() {
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run \
    --user-data-dir="$(mktemp -d -p "$work")" "$@" 2>/dev/null
}
page="file://$out/report.html"
chrome --screenshot="$out/report.png" --window-size=1280,2000 "$page" >/dev/null
chrome --dump-dom "$page" >"$out/dom.html"
chrome --dump-dom "$page#q=xlsx" >"$out/dom-filtered.html"
chrome --dump-dom "$page#sort=path&dir=asc" >"$out/dom-sorted.html"

"$venv/bin/python" scripts/report-browser-check.py "$out"
