#!/usr/bin/env python3
"""Generate mamori's document/mail/archive extraction corpus with real tools.

    python3 corpora/documents/generate.py            # makes a venv in /tmp if needed
    python3 corpora/documents/generate.py --only xls # office/名簿.xls alone (LibreOffice)
    python3 corpora/documents/generate.py --only pdf-identity  # pdf/identity_japan1_名簿.pdf alone
    python3 corpora/documents/generate.py --only metadata  # HTML-only mail, mailto mail, docx properties

Writes files under corpora/documents/{text,office,mail,archive,hostile}/ and
corpora/documents/ground_truth.jsonl: one line per item that must be found,
{"file", "location", "kind", "value"}, where `file` is relative to
corpora/documents/ and `location` is the finding location mamori must report
(the file's own name first, as `Scanner::scan_path` does).

Tools: python-docx, openpyxl, python-pptx and msoffcrypto-tool (pip, in a venv
under /tmp), Python's email package (ISO-2022-JP, Shift_JIS, EUC-JP bodies),
the `zip`, `tar` and `gzip` commands (apt: zip). Office locations are derived by
parsing the files the libraries wrote, not assumed. Deterministic except for
timestamps inside archives and Office files.

All names, numbers and addresses are synthetic; My Numbers have valid check
digits and may collide with real ones by chance.
"""

from __future__ import annotations

import json
import os
import re
import random
import shutil
import subprocess
import sys
import zipfile
import zlib
import struct
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = Path("/tmp/mamori-docs-venv")
PIP_PKGS = [
    "python-docx==1.2.0",
    "openpyxl==3.1.5",
    "python-pptx==1.0.2",
    "msoffcrypto-tool==5.4.2",
    "XlsxWriter==3.3.1",
    "reportlab==4.4.4",
    "pikepdf==10.18.0",       # pdf/identity_japan1_名簿.pdf: rewrites reportlab's output
    "pdfminer.six==20260107",  # its copy of Adobe's UniJIS-UTF16-H CMap (Unicode -> CID)
]


def ensure_venv() -> None:
    try:
        import docx, openpyxl, pptx, msoffcrypto, xlsxwriter, reportlab  # noqa: F401
        return
    except ImportError:
        pass
    if os.environ.get("MAMORI_DOCS_VENV") == "1":
        sys.exit("venv has no python-docx/openpyxl/python-pptx")
    if not (VENV / "bin" / "python").exists():
        subprocess.check_call([sys.executable, "-m", "venv", str(VENV)])
    subprocess.check_call([str(VENV / "bin" / "pip"), "install", "-q", *PIP_PKGS])
    env = dict(os.environ, MAMORI_DOCS_VENV="1")
    os.execve(str(VENV / "bin" / "python"), [str(VENV / "bin" / "python"), __file__, *sys.argv[1:]], env)


ensure_venv()

import docx  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
import openpyxl  # noqa: E402
from openpyxl.comments import Comment  # noqa: E402
import pptx  # noqa: E402
import xlsxwriter  # noqa: E402
from pptx.util import Inches  # noqa: E402
from email.message import EmailMessage  # noqa: E402
from email.mime.multipart import MIMEMultipart  # noqa: E402
from email.mime.text import MIMEText  # noqa: E402
from email.mime.base import MIMEBase  # noqa: E402
from email.mime.message import MIMEMessage  # noqa: E402
from email.header import Header  # noqa: E402
from email.utils import formataddr  # noqa: E402
from email import encoders  # noqa: E402

R = random.Random(20250401)
TRUTH: list[dict] = []

SURNAMES = ["山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤"]
GIVEN = ["太郎", "花子", "一郎", "美咲", "健太", "陽子", "翔", "愛", "大輔", "真由美"]
ROMA = ["yamada", "sato", "suzuki", "takahashi", "tanaka", "ito", "watanabe", "nakamura", "kobayashi", "kato"]


def my_number(leading_zero: bool = True) -> str:
    d = "".join(R.choice("0123456789") for _ in range(11))
    if not leading_zero and d[0] == "0":
        d = R.choice("123456789") + d[1:]
    s = sum(int(c) * w for c, w in zip(d, (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)))
    r = s % 11
    return d + str(0 if r <= 1 else 11 - r)


def phone() -> str:
    kind = R.choice(["mobile", "tokyo", "osaka"])
    if kind == "mobile":
        return f"{R.choice(['090', '080', '070'])}-{R.randint(1000, 9999)}-{R.randint(1000, 9999)}"
    if kind == "tokyo":
        return f"03-{R.randint(3000, 6999)}-{R.randint(1000, 9999)}"
    return f"06-{R.randint(6000, 6999)}-{R.randint(1000, 9999)}"


def email(i: int | None = None) -> str:
    i = R.randrange(len(ROMA)) if i is None else i
    return f"{ROMA[i]}.{R.randint(10, 99)}@{R.choice(['example.co.jp', 'example.ne.jp', 'example.com'])}"


def person():
    i = R.randrange(len(SURNAMES))
    return SURNAMES[i] + " " + R.choice(GIVEN), i


def truth(file: str, location: str, kind: str, value: str) -> None:
    TRUTH.append({"file": file, "location": location, "kind": kind, "value": value})


def rel(p: Path) -> str:
    return p.relative_to(HERE).as_posix()


def fresh(d: str) -> Path:
    p = HERE / d
    if p.exists():
        shutil.rmtree(p)
    p.mkdir(parents=True)
    return p


# ------------------------------------------------------------------ text


def roster_rows(n: int):
    rows = []
    for _ in range(n):
        name, i = person()
        rows.append((name, phone(), email(i), my_number()))
    return rows


def gen_text() -> None:
    d = fresh("text")
    # CSV in each encoding; the location names the decoded encoding.
    for fname, codec, enc_name in [
        ("顧客名簿_utf8.csv", "utf-8", None),
        ("顧客名簿_sjis.csv", "cp932", "Shift_JIS"),
        ("連絡網_eucjp.csv", "euc_jp", "EUC-JP"),
        ("通知_iso2022jp.txt", "iso2022_jp", "ISO-2022-JP"),
        ("メモ_utf16.txt", "utf-16", "UTF-16LE"),
    ]:
        rows = roster_rows(6)
        if fname.endswith(".csv"):
            text = "氏名,電話番号,メールアドレス,マイナンバー\r\n" + "".join(
                f"{a},{b},{c},{e}\r\n" for a, b, c, e in rows
            )
        else:
            text = "社員各位\n\n下記のとおり連絡先を通知します。\n\n" + "".join(
                f"{a} 様　電話：{b}　メール：{c}　マイナンバー：{e}\n" for a, b, c, e in rows
            )
        p = d / fname
        p.write_bytes(text.encode(codec))
        loc = fname + (f"#enc={enc_name}" if enc_name else "")
        for _, b, c, e in rows:
            truth(rel(p), loc, "phone", b)
            truth(rel(p), loc, "email", c)
            truth(rel(p), loc, "my_number", e)

    # HTML: a number split by inline tags, numeric character references, a table.
    rows = roster_rows(5)
    ph, mn = phone(), my_number()
    a, b, c = ph.split("-")
    ref = "".join(f"&#{ord(ch)};" for ch in a)
    cells = "".join(
        f"<tr><td>{n}</td><td>{t}</td><td><a href=\"mailto:{m}\">{m}</a></td><td>{x}</td></tr>\n"
        for n, t, m, x in rows
    )
    html = (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>社員名簿</title>"
        "<style>td{padding:2px}</style></head>\n<body>\n<h1>社員名簿</h1>\n"
        f"<p>代表電話：<span class=\"a\">{ref}</span>-<b>{b}</b>-<i>{c}</i></p>\n"
        f"<p>マイナンバー：{mn[:4]}<span>{mn[4:8]}</span>{mn[8:]}</p>\n"
        "<table>\n<tr><th>氏名</th><th>電話</th><th>メール</th><th>マイナンバー</th></tr>\n"
        f"{cells}</table>\n<!-- 旧担当 -->\n</body></html>\n"
    )
    p = d / "社員名簿.html"
    p.write_text(html, encoding="utf-8")
    truth(rel(p), p.name, "phone", ph)
    truth(rel(p), p.name, "my_number", mn)
    for _, t, m, x in rows:
        truth(rel(p), p.name, "phone", t)
        truth(rel(p), p.name, "email", m)
        truth(rel(p), p.name, "my_number", x)

    # XML (Shift_JIS declared and detected).
    rows = roster_rows(4)
    xml = '<?xml version="1.0" encoding="Shift_JIS"?>\n<社員一覧>\n' + "".join(
        f"  <社員><氏名>{n}</氏名><電話>{t}</電話><メール>{m}</メール><個人番号>{x}</個人番号></社員>\n"
        for n, t, m, x in rows
    ) + "</社員一覧>\n"
    p = d / "社員.xml"
    p.write_bytes(xml.encode("cp932"))
    for _, t, m, x in rows:
        truth(rel(p), p.name + "#enc=Shift_JIS", "phone", t)
        truth(rel(p), p.name + "#enc=Shift_JIS", "email", m)
        truth(rel(p), p.name + "#enc=Shift_JIS", "my_number", x)

    # RTF as WordPad writes Japanese: \ansicpg932 with \'hh bytes, plus \uN escapes.
    def rtf_sjis(s: str) -> str:
        out = []
        for ch in s:
            if ord(ch) < 0x80:
                out.append({"\\": "\\\\", "{": "\\{", "}": "\\}"}.get(ch, ch))
            else:
                out.append("".join(f"\\'{b:02x}" for b in ch.encode("cp932")))
        return "".join(out)

    def rtf_u(s: str) -> str:
        return "".join(ch if ord(ch) < 0x80 else f"\\u{ord(ch) if ord(ch) < 32768 else ord(ch) - 65536}?" for ch in s)

    rows = roster_rows(4)
    body = []
    for i, (n, t, m, x) in enumerate(rows):
        enc = rtf_sjis if i % 2 == 0 else rtf_u
        body.append(enc(f"{n}　電話：{t}　メール：{m}　マイナンバー：{x}") + "\\par\n")
    rtf = (
        "{\\rtf1\\ansi\\ansicpg932\\deff0\\nouicompat{\\fonttbl{\\f0\\fnil\\fcharset128 "
        + rtf_sjis("ＭＳ 明朝")
        + ";}}\n{\\colortbl ;\\red255\\green0\\blue0;}\n{\\*\\generator Riched20 10.0.19041}\\viewkind4\\uc1 \n"
        "\\pard\\f0\\fs21\\lang1041 " + "".join(body) + "}\n"
    )
    p = d / "議事録.rtf"
    p.write_bytes(rtf.encode("ascii"))
    for _, t, m, x in rows:
        truth(rel(p), p.name, "phone", t)
        truth(rel(p), p.name, "email", m)
        truth(rel(p), p.name, "my_number", x)

    # JSON.
    rows = roster_rows(3)
    p = d / "export.json"
    p.write_text(
        json.dumps([{"name": n, "tel": t, "mail": m, "mynumber": x} for n, t, m, x in rows], ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    for _, t, m, x in rows:
        truth(rel(p), p.name, "phone", t)
        truth(rel(p), p.name, "email", m)
        truth(rel(p), p.name, "my_number", x)


# ------------------------------------------------------------------ office

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_paragraph_locations(path: Path, values: list[str]) -> dict[str, str]:
    """Where each value sits: `#p=N` in the body, `#header1/p=N`..., numbering every w:p of
    the part in document (start) order, as mamori does."""
    import xml.etree.ElementTree as ET

    found: dict[str, str] = {}
    with zipfile.ZipFile(path) as z:
        parts = ["word/document.xml"] + sorted(
            n for n in z.namelist()
            if n.startswith("word/") and n.count("/") == 1
            and any(n[5:].startswith(k) for k in ("header", "footer", "comments", "footnotes", "endnotes"))
        )
        for part in parts:
            root = ET.fromstring(z.read(part))
            prefix = "#" if part == "word/document.xml" else "#" + part[5:-4] + "/"
            for i, p in enumerate(root.iter(W + "p"), start=1):
                # The paragraph's own text: runs not inside a nested paragraph.
                own = []

                def walk(e):
                    for ch in e:
                        if ch.tag == W + "p":
                            continue
                        if ch.tag == W + "t" and ch.text:
                            own.append(ch.text)
                        walk(ch)

                walk(p)
                text = "".join(own)
                for v in values:
                    if v in text and v not in found:
                        found[v] = f"{prefix}p={i}"
    missing = [v for v in values if v not in found]
    assert not missing, missing
    return found


def gen_docx(path: Path, file_key: str, root_loc: str) -> None:
    doc = docx.Document()
    doc.add_heading("打合せ議事録", level=1)
    items = []  # (kind, value)
    # Plain paragraph.
    ph = phone()
    doc.add_paragraph(f"出席者の連絡先は {ph} です。")
    items.append(("phone", ph))
    # A My Number split across runs with different formatting (and a proofing mark).
    mn = my_number()
    p = doc.add_paragraph("本人確認のためマイナンバー：")
    p.add_run(mn[:4]).bold = True
    p.add_run(mn[4:7])
    p._p.append(parse_xml(f'<w:proofErr xmlns:w="{W[1:-1]}" w:type="spellStart"/>'))
    p.add_run(mn[7:]).italic = True
    items.append(("my_number", mn))
    # An e-mail split in two runs.
    em = email()
    p = doc.add_paragraph("連絡は ")
    p.add_run(em[:5])
    p.add_run(em[5:]).underline = True
    p.add_run(" まで。")
    items.append(("email", em))
    # Table.
    t = doc.add_table(rows=1, cols=4)
    for c, h in zip(t.rows[0].cells, ["氏名", "電話", "メール", "マイナンバー"]):
        c.text = h
    for n, tel, m, x in roster_rows(4):
        cells = t.add_row().cells
        cells[0].text, cells[1].text, cells[2].text, cells[3].text = n, tel, m, x
        items += [("phone", tel), ("email", m), ("my_number", x)]
    # Text box (VML, as older Word and LibreOffice write it).
    tb = phone()
    doc.add_paragraph("図の説明：")
    box = parse_xml(
        f'<w:r xmlns:w="{W[1:-1]}" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape style="width:200pt;height:50pt">'
        f"<v:textbox><w:txbxContent><w:p><w:r><w:t>緊急連絡先 {tb}</w:t></w:r></w:p></w:txbxContent></v:textbox>"
        "</v:shape></w:pict></w:r>"
    )
    doc.paragraphs[-1]._p.append(box)
    items.append(("phone", tb))
    # Header, footer, comment.
    sec = doc.sections[0]
    hp = phone()
    sec.header.paragraphs[0].text = f"社外秘　総務部 TEL {hp}"
    items.append(("phone", hp))
    fe = email()
    sec.footer.paragraphs[0].text = f"問合せ先：{fe}"
    items.append(("email", fe))
    cp = phone()
    para = doc.add_paragraph("以上。")
    doc.add_comment(para.runs, text=f"折り返しは {cp} へ", author="山田", initials="YT")
    items.append(("phone", cp))
    doc.save(path)
    locs = docx_paragraph_locations(path, [v for _, v in items])
    for k, v in items:
        truth(file_key, root_loc + locs[v], k, v)


def gen_xlsx(path: Path, file_key: str, root_loc: str) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "顧客"
    ws.append(["氏名", "電話番号", "メールアドレス", "マイナンバー"])
    for r, (n, t, m, _) in enumerate(roster_rows(12), start=2):
        # Typed as a number, a leading zero would be lost (in Excel too): none here.
        x = my_number(leading_zero=False)
        ws.cell(row=r, column=1, value=n)
        ws.cell(row=r, column=2, value=t)
        ws.cell(row=r, column=3, value=m)
        # My Number typed as a number, half of them shown in scientific notation.
        c = ws.cell(row=r, column=4, value=int(x))
        if r % 2 == 0:
            c.number_format = "0.00E+00"
        truth(file_key, f"{root_loc}#顧客!B{r}", "phone", t)
        truth(file_key, f"{root_loc}#顧客!C{r}", "email", m)
        truth(file_key, f"{root_loc}#顧客!D{r}", "my_number", x)
    cp = phone()
    ws["A2"].comment = Comment(f"携帯 {cp}", "佐藤")
    truth(file_key, f"{root_loc}#顧客!A2/comment", "phone", cp)
    hp = phone()
    ws.oddHeader.center.text = f"総務部 {hp}"
    truth(file_key, f"{root_loc}#顧客!oddHeader", "phone", hp)
    ws2 = wb.create_sheet("連絡先")
    ws2["A1"], ws2["B1"] = "担当", "電話"
    for r in range(2, 6):
        t = phone()
        ws2.cell(row=r, column=1, value=person()[0])
        ws2.cell(row=r, column=2, value=t)
        truth(file_key, f"{root_loc}#連絡先!B{r}", "phone", t)
    wb.save(path)


def gen_xlsx_shared(path: Path, file_key: str, root_loc: str) -> None:
    """XlsxWriter writes a shared-string table (as Excel does; openpyxl writes inline
    strings), rich strings split into runs, numbers, comments and headers."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("売上")
    sci = wb.add_format({"num_format": "0.00E+00"})
    bold = wb.add_format({"bold": True})
    for c, h in enumerate(["氏名", "電話番号", "メールアドレス", "マイナンバー"]):
        ws.write_string(0, c, h)
    for r, (n, t, m, _) in enumerate(roster_rows(8), start=1):
        x = my_number(leading_zero=False)
        ws.write_string(r, 0, n)
        if r % 3 == 0:
            # The number split across formatted runs of one cell.
            ws.write_rich_string(r, 1, bold, t[:4], t[4:])
        else:
            ws.write_string(r, 1, t)
        ws.write_string(r, 2, m)
        ws.write_number(r, 3, int(x), sci if r % 2 else None)
        truth(file_key, f"{root_loc}#売上!B{r + 1}", "phone", t)
        truth(file_key, f"{root_loc}#売上!C{r + 1}", "email", m)
        truth(file_key, f"{root_loc}#売上!D{r + 1}", "my_number", x)
    cp = phone()
    ws.write_comment(1, 0, f"担当携帯 {cp}")
    truth(file_key, f"{root_loc}#売上!A2/comment", "phone", cp)
    hp = phone()
    ws.set_header(f"&C総務部 {hp}")
    truth(file_key, f"{root_loc}#売上!oddHeader", "phone", hp)
    wb.close()
    with zipfile.ZipFile(path) as z:
        assert "xl/sharedStrings.xml" in z.namelist()


def gen_pptx(path: Path, file_key: str, root_loc: str) -> None:
    prs = pptx.Presentation()
    # Slide 1: title.
    s = prs.slides.add_slide(prs.slide_layouts[0])
    s.shapes.title.text = "新サービスのご提案"
    ph = phone()
    s.placeholders[1].text = f"株式会社サンプル　営業部 {ph}"
    truth(file_key, f"{root_loc}#slide=1", "phone", ph)
    # Slide 2: text box and table, notes.
    s = prs.slides.add_slide(prs.slide_layouts[5])
    s.shapes.title.text = "担当者一覧"
    rows = roster_rows(3)
    tbl = s.shapes.add_table(len(rows) + 1, 3, Inches(0.5), Inches(1.5), Inches(9), Inches(2)).table
    for c, h in enumerate(["氏名", "電話", "メール"]):
        tbl.cell(0, c).text = h
    for r, (n, t, m, _) in enumerate(rows, start=1):
        tbl.cell(r, 0).text, tbl.cell(r, 1).text, tbl.cell(r, 2).text = n, t, m
        truth(file_key, f"{root_loc}#slide=2", "phone", t)
        truth(file_key, f"{root_loc}#slide=2", "email", m)
    mn = my_number()
    s.notes_slide.notes_text_frame.text = f"口頭説明用：本人確認はマイナンバー {mn} で実施済み"
    truth(file_key, f"{root_loc}#slide=2/notes", "my_number", mn)
    # Slide 3: a text box with two paragraphs.
    s = prs.slides.add_slide(prs.slide_layouts[6])
    tb = s.shapes.add_textbox(Inches(1), Inches(1), Inches(8), Inches(3)).text_frame
    em = email()
    tb.text = "お問い合わせ"
    tb.add_paragraph().text = f"メール：{em}"
    truth(file_key, f"{root_loc}#slide=3", "email", em)
    prs.save(path)


def gen_office() -> None:
    d = fresh("office")
    p = d / "議事録.docx"
    gen_docx(p, rel(p), p.name)
    p = d / "顧客台帳.xlsx"
    gen_xlsx(p, rel(p), p.name)
    p = d / "提案.pptx"
    gen_pptx(p, rel(p), p.name)
    p = d / "売上_shared_strings.xlsx"
    gen_xlsx_shared(p, rel(p), p.name)


def gen_xls() -> None:
    """Legacy Excel (BIFF8) written by LibreOffice Calc from an openpyxl workbook:
    strings, numbers typed as numbers, two sheets. Own random stream, so adding it left
    the other files' contents unchanged."""
    global R
    saved, R = R, random.Random(20250402)
    try:
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if not soffice:
            sys.exit("gen_xls needs LibreOffice (soffice)")
        d = HERE / "office"
        d.mkdir(exist_ok=True)
        out = d / "名簿.xls"
        key, loc = rel(out), out.name
        tmp = HERE / ".tmp_xls"
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir()
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "名簿"
        ws.append(["氏名", "電話番号", "メールアドレス", "マイナンバー"])
        for r, (n, t, m, _) in enumerate(roster_rows(10), start=2):
            x = my_number(leading_zero=False)
            ws.cell(row=r, column=1, value=n)
            ws.cell(row=r, column=2, value=t)
            ws.cell(row=r, column=3, value=m)
            ws.cell(row=r, column=4, value=int(x))  # a number, as typed into Excel
            truth(key, f"{loc}#名簿!B{r}", "phone", t)
            truth(key, f"{loc}#名簿!C{r}", "email", m)
            truth(key, f"{loc}#名簿!D{r}", "my_number", x)
        ws2 = wb.create_sheet("Sheet2")
        ws2["B11"] = "緊急連絡先"
        t = phone()
        ws2["C12"] = t
        truth(key, f"{loc}#Sheet2!C12", "phone", t)
        wb.save(tmp / "roster.xlsx")
        subprocess.run([soffice, "--headless", "--convert-to", "xls", "--outdir", str(tmp),
                        str(tmp / "roster.xlsx")],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        shutil.move(str(tmp / "roster.xls"), out)
        shutil.rmtree(tmp)
    finally:
        R = saved


# ------------------------------------------------------------------ pdf


def gen_pdf() -> None:
    """reportlab with its built-in Japanese CID fonts (non-embedded, UniJIS-UCS2-H: the
    case pdf-extract panics on), a standard font, and an embedded TrueType subset with a
    ToUnicode map (DejaVu, if installed); LibreOffice exports when soffice is present."""
    from reportlab.pdfgen import canvas
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    d = fresh("pdf")
    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
    ttf = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if ttf.exists():
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont("DejaVu", str(ttf)))
    p = d / "契約書.pdf"
    c = canvas.Canvas(str(p), pageCompression=1, invariant=1)
    for page in range(1, 4):
        y = 780
        c.setFont("HeiseiKakuGo-W5", 14)
        c.drawString(72, y, f"顧客情報（{page}頁）")
        for n, t, m, x in roster_rows(4):
            y -= 24
            c.setFont("HeiseiMin-W3", 10.5)
            c.drawString(72, y, f"{n}　電話：{t}　マイナンバー：{x}")
            y -= 16
            c.setFont("Helvetica", 10)
            c.drawString(90, y, f"mail: {m}")
            for k, v in (("phone", t), ("my_number", x), ("email", m)):
                truth(rel(p), f"{p.name}#page={page}", k, v)
        if ttf.exists():
            y -= 24
            t = phone()
            c.setFont("DejaVu", 10)
            c.drawString(72, y, f"Tel. {t} (embedded TrueType subset)")
            truth(rel(p), f"{p.name}#page={page}", "phone", t)
        c.showPage()
    c.save()

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        tmp = HERE / ".tmp"
        tmp.mkdir(exist_ok=True)
        src = tmp / "lo_report.docx"
        doc = docx.Document()
        items = []
        doc.add_paragraph("社内報告書（LibreOffice で PDF に変換）")
        for n, t, m, x in roster_rows(5):
            doc.add_paragraph(f"{n}　電話：{t}　メール：{m}　マイナンバー：{x}")
            items += [("phone", t), ("email", m), ("my_number", x)]
        doc.save(src)
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp), str(src)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        out = d / "libreoffice_報告書.pdf"
        shutil.move(str(tmp / "lo_report.pdf"), out)
        for k, v in items:
            truth(rel(out), f"{out.name}#page=1", k, v)
        shutil.rmtree(tmp)


# Valid values copied from /work/shared/test-vectors/jp-test-vectors.json (My Numbers with
# correct check digits, phone numbers libphonenumber calls valid), fixed so that this file
# does not draw from R and regenerating it alone changes nothing else.
IDENTITY_ROWS = [
    ("山田 太郎", "東京都千代田区丸の内一丁目", "621498320257", "03-1234-5678", "yamada.taro@example.co.jp"),
    ("𠮷田 花子", "大阪府大阪市北区梅田二丁目", "983205673214", "０９０ー１２３４ー５６７８", "yoshida.h@example.ne.jp"),
    ("髙橋 一郎", "神奈川県横浜市中区本町三丁目", "176749365367", "045-123-4567", "takahashi.1@example.com"),
    ("渡邊 美咲", "北海道札幌市中央区北一条西", "861564985029", "06-6123-4567", "watanabe.m@example.co.jp"),
]


def gen_pdf_identity_japan1() -> None:
    """A PDF whose Japanese font is `Identity-H` with Adobe-Japan1 CIDs and no ToUnicode map
    (what non-embedded Japanese fonts and embedded CID-keyed OpenType fonts look like).

    reportlab writes HeiseiMin-W3/HeiseiKakuGo-W5 (CIDFontType0, CIDSystemInfo Adobe-Japan1-2,
    not embedded) with `/Encoding /UniJIS-UCS2-H` and UTF-16 strings. pikepdf then rewrites
    it: each such font gets `/Encoding /Identity-H`, and every string shown with it is
    re-encoded as the CIDs that Adobe's UniJIS-UTF16-H CMap (as shipped by pdfminer.six)
    gives for its characters, two bytes each. Glyphs and widths (`/W` is keyed by CID) are
    unchanged, so the page renders as before; only a reader that knows Adobe-Japan1 gets
    the text back. Deterministic (reportlab invariant=1, pikepdf static_id)."""
    import tempfile
    import pikepdf
    from pdfminer.cmapdb import CMapDB
    from reportlab.pdfgen import canvas
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    for f in ("HeiseiMin-W3", "HeiseiKakuGo-W5"):
        pdfmetrics.registerFont(UnicodeCIDFont(f))
    d = HERE / "pdf"
    d.mkdir(exist_ok=True)
    out = d / "identity_japan1_名簿.pdf"
    items = []
    with tempfile.TemporaryDirectory() as tmpd:
        src = Path(tmpd) / "src.pdf"
        c = canvas.Canvas(str(src), pageCompression=0, invariant=1)
        for page, rows in enumerate((IDENTITY_ROWS[:2], IDENTITY_ROWS[2:]), start=1):
            y = 780
            c.setFont("HeiseiKakuGo-W5", 14)
            c.drawString(72, y, f"顧客名簿（個人情報・取扱注意）{page}頁")
            for name, addr, mn, tel, mail in rows:
                y -= 28
                c.setFont("HeiseiMin-W3", 10.5)
                c.drawString(72, y, f"氏名：{name}　住所：{addr}")
                y -= 16
                c.drawString(90, y, f"個人番号：{mn}　電話：{tel}")
                y -= 16
                c.drawString(90, y, f"メール：{mail}")
                items += [(page, "my_number", mn), (page, "phone", tel), (page, "email", mail)]
            c.showPage()
        c.save()

        to_cid = CMapDB.get_cmap("UniJIS-UTF16-H")

        def recode(s: bytes) -> bytes:
            text = s.decode("utf-16-be")
            cids = list(to_cid.decode(s))
            assert len(cids) == len(text) and 0 not in cids, (text, cids)
            return b"".join(cid.to_bytes(2, "big") for cid in cids)

        pdf = pikepdf.open(src)
        cid_fonts: dict[tuple[int, str], bool] = {}
        for i, page in enumerate(pdf.pages):
            for name, font in page.Resources.Font.items():
                enc = font.get("/Encoding")
                if enc == pikepdf.Name("/UniJIS-UCS2-H") or enc == pikepdf.Name("/Identity-H"):
                    info = font.DescendantFonts[0].CIDSystemInfo
                    assert str(info.Registry) == "Adobe" and str(info.Ordering) == "Japan1"
                    assert "/ToUnicode" not in font
                    font.Encoding = pikepdf.Name("/Identity-H")
                    cid_fonts[(i, name)] = True
        for i, page in enumerate(pdf.pages):
            ops = []
            cur = None
            for operands, op in pikepdf.parse_content_stream(page):
                op = str(op)
                if op == "Tf":
                    cur = str(operands[0])
                elif (i, cur) in cid_fonts and op in ("Tj", "'", '"', "TJ"):
                    operands = [
                        pikepdf.String(recode(bytes(o))) if isinstance(o, pikepdf.String)
                        else pikepdf.Array([pikepdf.String(recode(bytes(x))) if isinstance(x, pikepdf.String) else x
                                            for x in o]) if isinstance(o, pikepdf.Array)
                        else o
                        for o in operands
                    ]
                ops.append((operands, pikepdf.Operator(op)))
            page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))
        pdf.save(out, static_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.disable)
    for page, kind, value in items:
        truth(rel(out), f"{out.name}#page={page}", kind, value)


# ------------------------------------------------------------------ mail


def gen_mail() -> None:
    d = fresh("mail")
    tmp = HERE / ".tmp"
    tmp.mkdir(exist_ok=True)

    # 1. ISO-2022-JP body, encoded-word headers, an xlsx attachment with a Japanese name.
    name, i = person()
    frm = email(i)
    to_name, j = person()
    to = email(j)
    cc = email()
    sub_ph = phone()
    msg = MIMEMultipart()
    msg["From"] = formataddr((str(Header(name, "iso-2022-jp")), frm))
    msg["To"] = formataddr((str(Header(to_name, "iso-2022-jp")), to))
    msg["Cc"] = cc
    msg["Subject"] = Header(f"お見積りのご依頼（折返し {sub_ph}）", "iso-2022-jp")
    msg["Date"] = "Tue, 01 Apr 2025 10:00:00 +0900"
    msg["Message-ID"] = "<20250401100000.1@example.co.jp>"
    b_ph, b_mn = phone(), my_number()
    body = f"{to_name} 様\n\nいつもお世話になっております。\n担当直通：{b_ph}\n本人確認用マイナンバー：{b_mn}\n\nよろしくお願いいたします。\n"
    msg.attach(MIMEText(body, "plain", "iso-2022-jp"))
    x = tmp / "見積.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"], ws["B1"] = "担当", "連絡先"
    a_ph = phone()
    ws["A3"], ws["B3"] = "鈴木", a_ph
    wb.save(x)
    att = MIMEBase("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    att.set_payload(x.read_bytes())
    encoders.encode_base64(att)
    att.add_header("Content-Disposition", "attachment", filename=("utf-8", "", "見積.xlsx"))
    msg.attach(att)
    p = d / "見積依頼.eml"
    p.write_bytes(msg.as_bytes())
    f = rel(p)
    truth(f, f"{p.name}#From", "email", frm)
    truth(f, f"{p.name}#To", "email", to)
    truth(f, f"{p.name}#Cc", "email", cc)
    truth(f, f"{p.name}#Subject", "phone", sub_ph)
    truth(f, f"{p.name}#body", "phone", b_ph)
    truth(f, f"{p.name}#body", "my_number", b_mn)
    truth(f, f"{p.name}!見積.xlsx#Sheet1!B3", "phone", a_ph)

    # 2. multipart/alternative (Shift_JIS base64 text + UTF-8 quoted-printable HTML of the
    #    same body: counted once), a zip attachment and a forwarded EUC-JP message.
    name, i = person()
    frm = email(i)
    to = email()
    ph, mn, em = phone(), my_number(), email()
    text = f"各位\n\n新しい連絡先をお知らせします。\n電話：{ph}\nメール：{em}\nマイナンバー：{mn}\n"
    html = (
        f"<html><body><p>各位</p><p>新しい連絡先をお知らせします。</p><p>電話：{ph}<br>"
        f"メール：<a href=\"mailto:{em}\">{em}</a><br>マイナンバー：{mn}</p></body></html>"
    )
    alt = MIMEMultipart("alternative")
    t = MIMEText(text, "plain", "shift_jis")
    alt.attach(t)
    h = MIMEText(html, "html", "utf-8")
    alt.attach(h)
    outer = MIMEMultipart("mixed")
    outer["From"] = formataddr((str(Header(name, "utf-8")), frm))
    outer["To"] = to
    outer["Subject"] = Header("連絡先変更のお知らせ", "shift_jis")
    outer["Date"] = "Wed, 02 Apr 2025 09:30:00 +0900"
    outer.attach(alt)
    # zip attachment made with the zip command.
    zdir = tmp / "zipsrc"
    if zdir.exists():
        shutil.rmtree(zdir)
    zdir.mkdir()
    rows = roster_rows(3)
    (zdir / "名簿.csv").write_text("氏名,電話\n" + "".join(f"{n},{t2}\n" for n, t2, _, _ in rows), encoding="utf-8")
    zpath = tmp / "名簿.zip"
    if zpath.exists():
        zpath.unlink()
    subprocess.check_call(["zip", "-q", "-X", str(zpath), "名簿.csv"], cwd=zdir)
    att = MIMEBase("application", "zip")
    att.set_payload(zpath.read_bytes())
    encoders.encode_base64(att)
    att.add_header("Content-Disposition", "attachment", filename=("utf-8", "", "名簿.zip"))
    outer.attach(att)
    # forwarded message (message/rfc822) with an EUC-JP body.
    fwd_ph = phone()
    inner = MIMEText(f"転送します。\n先方の携帯：{fwd_ph}\n", "plain", "euc_jp")
    inner["From"] = "tanaka@example.ne.jp"
    inner["To"] = frm
    inner["Subject"] = Header("先方連絡先", "iso-2022-jp")
    fw = MIMEMessage(inner)
    fw.add_header("Content-Disposition", "attachment", filename="forward.eml")
    outer.attach(fw)
    p = d / "連絡先変更.eml"
    p.write_bytes(outer.as_bytes())
    f = rel(p)
    truth(f, f"{p.name}#From", "email", frm)
    truth(f, f"{p.name}#To", "email", to)
    truth(f, f"{p.name}#body", "phone", ph)
    truth(f, f"{p.name}#body", "email", em)
    truth(f, f"{p.name}#body", "my_number", mn)
    for _, t2, _, _ in rows:
        truth(f, f"{p.name}!名簿.zip!名簿.csv", "phone", t2)
    truth(f, f"{p.name}!forward.eml#From", "email", "tanaka@example.ne.jp")
    truth(f, f"{p.name}!forward.eml#To", "email", frm)
    truth(f, f"{p.name}!forward.eml#body", "phone", fwd_ph)
    shutil.rmtree(tmp)


# ------------------------------------------------------------------ archives


def gen_archives() -> None:
    d = fresh("archive")
    tmp = HERE / ".tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()

    # a.zip!b/c.zip!d/名簿.csv
    src = tmp / "inner"
    (src / "d").mkdir(parents=True)
    rows = roster_rows(3)
    (src / "d" / "名簿.csv").write_text(
        "氏名,電話,メール\n" + "".join(f"{n},{t},{m}\n" for n, t, m, _ in rows), encoding="utf-8"
    )
    outer = tmp / "outer"
    (outer / "b").mkdir(parents=True)
    subprocess.check_call(["zip", "-q", "-r", "-X", str(outer / "b" / "c.zip"), "d"], cwd=src)
    subprocess.check_call(["zip", "-q", "-r", "-X", str(d / "a.zip"), "b"], cwd=outer)
    for _, t, m, _ in rows:
        truth("archive/a.zip", "a.zip!b/c.zip!d/名簿.csv", "phone", t)
        truth("archive/a.zip", "a.zip!b/c.zip!d/名簿.csv", "email", m)

    # A zip whose member names are CP932 bytes without the UTF-8 flag (as Windows Explorer
    # on a Japanese system writes them): made by zip from files with CP932 names.
    cpdir = tmp / "cp932"
    cpdir.mkdir()
    rows = roster_rows(3)
    fname = "顧客リスト.csv".encode("cp932")
    with open(os.path.join(os.fsencode(cpdir), fname), "wb") as fh:
        fh.write(("氏名,電話\n" + "".join(f"{n},{t}\n" for n, t, _, _ in rows)).encode("cp932"))
    subprocess.check_call([b"zip", b"-q", b"-X", os.fsencode(d / "sjis_names.zip"), fname], cwd=cpdir)
    with zipfile.ZipFile(d / "sjis_names.zip") as z:
        assert not (z.infolist()[0].flag_bits & 0x800), "zip set the UTF-8 flag"
    for _, t, _, _ in rows:
        truth("archive/sjis_names.zip", "sjis_names.zip!顧客リスト.csv#enc=Shift_JIS", "phone", t)

    # tar.gz with an office document and a text file; a gzip'd CSV.
    tsrc = tmp / "tarsrc" / "backup"
    tsrc.mkdir(parents=True)
    gen_xlsx(tsrc / "顧客台帳.xlsx", "archive/backup.tar.gz", "backup.tar.gz!backup/顧客台帳.xlsx")
    rows = roster_rows(3)
    (tsrc / "memo.txt").write_text("".join(f"{n} 携帯 {t}\n" for n, t, _, _ in rows), encoding="utf-8")
    for _, t, _, _ in rows:
        truth("archive/backup.tar.gz", "backup.tar.gz!backup/memo.txt", "phone", t)
    subprocess.check_call(["tar", "--sort=name", "--owner=0", "--group=0", "--mtime=2025-04-01",
                           "-czf", str(d / "backup.tar.gz"), "backup"], cwd=tsrc.parent)
    rows = roster_rows(3)
    csv = tmp / "list.csv"
    csv.write_text("".join(f"{n},{t},{m}\n" for n, t, m, _ in rows), encoding="utf-8")
    subprocess.check_call(["gzip", "-n", "-9", str(csv)])
    shutil.move(str(tmp / "list.csv.gz"), d / "list.csv.gz")
    for _, t, m, _ in rows:
        truth("archive/list.csv.gz", "list.csv.gz", "phone", t)
        truth("archive/list.csv.gz", "list.csv.gz", "email", m)

    # A zip holding a docx and a pptx (documents inside archives).
    docs = tmp / "docs"
    docs.mkdir()
    gen_docx(docs / "報告書.docx", "archive/documents.zip", "documents.zip!報告書.docx")
    gen_pptx(docs / "提案.pptx", "archive/documents.zip", "documents.zip!提案.pptx")
    subprocess.check_call(["zip", "-q", "-X", str(d / "documents.zip"), "報告書.docx", "提案.pptx"], cwd=docs)
    shutil.rmtree(tmp)


# ------------------------------------------------------------------ hostile / unreadable


def zip_raw(entries: list[tuple[bytes, bytes, int, int, int]]) -> bytes:
    """A zip from (name, deflated data, crc, uncompressed size, method) with one local
    header each."""
    out = bytearray()
    cd = bytearray()
    for name, data, crc, usize, method in entries:
        off = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data), usize, len(name), 0)
        out += name + data
        cd += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc, len(data), usize,
                          len(name), 0, 0, 0, 0, 0, off) + name
    cd_off = len(out)
    out += cd
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(cd), cd_off, 0)
    return bytes(out)


def deflate(b: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(b) + c.flush()


def gen_hostile() -> None:
    d = fresh("hostile")
    # 42.zip style: 5 layers of 16 identical entries; the leaf is 4 MiB of spaces.
    leaf = b" " * (4 << 20)
    data, crc, size, name = deflate(leaf), zlib.crc32(leaf), len(leaf), b"0.txt"
    for layer in range(5):
        z = zip_raw([(str(i).encode() + (b".txt" if layer == 0 else b".zip"), data, crc, size, 8) for i in range(16)])
        data, crc, size = deflate(z), zlib.crc32(z), len(z)
    (d / "bomb42.zip").write_bytes(z)

    # Overlapping-entry bomb (Fifield style, simplest form): 200 central-directory entries
    # sharing one 64 MiB deflate stream.
    big = b"\0" * (64 << 20)
    bd, bc = deflate(big), zlib.crc32(big)
    out = bytearray()
    out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, bc, len(bd), len(big), 1, 0) + b"a" + bd
    cd = bytearray()
    n = 200
    for i in range(n):
        nm = f"{i:03}".encode()
        cd += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, bc, len(bd), len(big),
                          len(nm), 0, 0, 0, 0, 0, 0) + nm
    cd_off = len(out)
    out += cd + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(cd), cd_off, 0)
    (d / "overlap.zip").write_bytes(bytes(out))

    # 50 levels of zip in zip with a phone number at the bottom.
    z = zipfile_bytes([("名簿.csv", f"電話,{phone()}\n".encode())])
    for i in range(49):
        z = zipfile_bytes([(f"level{49 - i}.zip", z)])
    (d / "nested50.zip").write_bytes(z)

    # A truncated zip (half of a real one: no central directory).
    whole = (HERE / "archive" / "documents.zip").read_bytes()
    (d / "truncated.zip").write_bytes(whole[: len(whole) // 2])

    # A PDF whose xref offsets all point to the wrong place (mamori does not rely on them).
    pdf = (HERE / "pdf" / "契約書.pdf").read_bytes()
    x = pdf.rfind(b"\nxref")
    broken = pdf[:x] + re.sub(rb"\d{10} 00000 n", b"0000000001 00000 n", pdf[x:])
    (d / "broken_xref.pdf").write_bytes(broken)

    # Password-protected zip (zip -P) and an encrypted xlsx (msoffcrypto-tool).
    tmp = HERE / ".tmp"
    tmp.mkdir(exist_ok=True)
    (tmp / "secret.csv").write_text(f"電話,{phone()}\n", encoding="utf-8")
    subprocess.check_call(["zip", "-q", "-X", "-P", "himitsu", str(d / "encrypted.zip"), "secret.csv"], cwd=tmp)
    gen_plain = tmp / "plain.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = phone()
    wb.save(gen_plain)
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(gen_plain, "rb") as fi, open(d / "encrypted.xlsx", "wb") as fo:
        f = OOXMLFile(fi)
        f.encrypt("himitsu", fo)

    # xlsx with one far cell (XFD1048576): a dense grid would need 17 billion cells.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "連絡先"
    far = phone()
    ws["XFD1048576"] = far
    wb.save(d / "far_cell.xlsx")
    shutil.rmtree(tmp)
    with open(d / "expected.json", "w", encoding="utf-8") as fh:
        json.dump({"far_cell.xlsx": {"location": "far_cell.xlsx#Sheet1!XFD1048576", "phone": far}}, fh,
                  ensure_ascii=False, indent=1)


def zipfile_bytes(members: list[tuple[str, bytes]]) -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in members:
            info = zipfile.ZipInfo(n, date_time=(2025, 4, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, b)
    return buf.getvalue()


# ------------------------------------------------------------------ HTML alternatives, links, properties

# Files with data only an HTML rendering, a link target or document metadata holds. Made
# last, from their own seed, so regenerating them alone (`--only metadata`) gives the same
# values as a full run.
METADATA_FILES = ["mail/html_only_会員登録.eml", "mail/mailto_担当者一覧.eml", "office/docprops_報告書.docx"]


def gen_metadata() -> None:
    R.seed(20250601)
    d = HERE / "mail"
    d.mkdir(exist_ok=True)

    # 1. multipart/alternative whose text rendering is a stub: the data is only in the HTML
    #    (#body=2), one address only as a mailto: link target.
    name, i = person()
    mn, ph, em, staff = my_number(), phone(), email(i), email()
    text = "このメールはHTML形式です。HTML表示に対応したメールソフトでご覧ください。\n"
    html = (
        f"<html><body><p>{name} 様</p><p>会員登録が完了しました。</p>"
        f"<table><tr><th>マイナンバー</th><td>{mn}</td></tr>"
        f"<tr><th>電話</th><td>{ph}</td></tr><tr><th>メール</th><td>{em}</td></tr></table>"
        f"<p>ご不明な点は<a href=\"mailto:{staff}?subject=%E4%BC%9A%E5%93%A1%E7%99%BB%E9%8C%B2\">担当窓口</a>まで。</p>"
        "</body></html>"
    )
    alt = MIMEMultipart("alternative")
    alt.attach(MIMEText(text, "plain", "iso-2022-jp"))
    alt.attach(MIMEText(html, "html", "utf-8"))
    alt["From"] = "info@example.co.jp"
    alt["To"] = em
    alt["Subject"] = Header("会員登録完了のお知らせ", "iso-2022-jp")
    alt["Date"] = "Thu, 03 Apr 2025 12:00:00 +0900"
    p = d / "html_only_会員登録.eml"
    p.write_bytes(alt.as_bytes())
    f = rel(p)
    truth(f, f"{p.name}#From", "email", "info@example.co.jp")
    truth(f, f"{p.name}#To", "email", em)
    for k, v in [("my_number", mn), ("phone", ph), ("email", em), ("email", staff)]:
        truth(f, f"{p.name}#body=2", k, v)

    # 2. text/html alone, quoted-printable: addresses and numbers only in link targets
    #    (one percent-encoded, one a tel: link with +81) and a form value.
    rows = [(person(), email(), phone()) for _ in range(3)]
    links = "".join(
        f"<li>{n} <a href=\"mailto:{m.replace('@', '%40')}\">メール</a> "
        f"<a href=\"tel:+81-{t[1:]}\">電話</a></li>"
        for (n, _), m, t in rows
    )
    fax = phone()
    html = (
        "<html><head><meta charset=\"utf-8\"></head><body><p>担当者一覧</p>"
        f"<ul>{links}</ul><form><input type=\"hidden\" name=\"fax\" value=\"{fax}\"></form>"
        "</body></html>"
    )
    msg = MIMEText(html, "html", "utf-8")
    msg.replace_header("Content-Transfer-Encoding", "quoted-printable")
    import quopri
    msg.set_payload(quopri.encodestring(html.encode("utf-8")).decode("ascii"))
    msg["From"] = "soumu@example.co.jp"
    msg["To"] = "all@example.co.jp"
    msg["Subject"] = Header("担当者一覧", "utf-8")
    msg["Date"] = "Fri, 04 Apr 2025 09:00:00 +0900"
    p = d / "mailto_担当者一覧.eml"
    p.write_bytes(msg.as_bytes())
    f = rel(p)
    truth(f, f"{p.name}#From", "email", "soumu@example.co.jp")
    truth(f, f"{p.name}#To", "email", "all@example.co.jp")
    for _, m, t in rows:
        truth(f, f"{p.name}#body", "email", m)
        truth(f, f"{p.name}#body", "phone", f"+81-{t[1:]}")
    truth(f, f"{p.name}#body", "phone", fax)

    # 3. docx: author and last editor in docProps/core.xml (python-docx core_properties), a
    #    comment author, a HYPERLINK field code whose target is not shown.
    o = HERE / "office"
    o.mkdir(exist_ok=True)
    doc = docx.Document()
    doc.add_heading("月次報告書", level=1)
    author, _ = person()
    editor, _ = person()
    commenter, _ = person()
    cp = doc.core_properties
    cp.author = author
    cp.last_modified_by = editor
    cp.title = "月次報告書"
    sub_ph = phone()
    cp.subject = f"問合せ先 {sub_ph}"
    kw_em = email()
    cp.comments = f"送付先 {kw_em}"
    link_em = email()
    para = doc.add_paragraph("詳細は ")
    w = W[1:-1]
    for xml in [
        f'<w:r xmlns:w="{w}"><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r xmlns:w="{w}"><w:instrText xml:space="preserve"> HYPERLINK "mailto:{link_em}" </w:instrText></w:r>',
        f'<w:r xmlns:w="{w}"><w:fldChar w:fldCharType="separate"/></w:r>',
        f'<w:r xmlns:w="{w}"><w:t>担当者</w:t></w:r>',
        f'<w:r xmlns:w="{w}"><w:fldChar w:fldCharType="end"/></w:r>',
    ]:
        para._p.append(parse_xml(xml))
    para.add_run(" へお問い合わせください。")
    ok = doc.add_paragraph("以上")
    doc.add_comment(ok.runs, text="確認しました", author=commenter, initials="CM")
    p = o / "docprops_報告書.docx"
    doc.save(p)
    locs = docx_paragraph_locations(p, ["詳細は"])
    f = rel(p)
    truth(f, f"{p.name}#props", "person_name", author)
    truth(f, f"{p.name}#props", "person_name", editor)
    truth(f, f"{p.name}#props", "phone", sub_ph)
    truth(f, f"{p.name}#props", "email", kw_em)
    truth(f, f"{p.name}#comment=1", "person_name", commenter)
    truth(f, f"{p.name}{locs['詳細は']}", "email", link_em)


def replace_truth(files: list[str]) -> None:
    """Rewrites the ground truth lines of `files` with those just generated."""
    gt = HERE / "ground_truth.jsonl"
    keep = [l for l in gt.read_text(encoding="utf-8").splitlines() if json.loads(l)["file"] not in files]
    with open(gt, "w", encoding="utf-8") as fh:
        for l in keep:
            fh.write(l + "\n")
        for t in TRUTH:
            fh.write(json.dumps(t, ensure_ascii=False) + "\n")


def main() -> None:
    if sys.argv[1:] == ["--only", "xls"]:
        # Regenerate office/名簿.xls alone, replacing its lines of the ground truth.
        gen_xls()
        gt = HERE / "ground_truth.jsonl"
        keep = [l for l in gt.read_text(encoding="utf-8").splitlines()
                if json.loads(l)["file"] != "office/名簿.xls"]
        with open(gt, "w", encoding="utf-8") as fh:
            for l in keep:
                fh.write(l + "\n")
            for t in TRUTH:
                fh.write(json.dumps(t, ensure_ascii=False) + "\n")
        print(f"{len(TRUTH)} items for office/名簿.xls")
        return
    if sys.argv[1:] == ["--only", "pdf-identity"]:
        # Regenerate pdf/identity_japan1_名簿.pdf alone, replacing its lines of the ground truth.
        gen_pdf_identity_japan1()
        gt = HERE / "ground_truth.jsonl"
        name = "pdf/identity_japan1_名簿.pdf"
        keep = [l for l in gt.read_text(encoding="utf-8").splitlines() if json.loads(l)["file"] != name]
        with open(gt, "w", encoding="utf-8") as fh:
            for l in keep:
                fh.write(l + "\n")
            for t in TRUTH:
                fh.write(json.dumps(t, ensure_ascii=False) + "\n")
        print(f"{len(TRUTH)} items for {name}")
        return
    if sys.argv[1:] == ["--only", "metadata"]:
        # Regenerate the HTML-alternative, link and document-property files alone.
        gen_metadata()
        replace_truth(METADATA_FILES)
        print(f"{len(TRUTH)} items for {', '.join(METADATA_FILES)}")
        return
    gen_text()
    gen_office()
    gen_pdf()
    gen_pdf_identity_japan1()
    gen_mail()
    gen_archives()
    gen_hostile()
    gen_xls()
    gen_metadata()
    with open(HERE / "ground_truth.jsonl", "w", encoding="utf-8") as fh:
        for t in TRUTH:
            fh.write(json.dumps(t, ensure_ascii=False) + "\n")
    by_file: dict[str, int] = {}
    for t in TRUTH:
        by_file[t["file"]] = by_file.get(t["file"], 0) + 1
    for k, v in sorted(by_file.items()):
        print(f"{v:4} {k}")
    print(f"{len(TRUTH)} items")


if __name__ == "__main__":
    main()
