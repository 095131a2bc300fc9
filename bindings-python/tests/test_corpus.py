"""The binding reports exactly what the Rust core reports, on every file of corpora/text.

The expected reports come from the core itself (examples/core_report.rs, run on the same
files with the same configuration and the same core entry point as the Python call:
``Scanner::scan`` for ``scan_text`` and streams, ``Scanner::scan_bytes`` with the file name
for ``scan_bytes(data, name=...)`` and without one for ``scan_bytes(data)``,
``Scanner::scan_path`` for ``scan_file``), never from hard-coded values.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path

import pytest

import mamori
from conftest import CORPUS, as_core_shape, run_core

CONFIGS = {
    "default": {},
    "custom": {
        "keywords": [
            {"text": "社外秘"},
            {"text": "請求書", "label": "invoice", "severity": "low"},
            {"text": "注文番号", "severity": "high"},
            {"text": "Project Orion"},
        ],
        "regexes": [
            {"name": "product_code", "pattern": "[A-Z]{3}-[0-9]{12}", "severity": "low", "score": 0.6},
        ],
        "require_context": ["corporate_number"],
        "min_confidence": "medium",
        "context_window": 120,
        "reveal_values": True,
        "max_findings": 40,
        "policy": {"block_at_personal": 5, "per_kind": {"phone": {"review": 2, "block": 50}}},
    },
}

def scanner_for(config: dict) -> mamori.Scanner:
    """The keyword-argument constructor (keywords given as plain str where possible);
    test_from_config_equals_keyword_arguments checks it equals ``from_config``."""
    kwargs = dict(config)
    kwargs["keywords"] = [
        k["text"] if set(k) == {"text"} else k for k in config.get("keywords", [])
    ]
    return mamori.Scanner(**kwargs)


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_from_config_equals_keyword_arguments(name):
    config = CONFIGS[name]
    a = mamori.Scanner.from_config(config)
    b = scanner_for(config)
    assert a.config() == b.config()
    text = (CORPUS / "mail_001.txt").read_text(encoding="utf-8")
    assert a.scan_text(text).to_json() == b.scan_text(text).to_json()


@pytest.fixture(scope="module", params=sorted(CONFIGS))
def expected(request, core_report, corpus_files):
    name = request.param
    return name, run_core(core_report, corpus_files, CONFIGS[name])


@pytest.fixture(scope="module", params=sorted(CONFIGS))
def expected_named(request, core_report, corpus_files):
    """The core's reports from ``Scanner::scan_bytes(data, Some(file name))``."""
    name = request.param
    return name, run_core(core_report, corpus_files, CONFIGS[name], entry="bytes")


@pytest.fixture(scope="module", params=sorted(CONFIGS))
def expected_unnamed(request, core_report, corpus_files):
    """The core's reports from ``Scanner::scan_bytes(data, None)``."""
    name = request.param
    return name, run_core(core_report, corpus_files, CONFIGS[name], entry="unnamed")


@pytest.fixture(scope="module", params=sorted(CONFIGS))
def expected_path(request, core_report, corpus_files):
    """The core's reports from ``Scanner::scan_path``."""
    name = request.param
    return name, run_core(core_report, corpus_files, CONFIGS[name], entry="path")


def test_scan_bytes_matches_core(expected_unnamed, corpus_files):
    name, reports = expected_unnamed
    scanner = scanner_for(CONFIGS[name])
    assert len(reports) == len(corpus_files)
    total = in_mail = 0
    for path in corpus_files:
        got = scanner.scan_bytes(path.read_bytes()).to_dict()
        assert got["name"] is None
        assert as_core_shape(got, byte_offsets=True, plain=False) == reports[path.name], path.name
        total += len(got["findings"])
        # Mail-like files are read as mail: locations name the header or the body.
        in_mail += sum((f["location"] or "").startswith("#") for f in got["findings"])
    assert total > 100  # the corpus is full of personal data; an empty result is a bug
    assert in_mail > 10


def test_scan_bytes_with_name_matches_core(expected_named, corpus_files):
    name, reports = expected_named
    scanner = scanner_for(CONFIGS[name])
    assert len(reports) == len(corpus_files)
    located = 0
    for path in corpus_files:
        got = scanner.scan_bytes(path.read_bytes(), name=path.name).to_dict()
        assert got["name"] == path.name
        assert as_core_shape(got, byte_offsets=True, plain=False) == reports[path.name], path.name
        located += sum(f["location"] is not None for f in got["findings"])
    assert located > 100


def test_scan_file_matches_core(expected_path, corpus_files):
    name, reports = expected_path
    scanner = scanner_for(CONFIGS[name])
    assert len(reports) == len(corpus_files)
    for path in corpus_files:
        got = scanner.scan_file(path).to_dict()
        assert got["name"] == str(path)
        assert as_core_shape(got, byte_offsets=True, plain=False) == reports[path.name], path.name
        for f in got["findings"]:
            # Every location starts with the file's name (mail-like text: `#From`, `#body`).
            assert f["location"].startswith(path.name), f["location"]


def test_scan_text_matches_core_with_character_offsets(expected, corpus_files):
    name, reports = expected
    scanner = scanner_for(CONFIGS[name])
    for path in corpus_files:
        data = path.read_bytes()
        text = data.decode("utf-8")
        report = scanner.scan_text(text)
        assert as_core_shape(report.to_dict(), byte_offsets=False, text=text) == reports[path.name]
        for f in report.findings:
            # start/end index the str; byte_start/byte_end the UTF-8 bytes; same item.
            assert text[f.start:f.end].encode() == data[f.byte_start:f.byte_end]
            assert len(text[: f.start].encode()) == f.byte_start
            if f.text is not None:
                assert f.text == text[f.start:f.end]


def test_stream_matches_core_for_any_chunking(expected, corpus_files):
    name, reports = expected
    scanner = scanner_for(CONFIGS[name])
    rng = random.Random(20241016)
    for path in corpus_files:
        data = path.read_bytes()
        for sizes in ([1], [7, 13], [4096], [rng.randint(1, 3000) for _ in range(50)]):
            fed = []
            with scanner.stream() as stream:
                pos, i = 0, 0
                while pos < len(data):
                    n = sizes[i % len(sizes)]
                    fed += stream.feed(data[pos : pos + n])
                    pos, i = pos + n, i + 1
            report = stream.report
            assert report is not None
            assert as_core_shape(report.to_dict(), byte_offsets=True) == reports[path.name]
            # What feed() returned along the way is the report's findings minus the ones
            # only finish() could decide (the report keeps the first max_findings).
            n = min(len(fed), len(report.findings))
            assert fed[:n] == report.findings[:n]
            if sizes == [1] and len(data) > 20000:
                break  # byte-by-byte on one large file is enough


def load_truth() -> dict[str, list[dict]]:
    truth = defaultdict(list)
    with open(CORPUS / "ground_truth.jsonl", encoding="utf-8") as fh:
        for line in fh:
            item = json.loads(line)
            truth[item["file"]].append(item)
    return truth


def test_ground_truth_recall(corpus_files):
    """A sanity check against the labelled items (the core's own test enforces per-kind
    precision and recall; here the binding's plain-text path must find nearly all of them).
    The labels are byte offsets into each file, so the file is scanned as plain text by
    ``scan_text`` and its UTF-8 offsets compared (``scan_bytes`` and ``scan_file`` read
    mail-like files as e-mail, with offsets per header and body)."""
    scanner = mamori.Scanner()
    truth = load_truth()
    found = total = 0
    for path in corpus_files:
        findings = scanner.scan_text(path.read_text(encoding="utf-8")).findings
        for item in truth.get(path.name, []):
            total += 1
            found += any(
                f.kind == item["kind"]
                and f.byte_start < item["end"]
                and item["start"] < f.byte_end
                for f in findings
            )
    assert total > 500
    assert found / total >= 0.95, f"recall {found}/{total}"
