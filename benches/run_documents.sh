#!/usr/bin/env bash
# Document benchmarks end to end (see benches/README.md):
#
#   bash benches/run_documents.sh [--quick]
#
# 1. a venv in target/bench-venv with python-docx, openpyxl and reportlab (made once);
# 2. the inputs in target/bench-docs (made once; MAMORI_BENCH_DOCS elsewhere), big.zip too;
# 3. cargo build --release -p mamori-cli;
# 4. the criterion bench: cargo bench -p mamori-benches --bench documents
#    (--measurement-time 3 --warm-up-time 1, or 1 and 1 with --quick);
# 5. the Python comparison, benches/compare_python.py (best of 3 runs, 1 with --quick);
# 6. the peak memory on big.zip, benches/zip_memory.sh.
#
# pdftotext comes from poppler-utils, and it needs poppler-data for the Japanese CID fonts:
#   apt-get install poppler-utils poppler-data
set -euo pipefail
cd "$(dirname "$0")/.."
QUICK=0
[ "${1:-}" = "--quick" ] && QUICK=1
VENV=target/bench-venv
DOCS=${MAMORI_BENCH_DOCS:-target/bench-docs}
export MAMORI_BENCH_DOCS=$DOCS
TARGET=${CARGO_TARGET_DIR:-target}

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q python-docx==1.2.0 openpyxl==3.1.5 reportlab==4.4.4
fi
"$VENV/bin/python" benches/make_docs.py "$DOCS" --big-zip

command -v pdftotext > /dev/null ||
  echo "warning: pdftotext not found (apt-get install poppler-utils poppler-data): pdf and zip rows of the comparison are skipped" >&2

cargo build --release -p mamori-cli
if [ "$QUICK" = 1 ]; then m=1 runs=1; else m=3 runs=3; fi

echo "== criterion: cargo bench -p mamori-benches --bench documents"
cargo bench -p mamori-benches --bench documents -- --measurement-time "$m" --warm-up-time 1

echo "== Python route against the mamori CLI"
"$VENV/bin/python" benches/compare_python.py --docs "$DOCS" --runs "$runs" --mamori "$TARGET/release/mamori"

echo "== peak memory on big.zip"
bash benches/zip_memory.sh "$DOCS/big.zip"
