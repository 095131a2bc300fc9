#!/usr/bin/env bash
# Hostile inputs under a memory cap and a timeout: every case must end as a typed
# `unscannable` entry (or be read in full) without the process growing past the cap. Runs the
# test binaries that hold hostile cases: core/tests/hostile.rs (PDF and the shared readers),
# archives.rs (7z, xz, bzip2, LZH, zip, tar bombs and lying headers), mail_formats.rs (e-mail,
# mbox and .msg bounds) and legacy_office.rs (.doc, .ppt, OpenDocument and compound-file
# bounds), each whole, each under the same cap.
#
# The cap is on address space (`prlimit --as`), so it counts reserved as well as touched
# memory. Measured with two test threads (debug build): hostile passes at 192 MB and aborts
# at 160 MB (peak RSS about 75 MB, mostly the inputs the tests write in memory); archives
# passes at 256 MB and aborts at 192 MB (peak RSS about 130 MB: the bombs it writes);
# mail_formats and legacy_office pass at 160 MB (peak RSS 25 MB and 60 MB). 512 MB leaves
# room for another allocator or machine, and a reader that held a hostile input's expansion
# (gigabytes) still aborts.
#
# Output: libtest's `test result:` line and one summary line per binary; a failing binary's
# whole output is shown.
set -euo pipefail
cd "$(dirname "$0")/.."
cap_bytes=${HOSTILE_MEMORY_CAP:-536870912}
limit_secs=${HOSTILE_TIMEOUT:-300}
tests=(hostile archives mail_formats legacy_office)

# Build the test binaries (errors shown), then find them (cargo prints their paths on stderr).
args=()
for t in "${tests[@]}"; do args+=(--test "$t"); done
if ! build=$(cargo test -p mamori "${args[@]}" --no-run 2>&1); then
  echo "$build" >&2
  exit 1
fi

failed=0
for t in "${tests[@]}"; do
  bin=$(echo "$build" | sed -n "s/.*Executable tests\/$t.rs (\(.*\))/\1/p" | tail -n 1)
  if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "hostile.sh: $t: test binary not found" >&2
    failed=1
    continue
  fi
  out=$(mktemp)
  start=$(date +%s)
  status=0
  timeout "$limit_secs" prlimit --as="$cap_bytes" "$bin" --test-threads=2 >"$out" 2>&1 || status=$?
  secs=$(( $(date +%s) - start ))
  if [ "$status" -eq 0 ]; then
    grep '^test result:' "$out"
    echo "hostile.sh: $t: passed under $cap_bytes bytes of address space in ${secs}s"
  else
    cat "$out"
    echo "hostile.sh: $t: FAILED (exit $status; 124 is the ${limit_secs}s timeout) under $cap_bytes bytes"
    failed=1
  fi
  rm -f "$out"
done
exit "$failed"
