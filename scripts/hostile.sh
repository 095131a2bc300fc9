#!/usr/bin/env bash
# Hostile inputs (core/tests/hostile.rs) under a memory cap and a timeout: every case must end
# as a typed `unscannable` entry (or be read in full) without the process growing past the cap.
#
# The cap is on address space (`prlimit --as`), so it counts reserved as well as touched
# memory: the whole binary with two test threads passes at 192 MB and aborts at 160 MB (peak
# RSS about 75 MB; the largest part is the inputs the tests write in memory). 512 MB leaves
# room for another allocator or machine, and a reader that held a hostile input's expansion
# (gigabytes) still aborts.
set -euo pipefail
cd "$(dirname "$0")/.."
cap_bytes=${HOSTILE_MEMORY_CAP:-536870912}
limit_secs=${HOSTILE_TIMEOUT:-300}

# Build the test binary (errors shown), then find it (cargo prints its path on stderr).
cargo test -p mamori --test hostile --no-run
bin=$(cargo test -p mamori --test hostile --no-run 2>&1 | sed -n 's/.*Executable tests\/hostile.rs (\(.*\))/\1/p' | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
  echo "hostile.sh: test binary not found" >&2
  exit 1
fi
echo "hostile inputs: $bin, address space cap $cap_bytes bytes, timeout ${limit_secs}s"
timeout "$limit_secs" prlimit --as="$cap_bytes" "$bin" --test-threads=2
