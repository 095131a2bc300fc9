"""``Scanner.iter_file`` / ``Scanner.iter_bytes``: findings as the scan finds them, through
the core's sink, with the final report on the iterator."""

from __future__ import annotations

import gc
import io
import os
import threading
import time
import zipfile
from pathlib import Path

import pytest

import mamori
from conftest import DOCUMENTS
from test_documents import document_files

LINE = "TEL 03-1234-5678 マイナンバー：6214-9832-0257\n"


@pytest.fixture(scope="module")
def scanner():
    return mamori.Scanner()


def dense(n_lines: int) -> bytes:
    return (LINE * n_lines).encode()


def test_iter_file_yields_what_scan_file_reports(scanner):
    for path in document_files():
        it = scanner.iter_file(path)
        found = list(it)
        expected = scanner.scan_file(path)
        assert found == expected.findings, path
        assert it.report is not None
        assert it.report.to_json() == expected.to_json(), path
        assert it.report.stopped is False
        assert list(it) == []  # exhausted


def test_iter_bytes_yields_what_scan_bytes_reports(scanner):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("名簿.csv", "氏名,電話\n山田太郎,03-1234-5678\n")
        z.writestr("memo.txt", LINE)
    data = buf.getvalue()
    for name in (None, "a.zip"):
        expected = scanner.scan_bytes(data, name=name)
        assert expected.findings
        for given in (data, bytearray(data), memoryview(data)):
            it = scanner.iter_bytes(given, name=name)
            assert list(it) == expected.findings
            assert it.report is not None and it.report.to_json() == expected.to_json()
            assert it.report.name == name


def test_unread_parts_are_in_the_final_report(scanner):
    path = DOCUMENTS / "hostile" / "encrypted.zip"
    it = scanner.iter_file(path)
    assert it.report is None
    for f in it:
        assert isinstance(f, mamori.Finding)  # findings only
    assert it.report is not None
    assert any(u["reason"] == "encrypted" for u in it.report.unscannable)
    assert it.report.unscannable == scanner.scan_file(path).unscannable


def test_findings_arrive_while_the_scan_runs(scanner):
    """The queue holds 256 findings: with thousands to come, the scan cannot have ended
    when the first arrives, and it waits for the consumer instead of running ahead."""
    data = dense(5000)
    it = scanner.iter_bytes(data)
    first = next(it)
    assert first.kind in {"phone", "my_number"}
    assert it.report is None
    time.sleep(0.2)
    assert it.report is None and "running" in repr(it)  # paused, not finished
    rest = list(it)
    assert len(rest) + 1 == 10000
    assert it.report is not None and it.report.counts == {"phone": 5000, "my_number": 5000}


def test_every_finding_is_yielded_past_max_findings():
    scanner = mamori.Scanner(max_findings=10)
    it = scanner.iter_bytes(dense(300))
    assert sum(1 for _ in it) == 600
    assert it.report is not None
    assert len(it.report.findings) == 10 and it.report.findings_truncated


def test_close_stops_the_scan(scanner):
    data = dense(20000)
    it = scanner.iter_bytes(data)
    taken = [next(it) for _ in range(3)]
    it.close()
    report = it.report
    assert report is not None and report.stopped
    assert report.to_dict()["stopped"] is True
    assert report.bytes_scanned < len(data)
    assert report.counts["phone"] < 20000
    assert report.findings[:3] == taken
    assert list(it) == []  # nothing after close
    it.close()  # again: nothing happens
    assert "stopped" in repr(it)
    full = scanner.scan_bytes(data)
    assert full.stopped is False and full.to_dict()["stopped"] is False


def test_with_block_closes(scanner):
    with scanner.iter_bytes(dense(20000)) as it:
        for i, _ in enumerate(it):
            if i == 5:
                break
    assert it.report is not None and it.report.stopped
    # Exhausted inside the block: the full report, not stopped.
    with scanner.iter_bytes(dense(10)) as it:
        assert len(list(it)) == 20
    assert it.report is not None and not it.report.stopped


def scan_threads() -> int:
    """Threads of this process named by the iterator's scan thread."""
    tasks = Path("/proc/self/task")
    count = 0
    for t in tasks.iterdir():
        try:
            count += (t / "comm").read_text().strip() == "mamori-scan"
        except OSError:
            pass
    return count


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs /proc")
def test_dropping_the_iterator_ends_the_scan_thread(scanner):
    """The scan thread ends once the iterator is gone: without the closed queue and the
    stop flag it would wait forever to hand over its 257th finding."""
    data = dense(200_000)
    before = scan_threads()
    it = scanner.iter_bytes(data)
    next(it)
    assert scan_threads() == before + 1
    del it
    gc.collect()
    deadline = time.monotonic() + 5
    while scan_threads() > before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert scan_threads() == before


def test_two_threads_share_one_iterator(scanner):
    data = dense(3000)
    it = scanner.iter_bytes(data)
    got: list[list[mamori.Finding]] = [[], []]

    def consume(i: int) -> None:
        for f in it:
            got[i].append(f)

    threads = [threading.Thread(target=consume, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got[0]) + len(got[1]) == 6000
    merged = sorted(got[0] + got[1], key=lambda f: (f.start, f.kind))
    assert merged == sorted(scanner.scan_bytes(data).findings, key=lambda f: (f.start, f.kind))
    assert it.report is not None and it.report.counts["phone"] == 3000


def test_iter_errors(scanner, tmp_path):
    missing = tmp_path / "missing.txt"
    with pytest.raises(FileNotFoundError) as info:
        scanner.iter_file(missing)  # raised at once, like open()
    assert info.value.filename == str(missing)
    with pytest.raises(IsADirectoryError):
        scanner.iter_file(tmp_path)
    with pytest.raises(TypeError, match="data"):
        scanner.iter_bytes("a str")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="name"):
        scanner.iter_bytes(b"x", name=5)  # type: ignore[arg-type]
    p = tmp_path / "社員.txt"
    p.write_text(LINE, encoding="utf-8")
    it = scanner.iter_file(p)
    assert [f.kind for f in it] == ["phone", "my_number"]
    assert it.report is not None and it.report.name == str(p)
    assert [f.location for f in it.report.findings] == ["社員.txt"] * 2
