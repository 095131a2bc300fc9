"""The root README's Python examples, and the conformance cases every API shares
(``corpora/conformance/cases.json``, also run by the Rust and Node suites)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

import mamori

ROOT = Path(__file__).resolve().parents[2]
CASES = json.loads((ROOT / "corpora/conformance/cases.json").read_text(encoding="utf-8"))["cases"]


def test_readme_python_blocks_run(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert blocks, "the README has a Python example"
    cwd = os.getcwd()
    os.chdir(ROOT)  # the examples name files relative to the repository
    try:
        for block in blocks:
            exec(compile(block, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert "block" in out and "****-****-0257" in out


def scanner_for(options: dict) -> mamori.Scanner:
    kwargs = {}
    if "kinds" in options:
        kwargs["kinds"] = options["kinds"]
    if "min_confidence" in options:
        kwargs["min_confidence"] = options["min_confidence"]
    if "keywords" in options:
        kwargs["keywords"] = options["keywords"]
    return mamori.Scanner(**kwargs)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_conformance_case(case: dict) -> None:
    data = case["input"].encode() if "input" in case else bytes.fromhex(case["input_hex"])
    report = scanner_for(case.get("options", {})).scan_bytes(data, case.get("file_name"))
    if "expect" in case:
        got = [
            {"kind": f.kind, "masked": f.masked, "start": f.byte_start, "end": f.byte_end}
            for f in report.findings
        ]
        assert got == case["expect"]
    if "expect_values" in case:
        got_values = sorted({(f.kind, f.masked) for f in report.findings})
        assert got_values == sorted((e["kind"], e["masked"]) for e in case["expect_values"])
    if "action" in case:
        assert report.verdict.action == case["action"]
    if "unscannable" in case:
        assert [u["reason"] for u in report.unscannable] == case["unscannable"]
