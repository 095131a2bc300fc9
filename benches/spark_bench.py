"""Throughput of ``mamori.spark`` next to the CLI on the same trees (a benchmark, not a test).

    target/py-venv/bin/python benches/spark_bench.py [--generated-mb 200] [--repeat 2]

Needs the ``mamori`` package and pyspark in the Python that runs it (``bindings-python/
test.sh`` and ``scripts/spark-setup.sh`` install both into ``target/py-venv``) and the
release CLI (``cargo build --release -p mamori-cli``). Measures, for ``corpora/`` and a
generated tree (copies of ``corpora/text`` and ``corpora/documents`` under distinct names,
about ``--generated-mb`` MB): files/s and MB/s of ``scan_files(...).write.parquet`` with
``local[1]`` and ``local[2]`` (each in its own JVM; session start-up timed apart), and of
``mamori scan --format jsonl -j 1`` / ``-j 2``. Prints one table; the best of ``--repeat``
runs is kept. The file cache is warm (every tree is read once before timing).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def tree_stats(root: Path) -> tuple[int, int]:
    files = size = 0
    for dirpath, _, names in os.walk(root):
        for n in names:
            files += 1
            size += os.path.getsize(os.path.join(dirpath, n))
    return files, size


def generate(dest: Path, megabytes: int) -> Path:
    sources = [p for d in ("text", "documents") for p in sorted((ROOT / "corpora" / d).rglob("*"))]
    sources = [p for p in sources if p.is_file()]
    total, i = 0, 0
    while total < megabytes << 20:
        src = sources[i % len(sources)]
        sub = dest / f"d{i // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        target = sub / f"{i:06d}_{src.name}"
        shutil.copyfile(src, target)
        total += target.stat().st_size
        i += 1
    return dest


def run_spark(master: str, root: str, out: str) -> dict[str, float]:
    """One measurement in this process (called in a child per master)."""
    t0 = time.perf_counter()
    from pyspark.sql import SparkSession

    from mamori.spark import scan_files

    spark = (
        SparkSession.builder.master(master)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    spark.range(1).collect()  # JVM and a first Python worker up
    startup = time.perf_counter() - t0
    t1 = time.perf_counter()
    scan_files(spark, root).write.mode("overwrite").parquet(out)
    elapsed = time.perf_counter() - t1
    spark.stop()
    return {"startup_s": startup, "scan_s": elapsed}


def time_cli(cli: Path, root: Path, jobs: int) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        [str(cli), "scan", "--format", "jsonl", "--no-progress", "-j", str(jobs), str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--generated-mb", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--child", nargs=3, metavar=("MASTER", "ROOT", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(run_spark(*args.child)))
        return 0

    cli = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release" / "mamori"
    if not cli.is_file():
        print(f"build the CLI first: cargo build --release -p mamori-cli ({cli})", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        trees = {
            "corpora/": ROOT / "corpora",
            f"generated ({args.generated_mb} MB)": generate(Path(tmp) / "gen", args.generated_mb),
        }
        print(f"{'tree':<22} {'runner':<14} {'files':>7} {'MB':>8} {'s':>7} {'files/s':>9} {'MB/s':>7}  start-up")
        for label, root in trees.items():
            files, size = tree_stats(root)
            time_cli(cli, root, 2)  # warm the file cache
            mb = size / 1e6
            for jobs in (1, 2):
                s = min(time_cli(cli, root, jobs) for _ in range(args.repeat))
                print(f"{label:<22} {'cli -j ' + str(jobs):<14} {files:>7} {mb:>8.1f} {s:>7.2f} {files / s:>9.0f} {mb / s:>7.1f}")
            for master in ("local[1]", "local[2]"):
                best: dict[str, float] | None = None
                for _ in range(args.repeat):
                    run = subprocess.run(
                        [sys.executable, __file__, "--child", master, str(root), str(Path(tmp) / "out.parquet")],
                        capture_output=True,
                        text=True,
                        check=True,
                    )
                    m = json.loads(run.stdout.strip().splitlines()[-1])
                    if best is None or m["scan_s"] < best["scan_s"]:
                        best = m
                assert best is not None
                s = best["scan_s"]
                print(
                    f"{label:<22} {'spark ' + master:<14} {files:>7} {mb:>8.1f} {s:>7.2f} "
                    f"{files / s:>9.0f} {mb / s:>7.1f}  {best['startup_s']:.1f}s"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
