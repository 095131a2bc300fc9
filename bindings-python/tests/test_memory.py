"""Streaming 1 GB through Stream.feed() does not grow the process's memory."""

from __future__ import annotations

import gc
import time

import pytest

import mamori
from conftest import CORPUS

GIB = 1 << 30
CHUNK = 1 << 20
LIMIT = 64 << 20


def rss_bytes() -> int:
    """Resident set size from /proc (Linux), without psutil."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def chunks(total: int):
    """1 MiB chunks of corpus text (with personal data) mixed with digit-free prose, cut at
    arbitrary byte positions (so items and characters straddle chunk boundaries), made
    one at a time in a loop; nothing but the current chunk is kept."""
    corpus = b"".join(p.read_bytes() for p in sorted(CORPUS.glob("*.txt")))
    prose = "本日の会議では来期の販売計画と新製品の開発状況について意見交換を行いました。".encode()
    text = bytearray()
    while len(text) < 3 * CHUNK:
        text += corpus[: CHUNK // 2] + prose * (CHUNK // 2 // len(prose))
    text = bytes(text)
    sent, i = 0, 0
    while sent < total:
        start = (i * 7919) % (len(text) - CHUNK)  # shifting, odd offsets
        n = min(CHUNK - (i % 5), total - sent)
        yield text[start : start + n]
        sent += n
        i += 1


@pytest.mark.skipif(not open("/proc/self/status").close() is None, reason="needs /proc")
def test_stream_one_gib_in_bounded_memory():
    scanner = mamori.Scanner()
    stream = scanner.stream()
    gc.collect()
    before = rss_bytes()
    warm = None
    peak = before
    found = 0
    started = time.perf_counter()
    for k, chunk in enumerate(chunks(GIB)):
        found += len(stream.feed(chunk))
        if k == 64:
            warm = rss_bytes()  # allocator, stream buffer and the report's kept findings
        if k % 32 == 0:
            peak = max(peak, rss_bytes())
    report = stream.finish()
    seconds = time.perf_counter() - started
    peak = max(peak, rss_bytes())
    assert report.bytes_scanned == GIB
    assert found > 1_000_000 and report.counts
    growth_after_warmup = peak - warm
    growth = peak - before
    msg = (f"rss before {before >> 20} MiB, after 64 MiB {warm >> 20} MiB, peak {peak >> 20} MiB;"
           f" {GIB / seconds / 1e6:.0f} MB/s, {found} findings")
    print(msg)
    assert growth_after_warmup < LIMIT, msg
    assert growth < LIMIT, msg
