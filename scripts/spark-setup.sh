#!/usr/bin/env bash
# Installs what `mamori.spark` and its tests need: a Java 17 runtime (Debian's
# openjdk-17-jre-headless, only when `java` is missing) and pyspark, pyarrow and pandas from
# PyPI into the test virtualenv (target/py-venv, or $MAMORI_VENV).
#
#   bash scripts/spark-setup.sh
#
# Run as root (or with sudo available) on a machine without Java; idempotent.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
venv="${MAMORI_VENV:-$target/py-venv}"
python="${PYTHON:-python3}"

if ! command -v java >/dev/null 2>&1; then
  echo "== installing Java 17 (openjdk-17-jre-headless)"
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -q
  # The JRE's post-install script needs this man directory on slim images.
  $sudo mkdir -p /usr/share/man/man1
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends \
    openjdk-17-jre-headless
fi
java -version 2>&1 | head -1

if [ ! -x "$venv/bin/python" ]; then
  echo "== creating virtualenv $venv"
  "$python" -m venv "$venv"
fi
echo "== installing pyspark, pyarrow and pandas into $venv"
PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/python" -m pip install -q \
  "pyspark>=3.5,<4.1" "pyarrow>=14" "pandas>=2"
"$venv/bin/python" -c 'import pyspark; print("pyspark", pyspark.__version__)'
