"""mamori.spark on a real local Spark (pyspark from PyPI, ``local[2]``).

Needs Java 17 and pyspark: ``bash scripts/spark-setup.sh`` installs both. Without them
these tests fail (never skip) with a message saying so.
"""

from __future__ import annotations

import hmac
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from hashlib import sha256
from pathlib import Path

import pytest

import mamori
from mamori.spark import balance_by_bytes, list_files, scan_files

from conftest import ROOT, _target_dir

CORPORA = ROOT / "corpora"
KEY = b"spark-test-value-key"
SETUP = "run `bash scripts/spark-setup.sh` (installs Java 17 and pyspark into the test venv)"
# The large-file test: a worker whose address space (about 370 MB with pyarrow loaded) plus
# the file exceeds its limit cannot read the file whole, yet scans it by path.
LARGE_MB = 300
WORKER_MEMORY = "512m"


def _need_spark() -> None:
    if shutil.which("java") is None:
        pytest.fail(f"java not found: {SETUP}")
    try:
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as e:
        pytest.fail(f"{e}: {SETUP}")


def _session(**conf: str):
    _need_spark()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        active.stop()
    builder = (
        SparkSession.builder.master("local[2]")
        .appName("mamori-spark-tests")
        .config("spark.driver.memory", "512m")
        .config("spark.executor.memory", "512m")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
    )
    for k, v in conf.items():
        builder = builder.config(k, v)
    return builder.getOrCreate()


@pytest.fixture
def spark():
    session = _session()
    yield session
    session.stop()


@pytest.fixture
def limited_spark():
    # Caps each Python worker's address space (RLIMIT_AS): the large file must stream.
    session = _session(**{"spark.executor.pyspark.memory": WORKER_MEMORY})
    yield session
    session.stop()


@pytest.fixture(scope="module")
def cli() -> Path:
    """The release CLI (``target/release/mamori``), built when missing."""
    path = _target_dir() / "release" / "mamori"
    if not path.is_file():
        subprocess.run(
            ["cargo", "build", "--release", "-q", "-p", "mamori-cli"],
            cwd=ROOT,
            check=True,
        )
    return path


def _cli_jsonl(cli: Path, root: Path) -> list[dict]:
    env = {**os.environ, "MAMORI_VALUE_KEY": KEY.decode()}
    run = subprocess.run(
        [str(cli), "scan", "--format", "jsonl", "--no-progress", str(root)],
        capture_output=True,
        env=env,
        text=True,
    )
    assert run.returncode in (0, 1), run.stderr
    return [json.loads(line) for line in run.stdout.splitlines() if line.strip()]


# ---------------------------------------------------------------------- without Spark


def test_bins_balance_bytes_not_file_count():
    sizes = [10] * 5 + [1000] + [10] * 5
    bins = balance_by_bytes(sizes, 2)
    assert sorted(sorted(sizes[i] for i in b) for b in bins) == [[10] * 10, [1000]]
    sizes = [1000, 500, 500] + [10] * 9
    loads = sorted(sum(sizes[i] for i in b) for b in balance_by_bytes(sizes, 2))
    assert loads == [1040, 1050]  # worked by hand: 1000 | 500+500, then the 10s alternate
    assert sorted(i for b in bins for i in b) == list(range(11))
    assert balance_by_bytes([5, 5], 8) == [[0], [1]]  # no empty partitions
    assert balance_by_bytes([], 3) == []


def test_value_id_is_the_documented_hmac():
    # Recomputed from its definition with Python's hmac, not with the engine: the id of a
    # value is HMAC-SHA256(key, kind, 0, value hash) cut to 16 hex digits, so two writings
    # of one number share it and another key gives another id.
    s = mamori.Scanner(value_key=KEY)
    a = s.scan_text("マイナンバー：6214-9832-0257").findings[0]
    b = s.scan_text("個人番号 ６２１４９８３２０２５７").findings[0]
    assert a.kind == b.kind == "my_number"
    assert a.value_id == b.value_id and len(a.value_id) == 16
    assert mamori.Scanner(value_key=b"other").scan_text("6214-9832-0257").findings[0].value_id != a.value_id
    assert mamori.Scanner().scan_text("6214-9832-0257").findings[0].value_id is None
    fnv = 0xCBF29CE484222325
    for byte in b"my_number\x00621498320257":
        fnv = ((fnv ^ byte) * 0x100000001B3) % (1 << 64)
    mac = hmac.new(KEY, b"my_number\x00" + fnv.to_bytes(8, "big"), sha256).hexdigest()
    assert a.value_id == mac[:16]
    assert "value_key" not in json.dumps(s.config())


# ------------------------------------------------------------------------- with Spark


def test_equals_the_cli_on_corpora(spark, cli):
    """Every file of corpora/ (213 files: text, documents, forms, shapes, ...)."""
    cli_rows = _cli_jsonl(cli, CORPORA)
    expected = Counter(
        (r["path"], r["location"], r["kind"], r["value_id"])
        for r in cli_rows
        if r["type"] == "finding"
    )
    expected_parts = Counter(
        (r["path"], r["location"], r["reason"]) for r in cli_rows if r["type"] == "unscannable"
    )
    assert sum(expected.values()) > 1000, "the CLI found too little to compare"
    assert all(k[2] for k in expected), "the CLI wrote no value_id (MAMORI_VALUE_KEY)"

    result = scan_files(spark, str(CORPORA), value_key=KEY).cache()
    rows = result.collect()
    got = Counter(
        (r["path"], r["location"], r["kind"], r["value_id"]) for r in rows if r["type"] == "finding"
    )
    got_parts = Counter(
        (r["path"], r["location"], r["reason"]) for r in rows if r["type"] == "unscannable"
    )
    assert got == expected
    assert got_parts == expected_parts
    inventory = {r["path"]: r for r in rows if r["type"] == "file"}
    listed = [f[0] for f in list_files([CORPORA])]
    assert sorted(inventory) == listed
    sample = inventory[str(CORPORA / "README.md")]
    assert sample["file_sha256"] == sha256((CORPORA / "README.md").read_bytes()).hexdigest()
    assert sample["file_size"] == (CORPORA / "README.md").stat().st_size
    assert result.columns == list(mamori.spark.RESULT_COLUMNS)
    # The same rows with the values shown, and the value matches the masked form.
    shown = scan_files(spark, str(CORPORA / "text"), show_values=True).where("type = 'finding'")
    assert shown.columns[-1] == "text"
    for r in shown.limit(50).collect():
        assert r["text"] and len(r["text"]) >= 3


def _mkcopy(tmp_path: Path) -> Path:
    tree = tmp_path / "share"
    shutil.copytree(CORPORA / "text", tree / "text")
    shutil.copytree(CORPORA / "documents" / "office", tree / "office")
    return tree


def _spark_cli(*args: str) -> str:
    run = subprocess.run(
        [sys.executable, "-m", "mamori.spark", "scan", *args, "--master", "local[2]"],
        capture_output=True,
        text=True,
        env={**os.environ, "MAMORI_VALUE_KEY": KEY.decode()},
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stdout


def test_cli_incremental_rescans_only_the_changed_file(tmp_path):
    _need_spark()
    import pyarrow.parquet as pq

    tree = _mkcopy(tmp_path)
    first, second = tmp_path / "first.parquet", tmp_path / "second.parquet"
    out1 = _spark_cli(str(tree), "--out", str(first))
    files = len(list_files([tree]))
    assert f"files: {files} (skipped as unchanged since the previous scan: 0)" in out1

    changed = sorted((tree / "text").glob("*.txt"))[3]
    with open(changed, "a", encoding="utf-8") as f:
        f.write("\n追記 携帯：090-1234-5678\n")
    st = changed.stat()
    os.utime(changed, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))

    out2 = _spark_cli(str(tree), "--out", str(second), "--since", str(first))
    assert f"files: {files} (skipped as unchanged since the previous scan: {files - 1})" in out2

    a = pq.read_table(first).to_pylist()
    b = pq.read_table(second).to_pylist()
    when_a = {r["path"]: r["scanned_at"] for r in a if r["type"] == "file"}
    when_b = {r["path"]: r["scanned_at"] for r in b if r["type"] == "file"}
    rescanned = sorted(p for p in when_b if when_b[p] != when_a[p])
    assert rescanned == [str(changed)]

    def key(rows, path=None):
        return Counter(
            (r["location"], r["kind"], r["value_id"], r["start"])
            for r in rows
            if r["type"] == "finding" and (path is None or r["path"] != path)
        )

    assert key(b, str(changed)) == key(a, str(changed))  # carried over unchanged
    new = [r for r in b if r["path"] == str(changed) and r["type"] == "finding"]
    old = [r for r in a if r["path"] == str(changed) and r["type"] == "finding"]
    assert len(new) == len(old) + 1 and any(r["masked"].startswith("090-") for r in new)


def test_large_file_streams_under_the_worker_memory_limit(limited_spark, tmp_path):
    spark = limited_spark
    from pyspark.sql import functions as F

    big = tmp_path / "big.txt"
    line = ("業務連絡　在庫の確認をお願いします。特記事項なし。" * 4 + "\n").encode()
    planted = 0
    with open(big, "wb") as f:
        written = 0
        while written < LARGE_MB << 20:
            block = line * 4096
            f.write(block)
            written += len(block)
            f.write("マイナンバー：6214-9832-0257\n".encode())
            planted += 1
    assert big.stat().st_size >= LARGE_MB << 20

    # Control: the same workers cannot hold the file in memory.
    def read_whole(batches):
        import pyarrow as pa

        for batch in batches:
            n = sum(len(Path(p).read_bytes()) for p in batch.column("path").to_pylist())
            yield pa.RecordBatch.from_pylist([{"n": n}])

    paths = spark.createDataFrame([(str(big),)], "path string")
    with pytest.raises(Exception, match="MemoryError|memory"):
        paths.mapInArrow(read_whole, "n long").collect()

    result = scan_files(spark, [str(big)], value_key=KEY)
    counts = {
        (r["type"], r["kind"]): r["n"]
        for r in result.groupBy("type", "kind").agg(F.count("*").alias("n")).collect()
    }
    assert counts == {("finding", "my_number"): planted, ("file", None): 1}
