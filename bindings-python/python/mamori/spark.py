"""Scan file servers at scale with Apache Spark: ``mamori.spark.scan_files``.

The driver lists the files (``os.walk`` over the given roots, or the paths of a DataFrame)
and packs them into partitions of about equal **bytes** (greedy bin packing, largest file
first, into the lightest partition). Each executor reads its files **by path** from the
shared storage and streams them through the core (:meth:`mamori.Scanner.iter_file`, the
same path scan as ``mamori scan``); file contents never travel through Spark. One
:class:`mamori.Scanner` is built per executor Python worker and configuration, and reused
for every partition that worker runs.

The result has one row per finding, one per part that could not be inspected, and one
inventory row per file (``type``):

============  ==========  ==========================================================
column        type        meaning
============  ==========  ==========================================================
path          string      the file as listed
location      string      where: the file's name, then inside it
                          (``a.zip!b/名簿.xlsx#顧客!C12``), as ``mamori scan`` writes it
type          string      ``finding``, ``unscannable`` (a part not inspected, or the
                          whole file when it cannot be read) or ``file`` (inventory)
kind          string      the finding's kind (``my_number``, ``phone``, ...)
rule          string      the finding's finer name (phone region, card scheme, label)
severity      string      ``low``, ``medium`` or ``high``
confidence    double      0.0 to 1.0
level         string      the confidence band: ``low``, ``medium`` or ``high``
line, column  long        1-based line and column (characters) of the start
start, end    long        byte offsets in the text of ``location``
masked        string      the value with its identifying part hidden
reason        string      for ``unscannable``: ``encrypted``, ``corrupt``,
                          ``limit_exceeded``, ``unsupported_format``,
                          ``raw_text_only``, or ``unreadable`` (an ``OSError``)
detail        string      for ``unscannable``: which limit, which error
file_size     long        bytes, when the file was scanned
file_mtime    long        modification time, nanoseconds since the Unix epoch
file_sha256   string      hex SHA-256 of the file's bytes
scanned_at    timestamp   when the file was scanned (UTC; kept for carried-over rows)
value_id      string      the keyed value id (see :meth:`mamori.Scanner` ``value_key``)
text          string      the raw value; only with ``show_values=True``
============  ==========  ==========================================================

With ``since=`` (a previous result, as a DataFrame or a Parquet path), a file whose size,
modification time and SHA-256 all equal the previous scan's is not scanned again: its rows
are carried over from the previous result (its bytes are read once, for the hash).

Run from the command line::

    python -m mamori.spark scan /mnt/share --out findings.parquet --master 'local[4]'
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import heapq
import importlib
import stat
import json
import os
import sys
import threading
from collections import Counter
from functools import partial
from typing import Any, Iterable, Iterator, Mapping, Sequence

# pyspark and pyarrow are imported where used, so `import mamori` never needs them; their
# objects are typed `Any` here for the same reason.
DataFrame = Any
SparkSession = Any

__all__ = [
    "RESULT_COLUMNS",
    "balance_by_bytes",
    "list_files",
    "load_config",
    "main",
    "result_schema",
    "scan_files",
]

#: The columns of :func:`scan_files`'s result, in order (``text`` only with ``show_values``).
RESULT_COLUMNS: tuple[str, ...] = (
    "path",
    "location",
    "type",
    "kind",
    "rule",
    "severity",
    "confidence",
    "level",
    "line",
    "column",
    "start",
    "end",
    "masked",
    "reason",
    "detail",
    "file_size",
    "file_mtime",
    "file_sha256",
    "scanned_at",
    "value_id",
)

_HASH_STEP = 1 << 20
_ROWS_PER_BATCH = 4096
_VALUE_KEY_ENV = "MAMORI_VALUE_KEY"

def _module(name: str) -> Any:
    """Imports pyspark and pyarrow where they are used (``import mamori`` never needs
    them; typed ``Any`` since neither need be installed where the package is checked)."""
    return importlib.import_module(name)


_MISSING_SPARK = (
    "pyspark (and Java 17) are needed for mamori.spark: run scripts/spark-setup.sh "
    "(or `pip install pyspark pyarrow pandas` and install a Java 17 runtime)"
)


def result_schema(show_values: bool = False) -> Any:
    """The Spark schema of :func:`scan_files`'s result."""
    T = _module("pyspark.sql.types")

    types: dict[str, Any] = {
        "confidence": T.DoubleType(),
        "line": T.LongType(),
        "column": T.LongType(),
        "start": T.LongType(),
        "end": T.LongType(),
        "file_size": T.LongType(),
        "file_mtime": T.LongType(),
        "scanned_at": T.TimestampType(),
    }
    names = RESULT_COLUMNS + (("text",) if show_values else ())
    return T.StructType([T.StructField(n, types.get(n, T.StringType()), True) for n in names])


def _arrow_schema(show_values: bool) -> Any:
    pa = _module("pyarrow")

    types: dict[str, Any] = {
        "confidence": pa.float64(),
        "line": pa.int64(),
        "column": pa.int64(),
        "start": pa.int64(),
        "end": pa.int64(),
        "file_size": pa.int64(),
        "file_mtime": pa.int64(),
        "scanned_at": pa.timestamp("us", tz="UTC"),
    }
    names = RESULT_COLUMNS + (("text",) if show_values else ())
    return pa.schema([pa.field(n, types.get(n, pa.string())) for n in names])


# ----------------------------------------------------------------------------- driver side


def list_files(roots: Iterable[str | os.PathLike[str]]) -> list[tuple[str, int, int, str]]:
    """``(path, size, mtime_ns, name)`` of every regular file under ``roots`` (files or
    directories), walked with ``os.walk`` without following symbolic links, sorted by path.
    ``name`` is the path relative to its root (the file's name for a root that is a file),
    which starts each location as in ``mamori scan``. Entries that cannot be stat'ed while
    walking are listed with size 0 (the executor then reports them as ``unreadable``)."""
    out: list[tuple[str, int, int, str]] = []

    def add(path: str, name: str) -> None:
        try:
            st = os.stat(path, follow_symlinks=False)
        except OSError:
            out.append((path, 0, 0, name))
            return
        if stat.S_ISREG(st.st_mode):
            out.append((path, st.st_size, st.st_mtime_ns, name))

    for root in roots:
        root = os.fspath(root)
        if not os.path.isdir(root):
            add(root, os.path.basename(root))
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for file in sorted(filenames):
                path = os.path.join(dirpath, file)
                add(path, os.path.relpath(path, root))
    out.sort()
    return out


def balance_by_bytes(sizes: Sequence[int], partitions: int) -> list[list[int]]:
    """Greedy bin packing: the indexes of ``sizes`` split into ``partitions`` bins of about
    equal total size (largest first, each into the bin with the fewest bytes so far; a bin
    also counts one byte per file so empty files spread out). Bins keep index order; empty
    bins are dropped, so fewer bins come back when there are fewer files."""
    partitions = max(1, partitions)
    heap = [(0, b) for b in range(partitions)]
    bins: list[list[int]] = [[] for _ in range(partitions)]
    for i in sorted(range(len(sizes)), key=lambda i: -sizes[i]):
        load, b = heapq.heappop(heap)
        bins[b].append(i)
        heapq.heappush(heap, (load + max(0, sizes[i]) + 1, b))
    return [sorted(b) for b in bins if b]


def load_config(
    config: str | os.PathLike[str] | Mapping[str, Any] | None,
    keywords_file: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """The scanner configuration as a dict in the core's shape: a ``mamori.toml`` path (its
    ``[scan]`` table, which is about walking and output, is left out), a dict, or None for
    the defaults; plus the keywords of ``keywords_file`` (the CLI's ``--keywords`` format)."""
    if config is None:
        out: dict[str, Any] = {}
    elif isinstance(config, Mapping):
        out = dict(config)
    else:
        import tomllib

        with open(config, "rb") as f:
            out = tomllib.load(f)
        out.pop("scan", None)
    if keywords_file is not None:
        from . import parse_keyword_file

        with open(keywords_file, "rb") as f:
            extra = parse_keyword_file(f.read())
        out["keywords"] = list(out.get("keywords", [])) + list(extra)
    return out


def _paths_from(paths: Any) -> list[tuple[str, int, int, str]]:
    """The listing of ``paths``: roots to walk, or a DataFrame with a ``path`` column."""
    if isinstance(paths, (str, os.PathLike)):
        return list_files([paths])
    if hasattr(paths, "select") and hasattr(paths, "columns"):
        if "path" not in paths.columns:
            raise ValueError("a DataFrame of files needs a `path` column")
        listed = [r["path"] for r in paths.select("path").distinct().collect()]
        return list_files(listed)
    return list_files(paths)


def _previous(spark: SparkSession, since: Any) -> DataFrame | None:
    if since is None:
        return None
    if isinstance(since, (str, os.PathLike)):
        return spark.read.parquet(os.fspath(since))
    return since


def scan_files(
    spark: SparkSession,
    paths: Any,
    *,
    config: str | os.PathLike[str] | Mapping[str, Any] | None = None,
    since: Any = None,
    show_values: bool = False,
    value_key: bytes | str | None = None,
    partitions: int | None = None,
) -> DataFrame:
    """Scans the files under ``paths`` on the cluster of ``spark``; returns the result
    DataFrame (schema in the module documentation).

    ``paths``: a root or a list of roots (files or directories) on storage every executor
    mounts at the same path, or a DataFrame with a ``path`` column. ``config``: a
    ``mamori.toml`` path or a dict in the core's configuration shape. ``since``: a previous
    result (DataFrame or Parquet path): unchanged files are carried over. ``show_values``:
    add the raw value in ``text``. ``value_key``: the secret of ``value_id`` (default: the
    ``MAMORI_VALUE_KEY`` environment variable of the driver; none, no ``value_id``).
    ``partitions``: how many byte-balanced partitions (default: 4 per core of the cluster,
    at most one per file).

    The result is lazy: it is computed by the action that uses it (``write.parquet``,
    ``count``). Cache or write it once rather than running several actions on it.
    """
    _module("pyarrow")  # mapInArrow needs it on the driver and the executors
    F = _module("pyspark.sql.functions")
    T = _module("pyspark.sql.types")

    cfg = load_config(config)
    if value_key is None:
        value_key = os.environ.get(_VALUE_KEY_ENV) or None
    key = value_key.encode() if isinstance(value_key, str) else value_key
    # Fails on the driver, before the job starts, when the configuration is invalid.
    _scanner(json.dumps(cfg, sort_keys=True), key, show_values)

    files = _paths_from(paths)
    previous = _previous(spark, since)
    before: dict[str, tuple[int, int, str]] = {}
    if previous is not None:
        for r in (
            previous.where(F.col("type") == "file")
            .select("path", "file_size", "file_mtime", "file_sha256")
            .collect()
        ):
            before[r["path"]] = (r["file_size"], r["file_mtime"], r["file_sha256"])

    sc = spark.sparkContext
    n = partitions or max(1, sc.defaultParallelism * 4)
    n = max(1, min(n, len(files)))
    bins = balance_by_bytes([f[1] for f in files], n)
    rows = [[(*files[i], *before.get(files[i][0], (None, None, None))) for i in b] for b in bins]
    listing_schema = T.StructType(
        [
            T.StructField("path", T.StringType(), False),
            T.StructField("size", T.LongType(), False),
            T.StructField("mtime", T.LongType(), False),
            T.StructField("name", T.StringType(), False),
            T.StructField("prev_size", T.LongType(), True),
            T.StructField("prev_mtime", T.LongType(), True),
            T.StructField("prev_sha256", T.StringType(), True),
        ]
    )
    # One list element per slice: partition i holds bin i exactly.
    rdd = sc.parallelize(rows, numSlices=max(1, len(rows))).flatMap(lambda b: b)
    listing = spark.createDataFrame(rdd, listing_schema)
    scan = partial(_scan_batches, json.dumps(cfg, sort_keys=True), key, show_values)
    scanned = listing.mapInArrow(scan, result_schema(show_values))
    if previous is None:
        return scanned
    carried_paths = scanned.where(F.col("type") == "unchanged").select("path")
    carried = previous.join(carried_paths, "path", "left_semi")
    if show_values and "text" not in carried.columns:
        carried = carried.withColumn("text", F.lit(None).cast("string"))
    carried = carried.select(*result_schema(show_values).fieldNames())
    return scanned.where(F.col("type") != "unchanged").unionByName(carried)


# --------------------------------------------------------------------------- executor side

_SCANNERS: dict[tuple[str, bytes | None, bool], Any] = {}
_SCANNERS_LOCK = threading.Lock()


def _scanner(config_json: str, key: bytes | None, show_values: bool) -> Any:
    """The scanner of this configuration, built once per Python process (an executor's
    Python worker keeps it across the partitions it runs)."""
    cache_key = (config_json, key, show_values)
    with _SCANNERS_LOCK:
        scanner = _SCANNERS.get(cache_key)
        if scanner is None:
            from . import Scanner

            config = json.loads(config_json)
            config["reveal_values"] = show_values
            scanner = Scanner.from_config(config, value_key=key)
            _SCANNERS[cache_key] = scanner
        return scanner


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_HASH_STEP):
            h.update(chunk)
    return h.hexdigest()


def _location(location: str | None, base: str, name: str) -> str | None:
    """A location starting with ``name`` (the path relative to the scanned root), as
    ``mamori scan`` writes it (``dir/a.zip!b.csv``); the core's starts with ``base``, the
    file's own name."""
    if location is not None and location.startswith(base):
        return name + location[len(base) :]
    return location


def _file_rows(
    scanner: Any, path: str, name: str, prev: tuple[Any, Any, Any], show_values: bool
) -> Iterator[dict[str, Any]]:
    """The rows of one file: its findings, the parts not inspected, and its inventory row
    (or one ``unchanged`` row when it equals the previous scan's)."""
    now = _dt.datetime.now(_dt.timezone.utc)
    file_fields: dict[str, Any] = {"path": path, "scanned_at": now}
    try:
        st = os.stat(path)
        file_fields.update(file_size=st.st_size, file_mtime=st.st_mtime_ns)
        digest = _sha256(path)
        file_fields["file_sha256"] = digest
        if prev == (st.st_size, st.st_mtime_ns, digest):
            yield {"path": path, "type": "unchanged"}
            return
        base = os.path.basename(path)
        with scanner.iter_file(path) as found:
            for f in found:
                c = f.confidence
                row = {
                    "location": _location(f.location, base, name),
                    "type": "finding",
                    "kind": f.kind,
                    "rule": f.rule,
                    "severity": f.severity,
                    "confidence": c.score,
                    "level": c.level,
                    "line": f.line,
                    "column": f.column,
                    "start": f.start,
                    "end": f.end,
                    "masked": f.masked,
                    "value_id": f.value_id,
                    **file_fields,
                }
                if show_values:
                    row["text"] = f.text
                yield row
            report = found.report
        for part in report.unscannable:
            yield {
                "location": _location(part.get("location"), base, name),
                "type": "unscannable",
                "reason": part.get("reason"),
                "detail": part.get("detail"),
                **file_fields,
            }
    except OSError as e:
        yield {
            "location": name,
            "type": "unscannable",
            "reason": "unreadable",
            "detail": f"{type(e).__name__}: {e.strerror or e}",
            **file_fields,
        }
    yield {"location": name, "type": "file", **file_fields}


def _to_batch(rows: list[dict[str, Any]], schema: Any) -> Any:
    pa = _module("pyarrow")

    return pa.RecordBatch.from_pylist(rows, schema=schema)


def _scan_batches(
    config_json: str, key: bytes | None, show_values: bool, batches: Iterator[Any]
) -> Iterator[Any]:
    """``mapInArrow`` body: scans the files of each listing batch, in bounded memory
    (results are handed on every few thousand rows)."""
    scanner = _scanner(config_json, key, show_values)
    schema = _arrow_schema(show_values)
    out: list[dict[str, Any]] = []
    for batch in batches:
        for item in batch.to_pylist():
            prev = (item["prev_size"], item["prev_mtime"], item["prev_sha256"])
            for row in _file_rows(scanner, item["path"], item["name"], prev, show_values):
                out.append(row)
                if len(out) >= _ROWS_PER_BATCH:
                    yield _to_batch(out, schema)
                    out = []
    if out:
        yield _to_batch(out, schema)


# ------------------------------------------------------------------------------------- CLI


def _summary(result: DataFrame, skipped: int) -> str:
    F = _module("pyspark.sql.functions")

    counts = {
        (r["type"], r["kind"]): r["n"]
        for r in result.groupBy("type", "kind").agg(F.count("*").alias("n")).collect()
    }
    files = sum(n for (t, _), n in counts.items() if t == "file")
    per_kind = Counter({k: n for (t, k), n in counts.items() if t == "finding"})
    unscannable = sum(n for (t, _), n in counts.items() if t == "unscannable")
    lines = [f"files: {files} (skipped as unchanged since the previous scan: {skipped})"]
    lines.append(f"findings: {sum(per_kind.values())}")
    for kind, n in sorted(per_kind.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  {kind}: {n}")
    lines.append(f"unscannable: {unscannable}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m mamori.spark scan PATH... --out OUT.parquet [options]``."""
    parser = argparse.ArgumentParser(
        prog="python -m mamori.spark",
        description="Scan files on shared storage with Spark; write the findings as Parquet.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    scan = sub.add_parser("scan", help="scan files and directories")
    scan.add_argument("paths", nargs="+", metavar="PATH")
    scan.add_argument("--out", required=True, help="the Parquet result to write")
    scan.add_argument("--master", help="Spark master (default: spark-submit's, or local[*])")
    scan.add_argument("--config", help="a mamori.toml")
    scan.add_argument("--keywords", help="a keyword file (one keyword per line)")
    scan.add_argument("--show-values", action="store_true", help="add the raw values (text)")
    scan.add_argument("--since", help="a previous result: carry over unchanged files")
    scan.add_argument("--partitions", type=int, help="byte-balanced partitions")
    args = parser.parse_args(argv)

    try:
        SparkSession = _module("pyspark.sql").SparkSession
        F = _module("pyspark.sql.functions")
    except ImportError:
        print(f"error: {_MISSING_SPARK}", file=sys.stderr)
        return 2
    if args.since and os.path.abspath(args.since) == os.path.abspath(args.out):
        parser.error("--since must name a result other than --out")
    config = load_config(args.config, args.keywords)
    builder = SparkSession.builder.appName("mamori scan")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        result = scan_files(
            spark,
            args.paths,
            config=config,
            since=args.since,
            show_values=args.show_values,
            partitions=args.partitions,
        )
        result.write.mode("overwrite").parquet(args.out)
        written = spark.read.parquet(args.out)
        skipped = 0
        if args.since:
            # Carried-over files keep the previous scan's time.
            before = spark.read.parquet(args.since).where(F.col("type") == "file")
            skipped = (
                written.where(F.col("type") == "file")
                .join(before.select("path", "scanned_at"), ["path", "scanned_at"], "left_semi")
                .count()
            )
        print(_summary(written, skipped))
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    # Run the importable module's main, so Spark pickles its functions by reference.
    from mamori.spark import main as _main

    sys.exit(_main())
