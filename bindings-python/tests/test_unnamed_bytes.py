"""``scan_bytes(data)`` without a name extracts like the core's ``Scanner::scan_bytes(data,
None)``: archives, mail and documents are opened by content sniffing."""

from __future__ import annotations

import io
import zipfile

import pytest

import mamori
from conftest import as_core_shape, run_core
from test_documents import document_files

MEMBER_TEXT = "氏名,電話\n山田太郎,03-1234-5678\n"
MEMO_TEXT = "マイナンバー：6214-9832-0257\n"
EML = (
    "From: 山田 <yamada@example.co.jp>\r\n"
    "To: sato@example.com\r\n"
    "Subject: =?UTF-8?B?5L2P5omA?=\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: 8bit\r\n"
    "\r\n"
    "お世話になっております。TEL 03-1234-5678 までご連絡ください。\r\n"
).encode()


@pytest.fixture(scope="module")
def scanner():
    return mamori.Scanner()


def make_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("名簿.csv", MEMBER_TEXT)
        z.writestr("sub/memo.txt", MEMO_TEXT)
    return buf.getvalue()


def test_unnamed_zip_is_opened(scanner):
    data = make_zip()
    report = scanner.scan_bytes(data)
    assert report.name is None
    assert report.counts["phone"] == 1 and report.counts["my_number"] == 1
    by_kind = {f.kind: f for f in report.findings}
    assert by_kind["phone"].location == "!名簿.csv"
    assert by_kind["my_number"].location == "!sub/memo.txt"
    # Offsets are into the member's text.
    phone = by_kind["phone"]
    assert MEMBER_TEXT.encode()[phone.start : phone.end] == b"03-1234-5678"
    # With a name, the same findings start their location with it.
    named = scanner.scan_bytes(data, name="a.zip")
    assert [f.location for f in named.findings] == ["a.zip" + f.location for f in report.findings]
    # Every bytes-like type gives the same report (mutable buffers are read piecewise).
    for other in (bytearray(data), memoryview(data), memoryview(bytearray(data))):
        assert scanner.scan_bytes(other).to_json() == report.to_json()


def test_unnamed_eml_is_opened(scanner):
    report = scanner.scan_bytes(EML)
    locations = {f.kind: f.location for f in report.findings}
    assert locations["phone"] == "#body"
    assert report.counts["email"] == 2
    assert {f.location for f in report.findings if f.kind == "email"} == {"#From", "#To"}
    # A plain-text scan of the same bytes sees no places inside a mail.
    assert all(f.location is None for f in mamori.Scanner().scan_text(EML.decode()).findings)


def test_unnamed_shift_jis_text_is_decoded(scanner):
    data = "電話：03-1234-5678 マイナンバー：6214-9832-0257\n".encode("cp932")
    report = scanner.scan_bytes(data)
    assert report.counts == {"my_number": 1, "phone": 1}
    assert {f.location for f in report.findings} == {"#enc=Shift_JIS"}


def test_unnamed_documents_match_core(scanner, core_report):
    """Every file of corpora/documents, unnamed: the report equals the core's
    ``Scanner::scan_bytes(data, None)``."""
    files = document_files()
    expected = run_core(core_report, files, entry="unnamed")
    opened = 0
    for path in files:
        got = scanner.scan_bytes(path.read_bytes()).to_dict()
        assert got["name"] is None
        assert as_core_shape(got, byte_offsets=True, plain=False) == expected[path.name], path
        opened += sum(f["location"] is not None for f in got["findings"])
    assert opened > 20
