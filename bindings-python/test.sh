#!/usr/bin/env bash
# Builds and installs the `mamori` Python package into a virtualenv, then runs its tests.
#
#   bash bindings-python/test.sh [pytest args...]
#
# Works on a fresh machine with python3 (>= 3.11, with the venv module) and cargo: it
# creates target/py-venv (or uses $MAMORI_VENV, or an existing one), installs maturin,
# pytest and mypy from PyPI, installs the package with `pip install ./bindings-python`
# (maturin builds the abi3 wheel; crates come from crates.io), builds the Rust reference
# tool the tests compare against, and runs pytest. Exits non-zero on any failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"
export CARGO_TERM_COLOR=never
target="${CARGO_TARGET_DIR:-$root/target}"
venv="${MAMORI_VENV:-$target/py-venv}"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
  echo "== creating virtualenv $venv"
  "$python" -m venv "$venv"
fi
# maturin's build backend runs the `maturin` executable: put the venv first on PATH.
export PATH="$venv/bin:$PATH"
export PIP_DISABLE_PIP_VERSION_CHECK=1

echo "== installing build and test tools"
python -m pip install -q "maturin>=1.9.4,<2" "pytest>=7" "mypy>=1.10" typing_extensions

echo "== installing Java 17 and pyspark (mamori.spark tests)"
MAMORI_VENV="$venv" bash "$root/scripts/spark-setup.sh"

echo "== building and installing the mamori package (release, abi3 wheel)"
python -m pip install -q --no-build-isolation --force-reinstall --no-deps "$here"

echo "== building the Rust reference tool (examples/core_report.rs)"
cargo build --release -q -p mamori-python --no-default-features --example core_report
export MAMORI_CORE_REPORT="$target/release/examples/core_report"

echo "== building the CLI (the mamori.spark tests compare with it)"
cargo build --release -q -p mamori-cli

echo "== running pytest"
# Run from a neutral directory so `import mamori` resolves to the installed package.
cd "$here/tests"
python -m pytest -q -p no:cacheprovider "$@" .
