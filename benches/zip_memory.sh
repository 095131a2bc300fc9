#!/usr/bin/env bash
# Peak memory of scanning a ~200 MB zip of mixed documents (benches/make_docs.py --big-zip).
#
#   bash benches/zip_memory.sh [BIG.zip]        # default target/bench-docs/big.zip
#
# 1. The CLI as a user runs it, default settings:
#      /usr/bin/time -v target/release/mamori scan --format jsonl BIG.zip > /dev/null
#    "Maximum resident set size" is the peak RSS of the whole process. The default
#    max_total_bytes (1 GiB expanded per input) stops this input part way: every byte
#    decompressed counts, the XML inside each docx/xlsx included, so the summary printed
#    after it says how much was read and what was reported unscannable.
#    Then the same with `max_findings = 1000` in a mamori.toml: the report keeps (and the
#    output prints) at most that many findings per file instead of 100,000, which shows how
#    much of the peak is findings held for output rather than extraction.
# 2. The whole archive: the documents bench binary in its memory-probe mode
#    (MAMORI_BENCH_ZIP_MEMORY=BIG.zip), `Scanner::scan_path` with max_total_bytes and
#    max_time raised so that every member is read, under /usr/bin/time -v as well; with the
#    default max_findings and with MAMORI_BENCH_MAX_FINDINGS=1000.
#
# Needs target/release/mamori (cargo build --release -p mamori-cli); builds the bench binary.
# MAMORI_CLI overrides the CLI path, CARGO_TARGET_DIR is honoured.
set -euo pipefail
cd "$(dirname "$0")/.."
BIG=${1:-target/bench-docs/big.zip}
TARGET=${CARGO_TARGET_DIR:-target}
CLI=${MAMORI_CLI:-$TARGET/release/mamori}
[ -f "$BIG" ] || { echo "no $BIG: run benches/make_docs.py --big-zip" >&2; exit 1; }
[ -x "$CLI" ] || { echo "no $CLI: cargo build --release -p mamori-cli" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing (apt-get install time)" >&2; exit 1; }

mb=$(( $(stat -c %s "$BIG") / 1000000 ))
rss() { awk -F': ' '/Maximum resident set size/ {printf "%d KiB (%.1f MiB)", $2, $2/1024}' "$1"; }
wall() { awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$1"; }
log=$(mktemp)

echo "== $BIG ($mb MB)"
conf=$(mktemp --suffix=.toml)
trap 'rm -f "$log" "$conf"' EXIT
printf 'max_findings = 1000\n' > "$conf"

cli() { # label, extra args...
  local label=$1 rc=0
  shift
  /usr/bin/time -v "$CLI" scan "$@" --format jsonl "$BIG" > /dev/null 2> "$log" || rc=$?
  [ "$rc" -le 1 ] || { cat "$log" >&2; exit "$rc"; }
  echo "$label: peak RSS $(rss "$log"), wall $(wall "$log"), exit $rc"
}
echo "== 1. $CLI scan --format jsonl BIG.zip (default limits)"
cli "default settings"
cli "max_findings = 1000" --config "$conf"
# What was read: bytes scanned and the unscannable entries (the summary output).
"$CLI" scan --summary "$BIG" 2>&1 | grep -v '^VERDICT' | cut -c1-200 || true

echo "== 2. whole archive: scan_path with max_total_bytes/max_time raised (bench binary)"
exe=$(cargo bench -p mamori-benches --bench documents --no-run --message-format=json 2>/dev/null |
  sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)
[ -x "$exe" ] || { echo "could not build the documents bench" >&2; exit 1; }
for mf in "" 1000; do
  MAMORI_BENCH_MAX_FINDINGS=$mf MAMORI_BENCH_ZIP_MEMORY="$BIG" /usr/bin/time -v "$exe" 2> "$log"
  echo "max_findings ${mf:-default}: peak RSS $(rss "$log"), wall $(wall "$log")"
done
