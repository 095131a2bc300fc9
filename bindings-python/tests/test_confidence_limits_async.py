"""``Finding.confidence`` as ``{score, level}``, the ``limits`` option, and the coroutines
``scan_bytes_async`` / ``scan_file_async``."""

from __future__ import annotations

import asyncio
import io
import threading
import zipfile

import pytest

import mamori
from conftest import CORPUS, DOCUMENTS

MAIL = "山田様 マイナンバー：6214-9832-0257 TEL 03-1234-5678\nメモ 0312345678\n"


@pytest.fixture(scope="module")
def scanner():
    return mamori.Scanner()


# ---------------------------------------------------------------- confidence


def test_confidence_is_score_and_level(scanner):
    findings = scanner.scan_text(MAIL).findings
    assert len(findings) >= 3
    for f in findings:
        c = f.confidence
        assert isinstance(c, mamori.Confidence)
        assert 0.0 <= c.score <= 1.0
        # The band follows the score: below 0.5 low, below 0.8 medium, else high.
        assert c.level == ("low" if c.score < 0.5 else "medium" if c.score < 0.8 else "high")
        assert f.to_dict()["confidence"] == c.to_dict() == {"score": c.score, "level": c.level}
    assert not hasattr(findings[0], "level")
    levels = {f.confidence.level for f in findings}
    assert "high" in levels and len(levels) >= 2  # the bare number is less certain


def test_confidence_equality_hash_repr_and_immutability(scanner):
    a = scanner.scan_text(MAIL).findings
    b = scanner.scan_text(MAIL).findings
    assert a[0].confidence == b[0].confidence
    assert hash(a[0].confidence) == hash(b[0].confidence)
    low = next(f.confidence for f in a if f.confidence.level != "high")
    assert low != a[1].confidence
    assert a[0].confidence != a[0].confidence.to_dict()  # a Confidence equals only its kind
    assert len({f.confidence for f in a + b}) == len({(f.confidence.score, f.confidence.level) for f in a})
    c = a[1].confidence
    assert repr(c) == f"Confidence(score={c.score!r}, level={c.level!r})"
    assert f"confidence={c!r}" in repr(a[1])
    with pytest.raises(AttributeError):
        c.score = 1.0  # type: ignore[misc]


# ---------------------------------------------------------------- limits


def nested_zip(depth: int) -> bytes:
    data = "TEL 03-1234-5678\n".encode()
    name = "memo.txt"
    for i in range(depth):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr(name, data)
        data, name = buf.getvalue(), f"level{i}.zip"
    return data


def test_limits_are_applied():
    data = nested_zip(3)  # a text file inside three zips
    assert mamori.Scanner().scan_bytes(data).counts == {"phone": 1}
    shallow = mamori.Scanner(limits={"max_depth": 1}).scan_bytes(data)
    assert shallow.counts == {}
    assert [u["reason"] for u in shallow.unscannable] == ["limit_exceeded"]
    assert "max_depth" in shallow.unscannable[0]["detail"]
    assert shallow.verdict.action == "review"  # the default policy: unread parts review


def test_limits_config_round_trip_and_defaults():
    default = mamori.Scanner().config()["limits"]
    scanner = mamori.Scanner(limits={"max_members": 7, "max_time_ms": 1000})
    limits = scanner.config()["limits"]
    assert limits == {**default, "max_members": 7, "max_time_ms": 1000}
    again = mamori.Scanner.from_config(scanner.config())
    assert again.config() == scanner.config()
    assert mamori.Scanner(limits=None).config() == mamori.Scanner().config()
    assert mamori.Scanner(limits={}).config() == mamori.Scanner().config()


@pytest.mark.parametrize("bad", [
    {"max_dept": 3},           # unknown name
    {"maxDepth": 3},           # the Node spelling is not the Python one
    {"max_depth": -1},         # negative
    {"max_members": 1.5},      # not an integer
    {"max_members": "10"},
    {"max_time_ms": 2**64},
])
def test_invalid_limits_raise_config_error(bad):
    with pytest.raises(mamori.ConfigError) as info:
        mamori.Scanner(limits=bad)
    assert isinstance(info.value, ValueError)
    assert "limits" in str(info.value)


def test_limits_of_the_wrong_type_raise_type_error():
    for bad in ([("max_depth", 1)], "max_depth=1", 5):
        with pytest.raises(TypeError, match="limits"):
            mamori.Scanner(limits=bad)


# ---------------------------------------------------------------- async


def test_async_scans_equal_sync(scanner):
    path = DOCUMENTS / "office" / "顧客台帳.xlsx"
    data = path.read_bytes()

    async def main():
        return await asyncio.gather(
            scanner.scan_file_async(path),
            scanner.scan_bytes_async(data, name=path.name),
            scanner.scan_bytes_async(bytearray(data)),
            scanner.scan_bytes_async(data, path.name),
        )

    by_file, by_bytes, unnamed, positional = asyncio.run(main())
    assert by_file.to_json() == scanner.scan_file(path).to_json()
    assert by_file.findings
    assert by_bytes.to_json() == positional.to_json() == scanner.scan_bytes(data, name=path.name).to_json()
    assert unnamed.to_json() == scanner.scan_bytes(data).to_json()


def test_async_errors_are_raised_by_await(scanner, tmp_path):
    missing = tmp_path / "missing.txt"

    async def main():
        coro = scanner.scan_file_async(missing)  # nothing runs or raises yet
        with pytest.raises(FileNotFoundError) as info:
            await coro
        assert info.value.filename == str(missing)
        with pytest.raises(TypeError, match="data"):
            await scanner.scan_bytes_async("a str")
        with pytest.raises(TypeError, match="name"):
            await scanner.scan_bytes_async(b"x", name=5)

    asyncio.run(main())


def test_async_scan_runs_off_the_event_loop(scanner):
    """The scan runs in a worker thread: the loop keeps serving other coroutines meanwhile."""
    block = b"".join(p.read_bytes() for p in sorted(CORPUS.glob("*.txt")))
    big = block * (20_000_000 // len(block) + 1)

    async def main():
        loop_thread = threading.get_ident()
        ticks = 0
        task = asyncio.ensure_future(scanner.scan_bytes_async(big))
        while not task.done():
            ticks += 1
            await asyncio.sleep(0.001)
        report = task.result()
        return ticks, report, loop_thread

    ticks, report, loop_thread = asyncio.run(main())
    assert report.bytes_scanned > 0 and report.findings
    # A scan blocking the loop would let the ticker run at most once.
    assert ticks >= 5, ticks
    assert loop_thread == threading.get_ident()
