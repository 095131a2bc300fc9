"""Errors: the exception hierarchy, TypeError for wrong types, ConfigError for bad values,
OSError for files, and inputs that must not crash the interpreter."""

from __future__ import annotations

import random

import pytest

import mamori


def test_hierarchy():
    assert issubclass(mamori.ConfigError, mamori.MamoriError)
    assert issubclass(mamori.ConfigError, ValueError)
    assert issubclass(mamori.StreamClosedError, mamori.MamoriError)
    assert issubclass(mamori.StreamClosedError, ValueError)
    assert issubclass(mamori.MamoriError, Exception)
    assert mamori.ConfigError.__module__ == "mamori._errors"


@pytest.mark.parametrize("kwargs, pattern", [
    ({"kinds": ["phone_number"]}, r"kinds\[0\]: unknown kind \"phone_number\""),
    ({"require_context": ["x"]}, "require_context"),
    ({"min_confidence": "certain"}, "min_confidence"),
    ({"context_window": 0}, "context_window"),
    ({"context_window": -5}, "context_window"),
    ({"context_window": 100_000}, "out of range"),
    ({"max_findings": -1}, "max_findings"),
    ({"keywords": [""]}, "empty"),
    ({"keywords": ["   "]}, "empty"),
    ({"keywords": ["あ" * 200]}, "longer than"),
    ({"keywords": [{"txt": "x"}]}, r"keywords\[0\]"),
    ({"keywords": [{"text": "x", "severity": "urgent"}]}, r"keywords\[0\]"),
    ({"regexes": [{"name": "r", "pattern": "("}]}, "does not compile"),
    ({"regexes": [{"name": "r", "pattern": "a*"}]}, "empty string"),
    ({"regexes": [{"name": "Bad Name!", "pattern": "a"}]}, "invalid"),
    ({"regexes": [{"name": "r"}]}, "pattern"),
    ({"policy": {"blok_at_personal": 3}}, "unknown field"),
    ({"policy": {"block_at_personal": "ten"}}, "policy"),
    ({"policy": {"block_on_any": ["nope"]}}, "policy"),
    ({"policy": {"min_confidence": 0.5}}, "policy"),
])
def test_config_errors(kwargs, pattern):
    with pytest.raises(mamori.ConfigError, match=pattern):
        mamori.Scanner(**kwargs)


@pytest.mark.parametrize("kwargs", [
    {"kinds": "phone"},            # a bare str, not a list
    {"kinds": 5},
    {"kinds": [1]},
    {"require_context": b"phone"},
    {"keywords": "社外秘"},
    {"keywords": [b"bytes"]},
    {"keywords": [None]},
    {"regexes": ["x"]},
    {"regexes": 3},
    {"policy": "strict"},
    {"policy": ["x"]},
    {"policy": {"per_kind": {1: {"block": 1}}}},
    {"policy": {"per_kind": {"phone": object()}}},
    {"min_confidence": 1},
    {"min_confidence": None},
    {"context_window": "300"},
    {"context_window": 1.5},
    {"reveal_values": "yes"},
    {"max_findings": None},
])
def test_type_errors_in_constructor(kwargs):
    with pytest.raises(TypeError):
        mamori.Scanner(**kwargs)


def test_unknown_keyword_argument():
    with pytest.raises(TypeError):
        mamori.Scanner(limit={})


def test_from_config_errors():
    with pytest.raises(mamori.ConfigError, match="unknown field"):
        mamori.Scanner.from_config({"kind": ["phone"]})
    # The core's shape takes keywords as plain strings too (since documents landed).
    assert mamori.Scanner.from_config({"keywords": ["社外秘"]}).config()["keywords"]
    with pytest.raises(mamori.ConfigError):
        mamori.Scanner.from_config({"keywords": [{"txt": "not the core shape"}]})
    with pytest.raises(mamori.ConfigError):
        mamori.Scanner.from_config({"keywords": [5]})
    with pytest.raises(TypeError):
        mamori.Scanner.from_config('{"kinds": null}')
    with pytest.raises(mamori.ConfigError, match="finite"):
        mamori.Scanner.from_config({"regexes": [{"name": "r", "pattern": "x", "score": float("nan")}]})


def test_scan_argument_types():
    s = mamori.Scanner()
    with pytest.raises(TypeError, match="scan_bytes"):
        s.scan_text(b"bytes")
    with pytest.raises(TypeError):
        s.scan_text(None)
    with pytest.raises(TypeError, match="scan_text"):
        s.scan_bytes("str")
    for bad in (None, 5, 1.0, [1, 2], object()):
        with pytest.raises(TypeError):
            s.scan_bytes(bad)
    with pytest.raises(TypeError):
        s.scan_bytes(b"x", name=5)
    with pytest.raises(TypeError):
        s.scan_file(5)
    with pytest.raises(TypeError):
        s.scan_file(None)
    with pytest.raises(TypeError):
        s.stream().feed(5)
    with pytest.raises(TypeError):
        s.stream().feed(None)


def test_file_errors(tmp_path):
    s = mamori.Scanner()
    missing = tmp_path / "missing.txt"
    with pytest.raises(FileNotFoundError) as info:
        s.scan_file(missing)
    assert info.value.filename == str(missing)
    assert info.value.errno == 2
    with pytest.raises(IsADirectoryError):
        s.scan_file(tmp_path)
    locked = tmp_path / "locked.txt"
    locked.write_text("x")
    locked.chmod(0)
    try:
        import os
        if os.geteuid() != 0:  # root reads anyway
            with pytest.raises(PermissionError):
                s.scan_file(locked)
    finally:
        locked.chmod(0o644)


def test_lone_surrogate_is_a_value_error():
    with pytest.raises(UnicodeEncodeError):
        mamori.Scanner().scan_text("TEL 03-1234-5678 \ud800")


def test_arbitrary_bytes_never_crash():
    """Invalid UTF-8, NULs, every byte value, long digit runs and separators."""
    s = mamori.Scanner(keywords=["社外秘"], regexes=[("r", "[0-9]{3}")], reveal_values=True)
    rng = random.Random(7)
    alphabet = [bytes([b]) for b in range(256)] + [
        "０".encode(), "－".encode(), "@".encode(), "〒".encode(), "マイナンバー".encode(),
        "\n".encode(), b"-", b"03", b"090", b"\xef\xbc", b"\xe3\x80\x80"]
    for n in range(300):
        data = b"".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
        # Extracted (sniffed as text, binary, mail...): offsets into the text scanned.
        for report in (s.scan_bytes(data), s.scan_bytes(data, name="x.bin")):
            for f in report.findings:
                assert 0 <= f.start <= f.end <= max(len(data), report.bytes_scanned)
        # Plain text, streamed in pieces or in one piece: the same findings.
        whole = s.stream()
        whole.feed(data)
        expected = whole.finish()
        for f in expected.findings:
            assert 0 <= f.start <= f.end <= len(data)
        stream = s.stream()
        for i in range(0, len(data), 17):
            stream.feed(data[i : i + 17])
        assert stream.finish().findings == expected.findings
