#!/usr/bin/env bash
# End-to-end test of the web gateway against a real Squid: a private Squid (all state in a
# temporary folder, HTTP on a free 127.0.0.1 port) sends every upload (REQMOD) and
# download (RESPMOD) to mamori-icap; scripts/icap_e2e.py serves and receives files on
# loopback, sends the requests with curl through Squid and checks each outcome. Prints
# one line per case and "icap-e2e: N passed, M failed".
#
#   scripts/icap-e2e.sh                  # the cases (release build of mamori-icap)
#   scripts/icap-e2e.sh --bench 2000     # then the load benchmark (benches/icap_load.py)
#
# Installs squid and curl (apt) and openpyxl (pip) when missing. The Debian package may start a
# system-wide Squid; it is stopped again through the package's own init script, and the
# test never uses it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

bench=0
if [ "${1:-}" = "--bench" ]; then bench=${2:-2000}; fi

if ! command -v squid >/dev/null || ! command -v curl >/dev/null; then
  if [ "$(id -u)" != 0 ]; then
    echo "icap-e2e: squid or curl is missing and installing them needs root" >&2
    exit 2
  fi
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q \
    --no-install-recommends squid curl >/dev/null
  # Only the private instance below is used.
  if command -v invoke-rc.d >/dev/null; then invoke-rc.d squid stop >/dev/null 2>&1 || true; fi
fi
if ! python3 -c 'import openpyxl' 2>/dev/null; then
  # A Debian system Python refuses plain pip installs (externally managed); openpyxl is
  # pure Python and goes to the user's site-packages then.
  python3 -m pip install -q openpyxl 2>/dev/null ||
    python3 -m pip install -q --break-system-packages openpyxl
fi

cargo build -q --release -p mamori-icap
exec python3 "$root/scripts/icap_e2e.py" --icap "$root/target/release/mamori-icap" --bench "$bench"
