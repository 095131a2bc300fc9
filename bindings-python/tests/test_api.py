"""Behaviour of the public API: scanner options, reports, findings, streams, files."""

from __future__ import annotations

import json
import os
import pathlib

import pytest

import mamori
from conftest import DOCUMENTS, as_core_shape, run_core

MAIL = (
    "件名：【社外秘】入社手続きのお願い\n"
    "山田様\n"
    "マイナンバー：6214-9832-0257\n"
    "TEL ０３－１２３４－５６７８ / yamada@example.co.jp\n"
    "〒100-0001 東京都千代田区千代田1-1\n"
)


@pytest.fixture(scope="module")
def scanner():
    return mamori.Scanner(keywords=["社外秘"])


def test_module_exports():
    assert mamori.__version__
    assert "my_number" in mamori.KINDS and "custom" in mamori.KINDS
    assert mamori.DEFAULT_CONTEXT_WINDOW == 300
    for name in mamori.__all__:
        assert hasattr(mamori, name), name
    for cls in (mamori.Scanner, mamori.Report, mamori.Finding, mamori.Verdict, mamori.Stream):
        assert cls.__module__ == "mamori"


def test_scan_text_report(scanner):
    report = scanner.scan_text(MAIL)
    kinds = [f.kind for f in report.findings]
    assert kinds == [
        "keyword", "person_name", "my_number", "phone", "email", "postal_code", "address"]
    assert report.counts == {k: 1 for k in kinds}
    assert report.distinct_counts == report.counts
    assert report.personal_items == 6  # keywords are not personal
    assert report.distinct_personal_items == 6
    assert report.persons == 1  # 山田様 and their details: one person
    assert report.verdict.action == "block"
    assert any("my_number" in r for r in report.verdict.reasons)
    assert report.unscannable == []
    assert report.bytes_scanned == len(MAIL.encode())
    assert report.name is None
    assert not report.findings_truncated and not report.distinct_saturated


def test_finding_fields(scanner):
    report = scanner.scan_text(MAIL)
    f = report.findings[2]
    assert f.kind == "my_number"
    assert f.rule is None
    assert f.severity == "high"
    assert isinstance(f.confidence, mamori.Confidence)
    assert 0.8 <= f.confidence.score <= 1.0 and f.confidence.level == "high"
    assert MAIL[f.start : f.end] == "6214-9832-0257"
    assert MAIL.encode()[f.byte_start : f.byte_end] == b"6214-9832-0257"
    assert (f.line, f.column) == (3, 8)
    assert f.location is None
    assert f.text is None  # not revealed by default
    assert f.masked == "****-****-0257"
    assert f.hotwords == ["マイナンバー"]
    keyword = report.findings[0]
    assert keyword.rule is None  # no label given
    assert keyword.masked == "社**"


def test_repr_never_shows_raw_values():
    scanner = mamori.Scanner(keywords=["社外秘"], reveal_values=True)
    report = scanner.scan_text(MAIL)
    texts = [f.text for f in report.findings]
    assert "6214-9832-0257" in texts and "yamada@example.co.jp" in texts
    shown = repr(report) + repr(report.findings) + repr(report.verdict) + repr(scanner)
    for raw in texts:
        assert raw not in shown, raw
    assert "****-****-0257" in repr(report.findings)
    # The default JSON carries no raw value; with reveal_values it does (redaction tools).
    plain = mamori.Scanner(keywords=["社外秘"]).scan_text(MAIL).to_json()
    assert "6214-9832-0257" not in plain and "yamada@example" not in plain
    assert "6214-9832-0257" in report.to_json()


def test_reveal_values_text_matches_span():
    report = mamori.Scanner(reveal_values=True).scan_text(MAIL)
    for f in report.findings:
        assert f.text == MAIL[f.start : f.end]


def test_to_dict_and_to_json(scanner):
    report = scanner.scan_text(MAIL)
    d = report.to_dict()
    assert d == json.loads(report.to_json())
    assert json.loads(report.to_json(indent=2)) == d
    assert "\n  " in report.to_json(indent=2)
    assert d["verdict"] == report.verdict.to_dict() == {"action": "block", "reasons": report.verdict.reasons}
    assert d["counts"] == report.counts
    assert d["unscannable"] == [] and d["name"] is None
    assert [x["kind"] for x in d["findings"]] == [f.kind for f in report.findings]
    for x, f in zip(d["findings"], report.findings):
        assert x == f.to_dict()
        assert x["confidence"] == f.confidence.to_dict()
        assert x["confidence"] == {"score": f.confidence.score, "level": f.confidence.level}
        assert (x["start"], x["end"], x["byte_start"], x["byte_end"]) == (
            f.start, f.end, f.byte_start, f.byte_end)
        assert x["location"] is None and "text" not in x


def test_findings_list_is_fresh_but_items_are_shared(scanner):
    report = scanner.scan_text(MAIL)
    a, b = report.findings, report.findings
    assert a is not b and a == b
    assert all(x is y for x, y in zip(a, b))
    a.clear()
    assert len(report.findings) == 7


def test_finding_equality_and_hash(scanner):
    a = scanner.scan_text(MAIL).findings
    b = scanner.scan_text(MAIL).findings
    assert a == b
    assert len({*a, *b}) == len(a)
    assert a[0] != a[1]
    assert a[0] != "keyword"


def test_character_offsets_with_1_to_4_byte_characters():
    scanner = mamori.Scanner(reveal_values=True, keywords=["機密"])
    pieces = ["a", "é", "漢", "🎌", "ｶ", "\u3000", "\n"]
    text = ""
    for i in range(300):
        text += pieces[i % len(pieces)] * (i % 5)
        text += ["TEL 03-1234-5678", "機密", "mail: a.b@example.jp", "〒100-0001"][i % 4]
    report = scanner.scan_text(text)
    assert len(report.findings) >= 250  # a few are glued to letters and rightly skipped
    for f in report.findings:
        assert text[f.start : f.end] == f.text
        assert len(text[: f.start].encode()) == f.byte_start
        assert len(text[: f.end].encode()) == f.byte_end


def test_ascii_text_offsets_equal_bytes(scanner):
    text = "call 03-1234-5678 or mail a@example.com"
    report = scanner.scan_text(text)
    for f in report.findings:
        assert (f.start, f.end) == (f.byte_start, f.byte_end)


def test_scan_bytes_name_and_offsets(scanner):
    data = MAIL.encode()
    # Without a name: plain UTF-8 text keeps byte offsets into data and has no location.
    report = scanner.scan_bytes(data)
    assert report.name is None and report.unscannable == []
    for f in report.findings:
        assert (f.start, f.end) == (f.byte_start, f.byte_end)
        assert f.location is None
    assert data[report.findings[2].start : report.findings[2].end] == b"6214-9832-0257"
    text_report = scanner.scan_text(MAIL)
    assert [(f.kind, f.byte_start, f.masked) for f in text_report.findings] == [
        (f.kind, f.start, f.masked) for f in report.findings]
    # With a name: the same findings, located at the name.
    named = scanner.scan_bytes(data, name="mail.txt")
    assert named.name == "mail.txt"
    assert named.to_dict()["name"] == "mail.txt"
    assert [f.location for f in named.findings] == ["mail.txt"] * len(report.findings)
    assert [(f.kind, f.start, f.end) for f in named.findings] == [
        (f.kind, f.start, f.end) for f in report.findings]


def test_scan_bytes_name_extracts_documents(scanner):
    data = (DOCUMENTS / "office" / "顧客台帳.xlsx").read_bytes()
    named = scanner.scan_bytes(data, name="名簿.xlsx")
    assert named.findings and all(f.location.startswith("名簿.xlsx#") for f in named.findings)
    # A mutable buffer is read piecewise: same report.
    assert scanner.scan_bytes(bytearray(data), name="名簿.xlsx").to_json() == named.to_json()
    assert scanner.scan_bytes(memoryview(data), name="名簿.xlsx").to_json() == named.to_json()
    # Without a name the workbook is still opened (format sniffed from the content): the
    # same findings, at locations that start with the place inside the file.
    unnamed = scanner.scan_bytes(data)
    assert unnamed.name is None and unnamed.counts == named.counts
    assert [f.location for f in unnamed.findings] == [
        f.location.removeprefix("名簿.xlsx") for f in named.findings]
    assert any(f.location.startswith("#顧客!") for f in unnamed.findings)


def test_kinds_and_min_confidence():
    only_phone = mamori.Scanner(kinds=["phone"])
    assert {f.kind for f in only_phone.scan_text(MAIL).findings} == {"phone"}
    text = "メモ 0312345678"  # contiguous, no label: low confidence
    assert mamori.Scanner().scan_text(text).findings
    assert mamori.Scanner(min_confidence="high").scan_text(text).findings == []
    assert mamori.Scanner(min_confidence="HIGH").scan_text(text).findings == []


def test_require_context():
    text = "番号 621498320257 です"
    assert [f.kind for f in mamori.Scanner().scan_text(text).findings] == ["my_number"]
    strict = mamori.Scanner(require_context=["my_number"])
    assert strict.scan_text(text).findings == []
    assert strict.scan_text("マイナンバー 621498320257").findings


def test_keywords_as_dicts():
    scanner = mamori.Scanner(
        keywords=[{"text": "Project Orion", "label": "orion", "severity": "high"}, "極秘"])
    report = scanner.scan_text("re: project orion の件（極秘）")
    assert [(f.kind, f.rule) for f in report.findings][0] == ("keyword", "orion")
    assert report.findings[0].severity == "high"
    assert report.verdict.action == "block"  # high-severity keyword blocks by default
    assert report.counts == {"keyword": 2}


def test_regexes():
    scanner = mamori.Scanner(regexes=[
        {"name": "employee_id", "pattern": "EMP-[0-9]{6}", "severity": "high", "score": 0.7},
        ("ticket", "TCK#[0-9]+"),
    ])
    report = scanner.scan_text("社員 EMP-123456 の件 TCK#42")
    assert [(f.kind, f.rule) for f in report.findings] == [
        ("custom", "employee_id"), ("custom", "ticket")]
    assert report.findings[0].confidence.score == 0.7
    assert report.findings[0].confidence.level == "medium"
    assert report.counts == {"employee_id": 1, "ticket": 1}


def test_policy():
    text = "TEL 03-1234-5678"
    assert mamori.Scanner().scan_text(text).verdict.action == "review"
    allow = mamori.Scanner(policy={"review_at_personal": None})
    assert allow.scan_text(text).verdict.action == "allow"
    assert allow.scan_text(text).verdict.reasons == []
    block = mamori.Scanner(policy={"per_kind": {"phone": {"block": 1}}})
    verdict = block.scan_text(text).verdict
    assert verdict.action == "block" and "phone: 1 >= 1 (block)" in verdict.reasons
    no_mn = mamori.Scanner(policy={"block_on_any": [], "block_at_personal": None})
    assert no_mn.scan_text("マイナンバー 621498320257").verdict.action == "review"


def test_count_distinct_in_policy_and_report():
    thread = "TEL 03-1234-5678\n" * 12
    report = mamori.Scanner().scan_text(thread)
    assert report.counts["phone"] == 12 and report.distinct_counts["phone"] == 1
    assert report.verdict.action == "review"  # one distinct personal item
    occurrences = mamori.Scanner(policy={"count_distinct": False}).scan_text(thread)
    assert occurrences.verdict.action == "block"


def test_max_findings_truncates_but_counts_all():
    text = "".join(f"TEL 03-1234-{i:04d}\n" for i in range(1000, 1050))
    report = mamori.Scanner(max_findings=10).scan_text(text)
    assert len(report.findings) == 10 and report.findings_truncated
    assert report.counts["phone"] == 50
    assert mamori.Scanner(max_findings=0).scan_text(text).findings == []


def test_context_window():
    far = "マイナンバー" + "あ" * 100 + " 621498320257"
    near = mamori.Scanner(context_window=50).scan_text(far).findings[0]
    wide = mamori.Scanner(context_window=200).scan_text(far).findings[0]
    assert near.hotwords == [] and wide.hotwords == ["マイナンバー"]
    assert wide.confidence.score > near.confidence.score


def test_config_round_trip():
    scanner = mamori.Scanner(kinds=["phone", "email"], keywords=["極秘"], max_findings=5)
    config = scanner.config()
    assert config["kinds"] == ["phone", "email"] and config["max_findings"] == 5
    again = mamori.Scanner.from_config(config)
    assert again.config() == config
    assert json.loads(json.dumps(config)) == config
    assert mamori.Scanner.from_config({}).config() == mamori.Scanner().config()


def test_empty_input(scanner):
    for report in (scanner.scan_text(""), scanner.scan_bytes(b""), scanner.stream().finish()):
        assert report.findings == [] and report.counts == {}
        assert report.bytes_scanned == 0 and report.verdict.action == "allow"


def core_path_report(core_report, scanner, path) -> dict:
    """The Rust core's ``Scanner::scan_path`` report of ``path`` (what scan_file wraps)."""
    return run_core(core_report, [path], scanner.config(), entry="path")[path.name]


def test_scan_file_path_types(scanner, tmp_path, core_report):
    p = tmp_path / "mail.txt"
    p.write_bytes(MAIL.encode())
    expected = core_path_report(core_report, scanner, p)
    assert expected["findings"]
    first = None
    for arg in (p, str(p), os.fsencode(p)):
        report = scanner.scan_file(arg)
        assert as_core_shape(report.to_dict(), byte_offsets=True, plain=False) == expected
        assert report.name == str(p)
        first = first or report.findings
        assert report.findings == first

    class Custom:
        def __fspath__(self):
            return str(p)

    assert scanner.scan_file(Custom()).findings == first


def test_scan_file_mail_like_text(scanner, tmp_path, core_report):
    """A .txt that looks like a mail is read as one: locations name the header or body."""
    p = tmp_path / "note.txt"
    p.write_bytes(
        ("From: 山田 <yamada@example.co.jp>\nTo: sato@example.com\nSubject: test\n\n" + MAIL).encode()
    )
    report = scanner.scan_file(p)
    assert as_core_shape(report.to_dict(), byte_offsets=True, plain=False) == core_path_report(
        core_report, scanner, p)
    assert all(f.location.startswith("note.txt") for f in report.findings)


def test_scan_file_large_matches_core(scanner, tmp_path, core_report):
    block = (MAIL * 50).encode()
    data = block * (17 * 2**20 // len(block) + 1)  # larger than any in-memory threshold
    p = tmp_path / "big.txt"
    p.write_bytes(data)
    a = scanner.scan_file(p)
    assert a.bytes_scanned == len(data)
    assert as_core_shape(a.to_dict(), byte_offsets=True, plain=False) == core_path_report(
        core_report, scanner, p)
    b = scanner.scan_bytes(data, name="big.txt")
    assert a.findings == b.findings and a.counts == b.counts
    assert a.verdict == b.verdict


def test_stream_context_manager(scanner):
    data = MAIL.encode()
    with scanner.stream() as stream:
        assert not stream.closed and stream.report is None
        found = []
        for i in range(0, len(data), 5):
            found += stream.feed(data[i : i + 5])
        assert stream.bytes_fed == len(data)
    assert stream.closed
    report = stream.report
    assert report is not None and report.bytes_scanned == len(data)
    assert report.findings == scanner.scan_bytes(data).findings
    assert found == report.findings[: len(found)]
    assert stream.finish().to_json() == report.to_json()  # finish() again: same report
    assert "finished" in repr(stream)


def test_stream_accepts_str_and_buffers(scanner):
    data = MAIL.encode()
    stream = scanner.stream()
    stream.feed(MAIL[:20])
    stream.feed(bytearray(MAIL[20:40].encode()))
    stream.feed(memoryview(MAIL[40:].encode()))
    report = stream.finish()
    assert report.findings == scanner.scan_bytes(data).findings


def test_stream_exception_in_with_block_closes_without_report(scanner):
    with pytest.raises(RuntimeError):
        with scanner.stream() as stream:
            stream.feed(MAIL.encode())
            raise RuntimeError("boom")
    assert stream.closed and stream.report is None
    with pytest.raises(mamori.StreamClosedError):
        stream.feed(b"x")
    with pytest.raises(mamori.StreamClosedError):
        stream.finish()


def test_stream_feed_after_finish(scanner):
    stream = scanner.stream()
    stream.feed(b"TEL 03-1234-5678")
    stream.finish()
    with pytest.raises(mamori.StreamClosedError, match="finished"):
        stream.feed(b"more")


def test_scanner_repr(scanner):
    assert repr(scanner) == "Scanner(kinds=None, keywords=1, regexes=0, min_confidence='low')"
    assert "phone" in repr(mamori.Scanner(kinds=["phone"]))


def test_many_keywords():
    words = [f"機密案件{i:05d}" for i in range(10_000)]
    scanner = mamori.Scanner(keywords=words)
    report = scanner.scan_text("本件は 機密案件04242 と 機密案件09999 に関する")
    assert report.counts == {"keyword": 2}


def test_pathlib_and_unicode_file_names(scanner, tmp_path):
    p = tmp_path / "社員名簿 (2024).txt"
    p.write_text(MAIL, encoding="utf-8")
    report = scanner.scan_file(pathlib.Path(p))
    assert report.name == str(p) and report.counts["my_number"] == 1
