"""Documents, mail and archives: ``scan_file`` goes through the core's ``Scanner::scan_path``.

Findings inside documents carry a ``location`` that goes into the file (``#`` for a place
in a document, ``!`` for an archive member), unreadable parts are listed in
``Report.unscannable``, and every report equals the core's own ``scan_path`` report
(examples/core_report.rs ``--entry path``) on every file of corpora/documents.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import mamori
from conftest import DOCUMENTS, as_core_shape, run_core

SKIP = {"README.md", "generate.py", "ground_truth.jsonl", "expected.json"}


def document_files() -> list[Path]:
    files = sorted(p for p in DOCUMENTS.rglob("*") if p.is_file() and p.name not in SKIP)
    assert files, f"no document corpus in {DOCUMENTS}"
    return files


@pytest.fixture(scope="module")
def scanner():
    return mamori.Scanner()


def inside(location: str | None, path: Path) -> bool:
    """The location names the file and then a place inside it."""
    return (
        location is not None
        and location.startswith(path.name)
        and ("#" in location[len(path.name):] or "!" in location[len(path.name):])
    )


def test_xlsx_findings_are_located_in_cells(scanner):
    path = DOCUMENTS / "office" / "顧客台帳.xlsx"
    report = scanner.scan_file(path)
    assert report.name == str(path)
    assert len(report.findings) >= 3
    for f in report.findings:
        assert inside(f.location, path), f.location
    assert any(f.location.startswith("顧客台帳.xlsx#顧客!") for f in report.findings)
    assert report.unscannable == []


@pytest.mark.parametrize("name", ["a.zip", "documents.zip"])
def test_zip_findings_are_located_in_members(scanner, name):
    path = DOCUMENTS / "archive" / name
    report = scanner.scan_file(path)
    assert report.findings, name
    for f in report.findings:
        assert inside(f.location, path), f.location
    assert any(f.location.startswith(name + "!") for f in report.findings)


def test_encrypted_zip_is_unscannable(scanner):
    path = DOCUMENTS / "hostile" / "encrypted.zip"
    report = scanner.scan_file(path)
    entries = report.unscannable
    assert entries, "an encrypted member must be reported"
    assert any(u["reason"] == "encrypted" for u in entries), entries
    for u in entries:
        assert set(u) == {"location", "reason", "detail"}
        assert u["location"].startswith("encrypted.zip")
    assert report.to_dict()["unscannable"] == entries
    # The default policy does not allow what it could not read.
    assert report.verdict.action != "allow"


def test_every_document_matches_core_scan_path(scanner, core_report):
    files = document_files()
    expected = run_core(core_report, files, entry="path")
    assert len(expected) == len(files)
    located = unscannable = 0
    for path in files:
        got = scanner.scan_file(path).to_dict()
        assert as_core_shape(got, byte_offsets=True, plain=False) == expected[path.name], path
        located += sum(inside(f["location"], path) for f in got["findings"])
        unscannable += len(got["unscannable"])
    assert located > 20 and unscannable > 3


def test_scan_bytes_with_name_matches_scan_file(scanner):
    """``scan_bytes(data, name=file name)`` is ``scan_file`` without the file system."""
    for path in document_files():
        by_path = scanner.scan_file(path).to_dict()
        by_bytes = scanner.scan_bytes(path.read_bytes(), name=path.name).to_dict()
        by_path.pop("name"), by_bytes.pop("name")
        assert by_bytes == by_path, path
