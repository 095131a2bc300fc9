#!/usr/bin/env python3
"""mamori against the extraction route a Python user would take, in one run, on the same files.

    cargo build --release -p mamori-cli
    target/bench-venv/bin/python benches/compare_python.py [--docs target/bench-docs] [--runs 3]

Python route, per format (text extraction only: no detection of anything afterwards):

- docx: python-docx, `Document(f)`, the text of every paragraph, then of every cell of every
  table (headers, footers, comments and text boxes are not read, which mamori does);
- xlsx: openpyxl, `load_workbook(f, read_only=True, data_only=True)`, every cell of every
  sheet through `iter_rows(values_only=True)`, values turned into `str`, cells joined by tabs;
- pdf:  `pdftotext -enc UTF-8 FILE -` (poppler-utils) in a subprocess, its stdout read back;
- csv:  bytes decoded (UTF-8, else CP932) and parsed with the `csv` module;
- zip:  `zipfile`, every member read into memory and sent down the route of its extension
  (PDF members piped into `pdftotext - -`), nested zips recursively.

mamori route: `mamori scan --format jsonl FILE > /dev/null`, the CLI as a user runs it: process
start, format sniffing, extraction, detection of every kind and JSONL output of every finding.

Each route is timed `--runs` times (wall clock) and the best run is kept. The table gives the
input size, the size of the text the Python route extracted, both times, both throughputs over
the input bytes and the ratio python time / mamori time.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

try:
    import docx
    import openpyxl
except ImportError as e:  # pragma: no cover
    sys.exit(
        f"compare_python.py: {e}. It needs python-docx and openpyxl:\n"
        "    target/bench-venv/bin/pip install python-docx openpyxl reportlab"
    )

ROOT = Path(__file__).resolve().parent.parent
FILES = [("docx", "report.docx"), ("xlsx", "customers.xlsx"), ("pdf", "ledger.pdf"), ("zip", "mixed.zip")]
PDFTOTEXT = shutil.which("pdftotext")


def docx_text(src) -> str:
    d = docx.Document(src)
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts.append("\t".join(c.text for c in row.cells))
    return "\n".join(parts)


def xlsx_text(src) -> str:
    wb = openpyxl.load_workbook(src, read_only=True, data_only=True)
    lines = []
    for ws in wb.worksheets:
        lines.append(ws.title)
        for row in ws.iter_rows(values_only=True):
            lines.append("\t".join("" if v is None else str(v) for v in row))
    wb.close()
    return "\n".join(lines)


def pdf_text(path: str | None = None, data: bytes | None = None) -> str:
    if PDFTOTEXT is None:
        raise RuntimeError("pdftotext is not installed")
    args = [PDFTOTEXT, "-enc", "UTF-8", path if path is not None else "-", "-"]
    out = subprocess.run(args, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
    return out.stdout.decode("utf-8")


def csv_text(data: bytes) -> str:
    try:
        s = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        s = data.decode("cp932")
    return "\n".join("\t".join(r) for r in csv.reader(io.StringIO(s)))


def member_text(name: str, data: bytes) -> str:
    ext = name.rsplit(".", 1)[-1].lower()
    if ext == "docx":
        return docx_text(io.BytesIO(data))
    if ext == "xlsx":
        return xlsx_text(io.BytesIO(data))
    if ext == "pdf":
        return pdf_text(data=data)
    if ext == "csv":
        return csv_text(data)
    if ext == "zip":
        return zip_text(io.BytesIO(data))
    return data.decode("utf-8", "replace")


def zip_text(src) -> str:
    parts = []
    with zipfile.ZipFile(src) as z:
        for info in z.infolist():
            if not info.is_dir():
                parts.append(member_text(info.filename, z.read(info)))
    return "\n".join(parts)


def python_route(fmt: str, path: Path) -> str:
    if fmt == "docx":
        return docx_text(str(path))
    if fmt == "xlsx":
        return xlsx_text(str(path))
    if fmt == "pdf":
        return pdf_text(path=str(path))
    return zip_text(str(path))


def mamori_route(exe: Path, path: Path) -> None:
    with open(os.devnull, "wb") as null:
        rc = subprocess.run([str(exe), "scan", "--format", "jsonl", str(path)], stdout=null).returncode
    if rc not in (0, 1):
        raise RuntimeError(f"mamori exited with {rc} on {path}")


def best_of(runs: int, fn) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", default=str(ROOT / "target" / "bench-docs"))
    ap.add_argument("--runs", type=int, default=3, help="runs per route, best kept (default 3)")
    ap.add_argument("--mamori", default=str(ROOT / "target" / "release" / "mamori"))
    ap.add_argument("--only", action="append", choices=[f for f, _ in FILES], help="formats to run")
    a = ap.parse_args()
    docs, exe = Path(a.docs), Path(a.mamori)
    if not exe.exists():
        sys.exit(f"{exe} not found: cargo build --release -p mamori-cli")
    missing = [f for _, f in FILES if not (docs / f).exists()]
    if missing:
        sys.exit(f"missing in {docs}: {', '.join(missing)}; run benches/make_docs.py {docs}")

    pdf_ok = PDFTOTEXT is not None
    if pdf_ok:
        # Without poppler-data, pdftotext prints nothing for the non-embedded Japanese CID
        # fonts of these PDFs: timing it would compare against a route that extracts nothing.
        probe = pdf_text(path=str(docs / "ledger.pdf"))
        if "顧客対応記録" not in probe:
            pdf_ok = False
            print("pdftotext extracts no Japanese from ledger.pdf (poppler-data missing? "
                  "apt-get install poppler-data): pdf and zip rows skipped", file=sys.stderr)
    else:
        print("pdftotext not found (apt-get install poppler-utils poppler-data): "
              "pdf and zip rows skipped", file=sys.stderr)

    print(f"python {sys.version.split()[0]}, python-docx {getattr(docx, '__version__', '?')}, "
          f"openpyxl {openpyxl.__version__}, "
          f"{subprocess.run([PDFTOTEXT, '-v'], capture_output=True, text=True).stderr.splitlines()[0] if PDFTOTEXT else 'no pdftotext'}, "
          f"mamori {exe}; best of {a.runs} runs, wall clock")
    head = (f"{'format':<6} {'input MB':>9} {'py text MB':>10} {'python s':>9} {'mamori s':>9} "
            f"{'py MB/s':>8} {'mamori MB/s':>11} {'ratio':>7}")
    print(head)
    print("-" * len(head))
    for fmt, name in FILES:
        if a.only and fmt not in a.only:
            continue
        path = docs / name
        mb = path.stat().st_size / 1e6
        if fmt in ("pdf", "zip") and not pdf_ok:
            print(f"{fmt:<6} {mb:>9.2f}  skipped: no working pdftotext")
            continue
        py_s, text = best_of(a.runs, lambda: python_route(fmt, path))
        mm_s, _ = best_of(a.runs, lambda: mamori_route(exe, path))
        text_mb = len(text.encode("utf-8")) / 1e6
        print(f"{fmt:<6} {mb:>9.2f} {text_mb:>10.2f} {py_s:>9.3f} {mm_s:>9.3f} "
              f"{mb / py_s:>8.2f} {mb / mm_s:>11.2f} {py_s / mm_s:>6.1f}x", flush=True)
    print("ratio = python s / mamori s (higher: mamori faster). The Python route only extracts "
          "text; mamori also detects and writes every finding as JSONL.")


if __name__ == "__main__":
    main()
