"""The file-server inventory example runs end to end."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from conftest import BINDINGS, CORPUS

SCRIPT = BINDINGS / "examples" / "scan_file_server.py"


def test_scan_file_server_writes_inventory(tmp_path):
    share = tmp_path / "share"
    (share / "経理").mkdir(parents=True)
    (share / "営業" / "sub").mkdir(parents=True)
    for name in ("mail_001.txt", "payment_001.txt", "hr_fuyou_001.txt"):
        (share / "経理" / name).write_bytes((CORPUS / name).read_bytes())
    (share / "営業" / "sub" / "notes.txt").write_text("議事録：来期の計画について。\n", encoding="utf-8")
    (share / "営業" / "secret.txt").write_text("社外秘：価格表\n", encoding="utf-8")
    (share / "営業" / "unreadable.txt").write_text("TEL 03-1234-5678\n")
    (share / "営業" / "unreadable.txt").chmod(0)
    keywords = tmp_path / "kw.txt"
    keywords.write_text("# keywords\n社外秘\n", encoding="utf-8")
    out = tmp_path / "inventory.csv"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), str(share), "-o", str(out), "-j", "3",
         "--keywords", str(keywords), "--no-progress"],
        capture_output=True, text=True,
    )
    (share / "営業" / "unreadable.txt").chmod(0o644)
    assert proc.returncode == 0, proc.stderr
    assert "6 files" in proc.stderr
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = {Path(r["path"]).name: r for r in csv.DictReader(fh)}
    assert {"mail_001.txt", "payment_001.txt", "hr_fuyou_001.txt", "secret.txt"} <= set(rows)
    assert "notes.txt" not in rows
    assert rows["hr_fuyou_001.txt"]["verdict"] == "block"
    assert int(rows["hr_fuyou_001.txt"]["my_number"]) > 0
    assert int(rows["payment_001.txt"]["credit_card"]) > 0
    assert rows["secret.txt"]["keyword"] == "1"
    assert rows["secret.txt"]["personal_items"] == "0"
    assert rows["secret.txt"]["persons"] == "0"
    assert int(rows["hr_fuyou_001.txt"]["persons"]) > 0
    for row in rows.values():
        assert row["error"] == "" or row["path"].endswith("unreadable.txt")
