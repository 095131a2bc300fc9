#!/usr/bin/env bash
# Runs every test of the project, one line per suite:
#
#   fmt       formatting (cargo fmt --check)
#   clippy    lints, warnings denied (clippy's incompatible_msrv lint included)
#   msrv      the minimum Rust version: lock file and docs (scripts/check-msrv.sh)
#   rust      unit, integration, property and doc tests of the workspace
#   hostile   hostile inputs under a memory cap and a timeout (scripts/hostile.sh)
#   browser   the inventory report rendered in headless Chromium (scripts/report-browser-test.sh)
#   gateway   mamori-milter in front of a private Postfix on loopback (scripts/gateway-e2e.sh)
#   icap      mamori-icap behind a private Squid on loopback (scripts/icap-e2e.sh)
#   python    the Python package built, installed into target/py-venv and tested
#   node      the Node package built, tested, packed and installed from its tarball
#   fuzz      with --fuzz SECS: every fuzz target for SECS seconds (first, when asked)
#
# Each suite's full output (compiler lines included) goes to target/test-logs/<suite>.log.
# The last line sums every suite, "tests: N passed, M failed, K skipped" (CI reads it);
# the exit status is non-zero when anything failed.
#
#   bash scripts/test-all.sh [--fuzz SECS]
set -uo pipefail
cd "$(dirname "$0")/.."

fuzz_secs=""
while [ $# -gt 0 ]; do
  case "$1" in
    --fuzz) fuzz_secs="${2:?--fuzz needs a number of seconds}"; shift 2 ;;
    *) echo "usage: bash scripts/test-all.sh [--fuzz SECS]" >&2; exit 2 ;;
  esac
done

export CARGO_TERM_COLOR=never
logs=target/test-logs
mkdir -p "$logs"
total_passed=0 total_failed=0 total_skipped=0 any_failed=0
started=$SECONDS

# count LOG LINES WORD: the sum of the numbers before WORD on the lines of LOG matching LINES.
count() { grep -E "$2" "$1" | grep -oE "[0-9]+ $3" | grep -oE '^[0-9]+' | awk '{s += $1} END {print s + 0}'; }
# after LOG PREFIX: the sum of the numbers that end the lines of LOG starting with PREFIX.
after() { grep -E "^$2 [0-9]+\$" "$1" | grep -oE '[0-9]+$' | awk '{s += $1} END {print s + 0}'; }

# Counts of a suite from its exit status and log: "passed failed skipped".
counts_fmt() { if [ "$1" = 0 ]; then echo "1 0 0"; else echo "0 1 0"; fi; }
counts_clippy() { counts_fmt "$@"; }
# scripts/check-msrv.sh: one "ok: ..." or "FAIL: ..." line per check.
counts_msrv() { echo "$(grep -c '^ok: ' "$2") $(grep -c '^FAIL: ' "$2") 0"; }
# libtest's "test result: ok. 20 passed; 0 failed; 1 ignored; ..." of every test binary.
counts_rust() {
  local r='^test result: '
  echo "$(count "$2" "$r" passed) $(count "$2" "$r" failed) $(count "$2" "$r" ignored)"
}
counts_hostile() { counts_rust "$@"; }
# scripts/report-browser-test.sh: one "ok: ..." or "FAIL: ..." line per check.
counts_browser() { counts_msrv "$@"; }
# scripts/gateway-e2e.sh: "gateway-e2e: N passed, M failed".
counts_gateway() { echo "$(count "$2" '^gateway-e2e: ' passed) $(count "$2" '^gateway-e2e: ' failed) 0"; }
# scripts/icap-e2e.sh: "icap-e2e: N passed, M failed".
counts_icap() { echo "$(count "$2" '^icap-e2e: ' passed) $(count "$2" '^icap-e2e: ' failed) 0"; }
counts_python() {
  # pytest's last line: "N passed, M failed, K skipped in 3.2s" (any of them may be absent).
  local last; last=$(grep -E '[0-9]+ (passed|failed|error)' "$2" | tail -n 1)
  local p f e s
  p=$(echo "$last" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+'); f=$(echo "$last" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
  e=$(echo "$last" | grep -oE '[0-9]+ errors?' | grep -oE '[0-9]+'); s=$(echo "$last" | grep -oE '[0-9]+ skipped' | grep -oE '[0-9]+')
  echo "${p:-0} $(( ${f:-0} + ${e:-0} )) ${s:-0}"
}
# node --test's summary: "# pass N", "# fail M", "# skipped K", "# todo T".
counts_node() {
  echo "$(after "$2" '# pass') $(after "$2" '# fail') $(( $(after "$2" '# skipped') + $(after "$2" '# todo') ))"
}
# scripts/fuzz-smoke.sh: one line per target, "<target> ... <N> crashes" (or "build failed").
counts_fuzz() {
  echo "$(grep -cE ' 0 crashes$' "$2") $(grep -cE ' [1-9][0-9]* crash(es)?$| build failed$' "$2") 0"
}

# suite NAME COMMAND...: runs COMMAND with its output in the suite's log, then finishes the
# suite's line with its counts and time. A command that fails without a failed test counted
# (a build error) counts as one failure.
suite() {
  local name=$1; shift
  local log="$logs/$name.log" t0=$SECONDS rc
  printf '%-7s ' "$name"
  "$@" >"$log" 2>&1
  rc=$?
  read -r p f s < <("counts_$name" "$rc" "$log")
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  if [ "$f" != 0 ]; then any_failed=1; fi
  local verdict=ok
  if [ "$f" != 0 ]; then verdict=FAILED; fi
  printf '%-6s %5d passed, %d failed, %d skipped  %4ds  %s\n' "$verdict" "$p" "$f" "$s" $((SECONDS - t0)) "$log"
  total_passed=$((total_passed + p)) total_failed=$((total_failed + f)) total_skipped=$((total_skipped + s))
}

# skip NAME WHY: a suite that cannot run here.
skip() {
  printf '%-7s %-6s %5d passed, %d failed, %d skipped  %s\n' "$1" skipped 0 0 1 "($2)"
  total_skipped=$((total_skipped + 1))
}

if [ -n "$fuzz_secs" ]; then
  # Its own lines: one per target (the libFuzzer output is in target/test-logs/fuzz-*.log).
  suite fuzz bash scripts/fuzz-smoke.sh "$fuzz_secs"
  grep -E ' crash(es)?$| build failed$' "$logs/fuzz.log" | sed 's/^/        /' || true
fi
suite fmt cargo fmt --all -- --check
suite clippy cargo clippy --workspace --all-targets -- -D warnings
suite msrv bash scripts/check-msrv.sh
suite rust cargo test --workspace --no-fail-fast
suite hostile bash scripts/hostile.sh
suite browser bash scripts/report-browser-test.sh
suite gateway bash scripts/gateway-e2e.sh
suite icap bash scripts/icap-e2e.sh
if [ -f bindings-python/test.sh ] && command -v python3 >/dev/null; then
  suite python bash bindings-python/test.sh
else
  skip python "no python3"
fi
if [ -f bindings-node/test.sh ] && command -v node >/dev/null && command -v npm >/dev/null; then
  suite node bash bindings-node/test.sh
else
  skip node "no node/npm"
fi

echo "all suites in $((SECONDS - started))s; logs in $logs/"
echo "tests: ${total_passed} passed, ${total_failed} failed, ${total_skipped} skipped"
exit "$any_failed"
