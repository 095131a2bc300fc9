"""Addresses, personal names and person counts: ``Finding.parts``, ``Report.persons`` and
the policy thresholds on persons."""

from __future__ import annotations

import json

import pytest

import mamori

ADDRESS = "お届け先：〒150-0043 東京都渋谷区道玄坂1-2-3 渋谷ビル5F\n"

CUSTOMERS = (
    "顧客ID,氏名,郵便番号,住所,電話番号\n"
    "C0100001,藤本 尚征,633-0003,奈良県桜井市朝倉台東９丁目１４番１３号,090-5271-3832\n"
    "C0100002,野崎 達也,063-0052,北海道札幌市西区宮の沢二条4丁目18番3号,090-3865-3327\n"
    "C0100003,岡本　祐奈,787-0307,高知県土佐清水市緑ケ丘856番地28,088-834-8326\n"
)


def address_finding(report: mamori.Report) -> mamori.Finding:
    found = [f for f in report.findings if f.kind == "address"]
    assert len(found) == 1, report.findings
    return found[0]


def test_new_kinds_are_listed():
    assert mamori.KINDS == (
        "my_number", "corporate_number", "phone", "postal_code", "credit_card", "email",
        "bank_account", "passport", "residence_card", "basic_pension_number",
        "drivers_license", "address", "person_name", "keyword", "custom")
    # Both can be selected and are on by default.
    assert mamori.Scanner(kinds=["address", "person_name"]).config()["kinds"] == [
        "address", "person_name"]
    assert {f.kind for f in mamori.Scanner().scan_text(ADDRESS + "担当：山田太郎様").findings} >= {
        "address", "person_name"}


def test_address_parts_slice_the_str_for_scan_text():
    report = mamori.Scanner(reveal_values=True).scan_text(ADDRESS)
    f = address_finding(report)
    parts = f.parts
    assert parts is not None
    assert ADDRESS[slice(*parts["prefecture"])] == "東京都"
    assert ADDRESS[slice(*parts["municipality"])] == "渋谷区"
    assert ADDRESS[slice(*parts["town"])] == "道玄坂"
    assert ADDRESS[slice(*parts["rest"])].startswith("1-2-3")
    # The parts lie inside the finding, in order, in the unit of start/end (characters).
    spans = [parts[k] for k in ("prefecture", "municipality", "town", "rest")]
    assert spans[0][0] == f.start and spans[-1][1] == f.end
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert f.text == ADDRESS[f.start:f.end]
    assert f.start != f.byte_start  # the text before it is not ASCII: characters differ
    # Same dict in to_dict() and to_json().
    d = report.to_dict()["findings"][report.findings.index(f)]
    assert d["parts"] == parts == f.to_dict()["parts"]
    assert json.loads(report.to_json())["findings"][report.findings.index(f)]["parts"] == parts


@pytest.mark.parametrize("how", ["bytes", "stream", "named"])
def test_address_parts_are_byte_offsets_for_bytes(how):
    data = ADDRESS.encode()
    scanner = mamori.Scanner()
    if how == "bytes":
        report = scanner.scan_bytes(data)
    elif how == "named":
        report = scanner.scan_bytes(data, name="letter.txt")
    else:
        with scanner.stream() as stream:
            for i in range(0, len(data), 3):
                stream.feed(data[i : i + 3])
        report = stream.report
        assert report is not None
    f = address_finding(report)
    parts = f.parts
    assert parts is not None
    assert data[slice(*parts["prefecture"])].decode() == "東京都"
    assert data[slice(*parts["municipality"])].decode() == "渋谷区"
    assert data[slice(*parts["town"])].decode() == "道玄坂"
    assert (parts["prefecture"][0], parts["rest"][1]) == (f.byte_start, f.byte_end)
    # Byte reports carry the core's parts unchanged, in to_dict() too.
    assert report.to_dict()["findings"][report.findings.index(f)]["parts"] == parts


def test_address_without_prefecture_omits_the_key():
    text = "住所 渋谷区道玄坂1-2-3"
    f = address_finding(mamori.Scanner().scan_text(text))
    parts = f.parts
    assert parts is not None and "prefecture" not in parts
    assert text[slice(*parts["municipality"])] == "渋谷区"
    assert "prefecture" not in f.to_dict()["parts"]


def test_parts_is_none_for_other_kinds():
    report = mamori.Scanner().scan_text("TEL 03-1234-5678 担当：山田太郎様")
    assert report.findings
    for f in report.findings:
        if f.kind != "address":
            assert f.parts is None
            assert "parts" not in f.to_dict()


def test_person_name_rule_is_the_form():
    report = mamori.Scanner().scan_text("担当：山田太郎様")
    names = [f for f in report.findings if f.kind == "person_name"]
    assert names and all(f.rule in ("full_name", "surname", "reading") for f in names)
    assert names[0].severity == "medium"


def test_customer_csv_counts_three_persons():
    scanner = mamori.Scanner()
    report = scanner.scan_text(CUSTOMERS)
    assert report.persons == 3
    assert report.to_dict()["persons"] == 3
    assert json.loads(report.to_json())["persons"] == 3
    assert report.counts["person_name"] == 3 and report.counts["address"] == 3
    # The same through every entry point.
    data = CUSTOMERS.encode()
    assert scanner.scan_bytes(data).persons == 3
    assert scanner.scan_bytes(data, name="customers.csv").persons == 3
    with scanner.stream() as stream:
        for i in range(0, len(data), 17):
            stream.feed(data[i : i + 17])
    assert stream.report is not None and stream.report.persons == 3
    # Nothing personal: nobody exposed.
    assert scanner.scan_text("本日の会議は中止です。").persons == 0


def test_policy_thresholds_on_persons():
    quiet = {"review_at_personal": None, "block_at_personal": None, "block_on_any": [],
             "block_on_severity": None}
    assert mamori.Scanner(policy=quiet).scan_text(CUSTOMERS).verdict.action == "allow"
    review = mamori.Scanner(policy={**quiet, "review_at_persons": 3}).scan_text(CUSTOMERS).verdict
    assert review.action == "review" and review.reasons == ["persons: 3 >= 3 (review)"]
    block = mamori.Scanner(policy={**quiet, "review_at_persons": 2, "block_at_persons": 3})
    verdict = block.scan_text(CUSTOMERS).verdict
    assert verdict.action == "block" and verdict.reasons == ["persons: 3 >= 3 (block)"]
    # Under the threshold: no effect.
    assert mamori.Scanner(policy={**quiet, "block_at_persons": 4}).scan_text(
        CUSTOMERS).verdict.action == "allow"
    # The options round-trip through the configuration.
    config = block.config()
    assert (config["policy"]["review_at_persons"], config["policy"]["block_at_persons"]) == (2, 3)
    assert mamori.Scanner.from_config(config).scan_text(CUSTOMERS).verdict == verdict
    assert mamori.Scanner().config()["policy"]["block_at_persons"] is None
    with pytest.raises(mamori.ConfigError):
        mamori.Scanner(policy={"block_at_persons": -1})
    with pytest.raises(mamori.ConfigError):
        mamori.Scanner(policy={"block_at_persons": "3"})
