#!/usr/bin/env python3
"""Inventory of the files on a file server that hold personal information.

Walks a directory tree, scans every file with a thread pool (mamori releases the GIL, so
the threads use all cores) and writes a CSV with one row per file that holds personal
information or a confidential keyword: verdict, people exposed, counts per kind, reasons.
Files that cannot be read get a row with the error. Shows a progress bar when tqdm is
installed.

    python scan_file_server.py /srv/share -o inventory.csv
    python scan_file_server.py /srv/share -o inventory.csv --keywords keywords.txt -j 8

The CSV is written as UTF-8 with a byte-order mark so that Excel opens Japanese paths
correctly. Values are never written, only counts (findings are masked anyway).
"""

from __future__ import annotations

import argparse
import csv
import fnmatch
import importlib
import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any

import mamori

PERSONAL_KINDS = [k for k in mamori.KINDS if k not in ("keyword", "custom", "corporate_number")]
COLUMNS = (
    ["path", "size", "verdict", "persons", "personal_items", "distinct_personal_items"]
    + PERSONAL_KINDS
    + ["corporate_number", "keyword", "reasons", "error"]
)


def walk(root: str, exclude: list[str], max_size: int) -> Iterator[tuple[str, int]]:
    """Regular files under root (symlinks not followed), with their sizes."""
    for dirpath, dirnames, filenames in os.walk(root, onerror=lambda e: print(e, file=sys.stderr)):
        dirnames[:] = sorted(d for d in dirnames if not any(fnmatch.fnmatch(d, g) for g in exclude))
        for name in sorted(filenames):
            if any(fnmatch.fnmatch(name, g) for g in exclude):
                continue
            path = os.path.join(dirpath, name)
            try:
                st = os.stat(path, follow_symlinks=False)
            except OSError as e:
                print(f"{path}: {e}", file=sys.stderr)
                continue
            if os.path.isfile(path) and not os.path.islink(path) and st.st_size <= max_size:
                yield path, st.st_size


class Progress:
    """tqdm when installed; else a one-line counter on a terminal; else nothing."""

    def __init__(self, total: int, disable: bool) -> None:
        self.total, self.done, self.bar = total, 0, None
        self.show = not disable and sys.stderr.isatty()
        if disable:
            return
        try:
            tqdm: Any = importlib.import_module("tqdm")
        except ImportError:
            return
        self.bar = tqdm.tqdm(total=total, unit="file", dynamic_ncols=True)

    def update(self, nbytes: int) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
        elif self.show and (self.done % 50 == 0 or self.done == self.total):
            print(f"\r{self.done}/{self.total} files", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        elif self.show:
            print(file=sys.stderr)


def row_for(path: str, size: int, report: mamori.Report) -> dict[str, Any]:
    row: dict[str, Any] = {c: "" for c in COLUMNS}
    counts = report.counts
    row.update(
        path=path,
        size=size,
        verdict=report.verdict.action,
        persons=report.persons,
        personal_items=report.personal_items,
        distinct_personal_items=report.distinct_personal_items,
        reasons="; ".join(report.verdict.reasons),
    )
    for kind in PERSONAL_KINDS + ["corporate_number", "keyword"]:
        row[kind] = counts.get(kind, 0)
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("root", help="directory to scan")
    ap.add_argument("-o", "--output", default="-", help="CSV file (default: standard output)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2, help="threads")
    ap.add_argument("--keywords", help="file with one confidential keyword per line")
    ap.add_argument("--min-confidence", default="medium", choices=["low", "medium", "high"],
                    help="ignore findings below this confidence (default: medium)")
    ap.add_argument("--all", action="store_true", help="list every file, not only hits")
    ap.add_argument("--exclude", action="append", default=[".git", "*.iso", "*.vmdk"],
                    metavar="GLOB", help="skip files and directories matching GLOB")
    ap.add_argument("--max-size-mb", type=float, default=512.0, help="skip larger files")
    ap.add_argument("--no-progress", action="store_true")
    args = ap.parse_args(argv)

    keywords: list[str] = []
    if args.keywords:
        with open(args.keywords, encoding="utf-8") as fh:
            keywords = [w.strip() for w in fh if w.strip() and not w.startswith("#")]
    scanner = mamori.Scanner(keywords=keywords, min_confidence=args.min_confidence)

    files = list(walk(args.root, args.exclude, int(args.max_size_mb * 2**20)))
    out = sys.stdout if args.output == "-" else open(args.output, "w", newline="", encoding="utf-8-sig")
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()

    progress = Progress(len(files), args.no_progress)
    started = time.perf_counter()
    scanned_bytes = hits = errors = 0
    try:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            # Keep a bounded number of files in flight: millions of files, little memory.
            pending: dict[Future[mamori.Report], tuple[str, int]] = {}
            queue = iter(files)
            while True:
                while len(pending) < 4 * max(1, args.jobs):
                    item = next(queue, None)
                    if item is None:
                        break
                    pending[pool.submit(scanner.scan_file, item[0])] = item
                if not pending:
                    break
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    path, size = pending.pop(fut)
                    progress.update(size)
                    try:
                        report = fut.result()
                    except OSError as e:
                        errors += 1
                        writer.writerow({**{c: "" for c in COLUMNS}, "path": path, "size": size,
                                         "error": e.strerror or str(e)})
                        continue
                    scanned_bytes += report.bytes_scanned
                    flagged = report.personal_items > 0 or report.verdict.action != "allow"
                    hits += flagged
                    if flagged or args.all:
                        writer.writerow(row_for(path, size, report))
    finally:
        progress.close()
        if out is not sys.stdout:
            out.close()
    seconds = time.perf_counter() - started
    print(
        f"{len(files)} files, {scanned_bytes / 1e6:.1f} MB in {seconds:.1f}s "
        f"({scanned_bytes / 1e6 / max(seconds, 1e-9):.0f} MB/s): "
        f"{hits} with personal information or keywords, {errors} unreadable",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
