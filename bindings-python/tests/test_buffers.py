"""Every bytes-like input gives the same report as bytes; mutable buffers are safe."""

from __future__ import annotations

import array
import mmap
import threading

import pytest

import mamori

MAIL = ("山田様 マイナンバー：6214-9832-0257 TEL ０３－１２３４－５６７８ "
        "yamada@example.co.jp 〒100-0001\n").encode()


@pytest.fixture(scope="module")
def scanner():
    return mamori.Scanner()


def same(a: mamori.Report, b: mamori.Report) -> bool:
    return a.findings == b.findings and a.counts == b.counts and a.bytes_scanned == b.bytes_scanned


def test_bytes_like_types(scanner, tmp_path):
    expected = scanner.scan_bytes(MAIL)
    assert expected.findings

    class Sub(bytes):
        pass

    ro_view = memoryview(bytearray(MAIL)).toreadonly()
    inputs = {
        "bytes subclass": Sub(MAIL),
        "bytearray": bytearray(MAIL),
        "memoryview(bytes)": memoryview(MAIL),
        "memoryview(bytearray)": memoryview(bytearray(MAIL)),
        "read-only view of bytearray": ro_view,
        "view of view": memoryview(memoryview(MAIL)),
        "array('B')": array.array("B", MAIL),
        "cast view": memoryview(MAIL).cast("c"),
    }
    for label, data in inputs.items():
        assert same(scanner.scan_bytes(data), expected), label

    p = tmp_path / "m.txt"
    p.write_bytes(MAIL)
    with open(p, "rb") as fh:
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as ro:
            assert same(scanner.scan_bytes(ro), expected)
            assert same(scanner.scan_bytes(memoryview(ro)), expected)
    with open(p, "r+b") as fh:
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_WRITE) as rw:
            assert same(scanner.scan_bytes(rw), expected)
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_COPY) as cp:
            assert same(scanner.scan_bytes(cp), expected)


def test_slices_and_multibyte_items(scanner):
    view = memoryview(b"xx" + MAIL + b"yy")[2:-2]
    assert same(scanner.scan_bytes(view), scanner.scan_bytes(MAIL))
    # Non-contiguous views are made contiguous first.
    doubled = bytes(b for c in MAIL for b in (c, 0x20))
    strided = memoryview(doubled)[::2]
    assert same(scanner.scan_bytes(strided), scanner.scan_bytes(MAIL))
    # Multi-byte items are scanned as their raw memory, like bytes(view).
    padded = MAIL + b"\0" * (-len(MAIL) % 4)
    words = array.array("I", padded)
    assert same(scanner.scan_bytes(words), scanner.scan_bytes(bytes(words)))
    # A 2-D buffer.
    grid = memoryview(padded).cast("B", shape=[4, len(padded) // 4])
    assert same(scanner.scan_bytes(grid), scanner.scan_bytes(padded))


def test_numpy_if_installed(scanner):
    np = pytest.importorskip("numpy")
    arr = np.frombuffer(MAIL, dtype=np.uint8).copy()
    assert same(scanner.scan_bytes(arr), scanner.scan_bytes(MAIL))
    assert same(scanner.scan_bytes(arr[::-1][::-1]), scanner.scan_bytes(MAIL))


def test_large_mutable_buffer_is_copied_piecewise_with_identical_results(scanner):
    data = MAIL * (3 * 2**20 // len(MAIL) + 7)  # > 1 MiB: several copied pieces
    expected = scanner.scan_bytes(data)
    got = scanner.scan_bytes(bytearray(data))
    assert same(got, expected)
    assert got.to_json() == expected.to_json()
    stream = scanner.stream()
    found = stream.feed(bytearray(data))
    report = stream.finish()
    assert same(report, expected)
    assert expected.findings_truncated  # feed() hands out every finding, reports keep 100k
    assert len(found) > len(expected.findings)
    assert found[: len(expected.findings)] == expected.findings


def test_mutating_a_buffer_from_another_thread_is_safe(scanner):
    """Another thread writing to (or trying to resize) the buffer during scans: no crash,
    the resize is refused while the scan holds the buffer, and results stay in range."""
    data = bytearray(MAIL * (2**21 // len(MAIL)))
    stop = threading.Event()
    refused = []

    def writer():
        i = 0
        while not stop.is_set():
            data[i % len(data)] = 0x30 + i % 10
            i += 4099
            try:
                data.extend(b"x")
                del data[-1:]
            except BufferError:
                refused.append(1)

    t = threading.Thread(target=writer)
    t.start()
    try:
        for _ in range(20):
            report = scanner.scan_bytes(data)
            assert report.bytes_scanned >= 2**21 - len(MAIL)
            for f in report.findings:
                assert 0 <= f.start < f.end <= report.bytes_scanned
    finally:
        stop.set()
        t.join()
    assert refused, "the scan should hold a buffer export that blocks resizing"


def test_empty_buffers(scanner):
    for data in (b"", bytearray(), memoryview(b""), array.array("B")):
        report = scanner.scan_bytes(data)
        assert report.findings == [] and report.bytes_scanned == 0


ZERO_COPY_PROBE = r"""
import mamori, sys
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
kind = sys.argv[1]
prose = "本日の会議では来期の販売計画について意見交換を行いました。\n".encode()
block = prose * 2000 + "連絡先 TEL 03-1234-5678\n".encode()
data = block * (256 * 2**20 // len(block))
if kind == "bytearray":
    data = bytearray(data)
elif kind == "memoryview":
    data = memoryview(data)
s = mamori.Scanner()
s.scan_bytes(b"warm up 03-1234-5678")
before = hwm()
report = s.scan_bytes(data)
assert report.bytes_scanned == len(data) and report.counts["phone"] > 1000
print(hwm() - before)
"""


@pytest.mark.parametrize("kind", ["bytes", "memoryview", "bytearray"])
def test_large_inputs_are_not_copied_whole(kind):
    """Peak RSS of a fresh process barely moves while it scans 256 MiB: bytes and views
    of bytes are read in place, a bytearray is copied 1 MiB at a time."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", ZERO_COPY_PROBE, kind],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    growth = int(proc.stdout.strip())
    assert growth < 32 << 20, f"peak RSS grew by {growth >> 20} MiB scanning 256 MiB {kind}"
