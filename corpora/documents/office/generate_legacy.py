#!/usr/bin/env python3
"""Legacy Office and OpenDocument corpus files, made by LibreOffice from documents written
with python-docx, openpyxl and python-pptx, filled with Faker ja_JP people and python-stdnum
valid My Numbers.

    apt-get install -y --no-install-recommends libreoffice-writer-nogui \
        libreoffice-calc-nogui libreoffice-impress-nogui
    python3 -m venv /tmp/office-venv
    /tmp/office-venv/bin/pip install python-docx python-pptx openpyxl Faker python-stdnum phonenumbers lxml
    /tmp/office-venv/bin/python corpora/documents/office/generate_legacy.py

Writes `議事メモ.doc`/`.odt` (from a docx), `会員名簿.ods` (from an xlsx), `営業提案.ppt`/`.odp`
(from a pptx) beside this script and replaces their lines in `../ground_truth.jsonl`.
Expected locations come from the source documents (python-docx paragraphs in body order,
openpyxl cell coordinates, python-pptx slide order) and, for the ODF files, from counting
`text:p`/`text:h` in LibreOffice's `content.xml` with lxml.
"""

import json
import random
import subprocess
import tempfile
import zipfile
from pathlib import Path

import docx
import openpyxl
import phonenumbers
import pptx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from faker import Faker
from lxml import etree
from pptx.util import Inches
from stdnum.jp import in_ as my_number_std

HERE = Path(__file__).resolve().parent
TRUTH = HERE.parent / "ground_truth.jsonl"
SEED = 20261202

fake = Faker("ja_JP")
Faker.seed(SEED)
rng = random.Random(SEED)
items: list[dict] = []


def my_number() -> str:
    body = "".join(str(rng.randrange(10)) for _ in range(11))
    n = body + my_number_std.calc_check_digit(body)
    assert my_number_std.is_valid(n)
    return n


def phone() -> str:
    """A Faker ja_JP number that phonenumbers takes for a fixed line or a mobile as written
    (Faker also makes `63-1234-5678`, and `080-0xxx-xxxx`, which is a toll-free 0800)."""
    kinds = (phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE)
    while True:
        tel = fake.phone_number()
        n = phonenumbers.parse(tel, "JP")
        if phonenumbers.is_valid_number(n) and phonenumbers.number_type(n) in kinds:
            return tel


def truth(file: str, location: str, kind: str, value: str) -> None:
    items.append({"file": f"office/{file}", "location": location, "kind": kind, "value": value})


def convert(src: Path, fmt: str, out_dir: Path) -> Path:
    subprocess.run(
        ["soffice", "--headless", "--convert-to", fmt, "--outdir", str(out_dir), str(src)],
        check=True,
        capture_output=True,
    )
    ext = fmt.split(":")[0]
    out = out_dir / (src.stem + "." + ext)
    assert out.exists(), out
    return out


def add_hyperlink_field(paragraph, target: str, shown: str) -> None:
    """A simple field `HYPERLINK "target"` whose result text does not show the target."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), f'HYPERLINK "{target}"')
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = shown
    run.append(t)
    fld.append(run)
    paragraph._p.append(fld)


def gen_word(tmp: Path) -> None:
    stem = "議事メモ"
    d = docx.Document()
    author = fake.name()
    d.core_properties.author = author
    d.core_properties.title = "議事メモ"
    body: list[object] = []

    def para(text: str, found: list[tuple[str, str]]):
        p = d.add_paragraph(text)
        body.append((p, found))
        return p

    para("議事メモ（営業部）", [])
    for _ in range(3):
        name, tel, mail, mn = fake.name(), phone(), fake.email(), my_number()
        para(f"出席者：{name}　電話：{tel}", [("phone", tel)])
        para(f"連絡先メール：{mail}", [("email", mail)])
        para(f"個人番号：{mn}", [("my_number", mn)])
    linked = fake.email()
    p = para("問い合わせは", [("email", linked)])
    add_hyperlink_field(p, f"mailto:{linked}", "こちら")
    table = d.add_table(rows=3, cols=3)
    for r in range(3):
        name, tel, mail = fake.name(), phone(), fake.email()
        for c, (text, found) in enumerate(
            [(name, []), (tel, [("phone", tel)]), (mail, [("email", mail)])]
        ):
            table.cell(r, c).text = text
            body.append((table.cell(r, c).paragraphs[0], found))
    tel, mn = phone(), my_number()
    para(f"次回連絡先：{tel}", [("phone", tel)])
    para(f"確認番号：{mn}", [("my_number", mn)])
    src = tmp / f"{stem}.docx"
    d.save(src)

    # Paragraph numbers as python-docx sees the body: every w:p in document order.
    numbers = {}
    for i, p in enumerate(d.element.body.iter(qn("w:p"))):
        numbers[id(p)] = i + 1
    doc_file = convert(src, "doc:MS Word 97", HERE)
    odt_file = convert(src, "odt", HERE)
    for p, found in body:
        n = numbers[id(p._p)]
        for kind, value in found:
            truth(doc_file.name, f"{doc_file.name}#p={n}", kind, value)
    truth(doc_file.name, f"{doc_file.name}#props", "person_name", author)

    # The ODF file's own paragraph numbers: text:p / text:h of the body in document order.
    with zipfile.ZipFile(odt_file) as z:
        root = etree.fromstring(z.read("content.xml"))
    ns = {"text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
          "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
          "xlink": "http://www.w3.org/1999/xlink"}
    body_el = root.find("office:body/office:text", ns)
    ps = [e for e in body_el.iter() if e.tag in (f"{{{ns['text']}}}p", f"{{{ns['text']}}}h")]
    for _, found in body:
        for kind, value in found:
            hits = [
                i + 1 for i, e in enumerate(ps)
                if value in "".join(e.itertext())
                or any(a.get(f"{{{ns['xlink']}}}href", "").endswith(value) for a in e.iter())
            ]
            assert len(hits) == 1, (value, hits)
            truth(odt_file.name, f"{odt_file.name}#p={hits[0]}", kind, value)
    truth(odt_file.name, f"{odt_file.name}#props", "person_name", author)


def gen_calc(tmp: Path) -> None:
    stem = "会員名簿"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "会員"
    ws.append(["氏名", "電話", "メール", "個人番号"])
    cells = []
    for r in range(2, 10):
        name, tel, mail, mn = fake.name(), phone(), fake.email(), my_number()
        ws.append([name, tel, mail, int(mn) if mn[0] != "0" else mn])
        cells += [(f"会員!B{r}", "phone", tel), (f"会員!C{r}", "email", mail),
                  (f"会員!D{r}", "my_number", mn)]
    ws2 = wb.create_sheet("連絡先")
    tel = phone()
    ws2["C5"] = tel
    cells.append(("連絡先!C5", "phone", tel))
    src = tmp / f"{stem}.xlsx"
    wb.save(src)
    ods = convert(src, "ods", HERE)
    for at, kind, value in cells:
        truth(ods.name, f"{ods.name}#{at}", kind, value)


def gen_impress(tmp: Path) -> None:
    stem = "営業提案"
    prs = pptx.Presentation()
    author = fake.name()
    prs.core_properties.author = author
    slides = []
    s = prs.slides.add_slide(prs.slide_layouts[0])
    tel = phone()
    s.shapes.title.text = "営業提案"
    s.placeholders[1].text = f"担当：{fake.name()}　電話 {tel}"
    slides.append([("phone", tel)])
    s = prs.slides.add_slide(prs.slide_layouts[1])
    s.shapes.title.text = "お客様連絡先"
    found = []
    lines = []
    for _ in range(2):
        name, tel, mail = fake.name(), phone(), fake.email()
        lines.append(f"{name}　{tel}　{mail}")
        found += [("phone", tel), ("email", mail)]
    s.placeholders[1].text = "\n".join(lines)
    box = s.shapes.add_textbox(Inches(1), Inches(5.5), Inches(6), Inches(1))
    mn = my_number()
    box.text_frame.text = f"個人番号：{mn}"
    found.append(("my_number", mn))
    notes_mn = my_number()
    s.notes_slide.notes_text_frame.text = f"メモ：個人番号 {notes_mn}"
    slides.append(found)
    s = prs.slides.add_slide(prs.slide_layouts[5])
    s.shapes.title.text = "問い合わせ"
    mail = fake.email()
    box = s.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(1))
    box.text_frame.text = f"窓口：{mail}"
    slides.append([("email", mail)])
    src = tmp / f"{stem}.pptx"
    prs.save(src)
    for fmt in ("ppt", "odp"):
        out = convert(src, fmt, HERE)
        for n, found in enumerate(slides, 1):
            for kind, value in found:
                truth(out.name, f"{out.name}#slide={n}", kind, value)
        truth(out.name, f"{out.name}#slide=2/notes", "my_number", notes_mn)
        truth(out.name, f"{out.name}#props", "person_name", author)


def main() -> None:
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        gen_word(tmp)
        gen_calc(tmp)
        gen_impress(tmp)
    mine = {i["file"] for i in items}
    kept = [
        line for line in TRUTH.read_text(encoding="utf-8").splitlines()
        if line.strip() and json.loads(line)["file"] not in mine
    ]
    lines = kept + [json.dumps(i, ensure_ascii=False) for i in items]
    TRUTH.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(items)} items for {sorted(mine)}")


if __name__ == "__main__":
    main()
