"""Writes spark_result.parquet: a small result in the schema of `mamori.spark` (its
`_arrow_schema(show_values=True)`, with the raw `text` column), written by pyarrow with its
default compression (snappy), as Spark writes it.

    python3 -m venv venv && venv/bin/pip install pyarrow
    venv/bin/python make_spark_result.py

The rows are made up: three files in two folders (one named with markup), a finding's raw
value in `text` that the report must never show, a part not inspected, and inventory rows.
"""

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq

COLUMNS = [
    ("path", pa.string()),
    ("location", pa.string()),
    ("type", pa.string()),
    ("kind", pa.string()),
    ("rule", pa.string()),
    ("severity", pa.string()),
    ("confidence", pa.float64()),
    ("level", pa.string()),
    ("line", pa.int64()),
    ("column", pa.int64()),
    ("start", pa.int64()),
    ("end", pa.int64()),
    ("masked", pa.string()),
    ("reason", pa.string()),
    ("detail", pa.string()),
    ("file_size", pa.int64()),
    ("file_mtime", pa.int64()),
    ("file_sha256", pa.string()),
    ("scanned_at", pa.timestamp("us", tz="UTC")),
    ("value_id", pa.string()),
    ("text", pa.string()),
]

WHEN = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.timezone.utc)


def finding(path, kind, masked, text, line):
    return {
        "path": path, "location": path, "type": "finding", "kind": kind, "rule": None,
        "severity": "medium", "confidence": 0.9, "level": "high", "line": line, "column": 1,
        "start": 0, "end": len(text.encode()), "masked": masked, "file_size": 100,
        "file_mtime": 0, "file_sha256": "0" * 64, "scanned_at": WHEN,
        "value_id": f"v{line}", "text": text,
    }


def inventory(path):
    return {"path": path, "location": path, "type": "file", "scanned_at": WHEN}


rows = [
    finding("share/営業/顧客.csv", "phone", "03-****-5678", "03-1234-5678", 1),
    finding("share/営業/顧客.csv", "phone", "090-****-4321", "090-8765-4321", 2),
    finding("share/営業/顧客.csv", "email", "t***@example.jp", "taro@example.jp", 3),
    inventory("share/営業/顧客.csv"),
    finding("share/<script>alert(1)<\\script>.txt", "my_number", "********1234", "123456781234", 1),
    finding("share/<script>alert(1)<\\script>.txt", "corporate_number", "*********0001", "1234567890001", 2),
    inventory("share/<script>alert(1)<\\script>.txt"),
    {
        "path": "share/総務/保管.zip", "location": "share/総務/保管.zip!給与.xlsx",
        "type": "unscannable", "reason": "encrypted", "detail": "password-protected zip entry",
        "scanned_at": WHEN,
    },
    inventory("share/総務/保管.zip"),
]

schema = pa.schema(COLUMNS)
table = pa.Table.from_pylist([{n: r.get(n) for n, _ in COLUMNS} for r in rows], schema=schema)
pq.write_table(table, "spark_result.parquet")
