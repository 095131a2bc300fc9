#!/usr/bin/env python3
"""Generate the inputs of the document benchmarks (benches/benches/documents.rs and
benches/compare_python.py) with the tools a Japanese office would have used to make them.

    python3 benches/make_docs.py [OUT_DIR]              # default target/bench-docs
    python3 benches/make_docs.py [OUT_DIR] --big-zip    # also big.zip (~200 MB)

Needs python-docx, openpyxl and reportlab (it installs nothing itself):

    python3 -m venv target/bench-venv
    target/bench-venv/bin/pip install python-docx openpyxl reportlab
    target/bench-venv/bin/python benches/make_docs.py

Writes into OUT_DIR:

- report.docx     python-docx: 120,000 paragraphs of Japanese business prose (minutes,
                  reports, notices) with names, phone numbers, e-mail addresses and My Numbers
                  mixed in, plus customer tables every 500 paragraphs (~8 MB);
- customers.xlsx  openpyxl: one sheet "顧客" of 60,000 customer rows x 10 columns (ID,
                  name, kana, phone, e-mail, postal code, address, My Number, amount as a
                  number, date as text) and a small second sheet (~6 MB);
- ledger.pdf      reportlab with its built-in CID font HeiseiMin-W3 (not embedded,
                  UniJIS-UCS2-H), 300 pages of 44 lines of prose and customer entries;
- customers.csv   the first 30,000 customer rows as UTF-8 CSV;
- mixed.zip       report.docx, customers.xlsx, ledger.pdf, customers.csv, a Shift_JIS copy of
                  the CSV and a second copy of each document under another folder (deflate);
- big.zip         (--big-zip) batches of the docx, xlsx, pdf and both CSVs, with a nested
                  copy of mixed.zip every third batch, until it reaches --big-mb (200 MB):
                  the peak-memory input of benches/zip_memory.sh.

Deterministic: the text comes from one seeded generator (`--seed`, default 20250401) and the
container metadata is pinned (zip entry times, docProps/core.xml dates, reportlab
invariant mode), so the same versions of the libraries write the same bytes.
All names and numbers are synthetic; My Numbers have valid check digits.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import sys
import time
import zipfile
from pathlib import Path

try:
    import docx
    import openpyxl
    from docx.oxml import OxmlElement
    from docx.text.paragraph import Paragraph
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
except ImportError as e:  # pragma: no cover
    sys.exit(
        f"make_docs.py: {e}. It needs python-docx, openpyxl and reportlab:\n"
        "    python3 -m venv target/bench-venv\n"
        "    target/bench-venv/bin/pip install python-docx openpyxl reportlab\n"
        "    target/bench-venv/bin/python benches/make_docs.py"
    )

FIXED_DATE = (2025, 4, 1, 9, 0, 0)
FIXED_W3CDTF = "2025-04-01T09:00:00Z"

SURNAMES = ["山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤",
            "吉田", "山本", "松本", "井上", "木村", "林", "斎藤", "清水", "山口", "森"]
KANA_SUR = ["ヤマダ", "サトウ", "スズキ", "タカハシ", "タナカ", "イトウ", "ワタナベ", "ナカムラ",
            "コバヤシ", "カトウ", "ヨシダ", "ヤマモト", "マツモト", "イノウエ", "キムラ", "ハヤシ",
            "サイトウ", "シミズ", "ヤマグチ", "モリ"]
ROMA = ["yamada", "sato", "suzuki", "takahashi", "tanaka", "ito", "watanabe", "nakamura",
        "kobayashi", "kato", "yoshida", "yamamoto", "matsumoto", "inoue", "kimura", "hayashi",
        "saito", "shimizu", "yamaguchi", "mori"]
GIVEN = ["太郎", "花子", "一郎", "美咲", "健太", "陽子", "翔", "愛", "大輔", "真由美",
         "直樹", "さくら", "拓也", "由美", "誠", "恵"]
KANA_GIVEN = ["タロウ", "ハナコ", "イチロウ", "ミサキ", "ケンタ", "ヨウコ", "ショウ", "アイ",
              "ダイスケ", "マユミ", "ナオキ", "サクラ", "タクヤ", "ユミ", "マコト", "メグミ"]
PREFS = ["東京都千代田区丸の内", "東京都新宿区西新宿", "大阪府大阪市北区梅田", "神奈川県横浜市西区みなとみらい",
         "愛知県名古屋市中村区名駅", "福岡県福岡市博多区博多駅前", "北海道札幌市中央区北五条西",
         "京都府京都市下京区烏丸通", "宮城県仙台市青葉区中央", "広島県広島市中区紙屋町"]
DEPTS = ["営業部", "総務部", "人事部", "経理部", "法務部", "情報システム部", "企画部", "カスタマーサポート部"]
SUBJECTS = ["本件", "当該案件", "来期の予算案", "新規取引先との契約", "顧客情報の管理方法", "社内規程の改定",
            "システム移行計画", "個人情報保護方針", "委託先の監査結果", "請求書の発行手続き",
            "在宅勤務制度", "情報セキュリティ研修", "販売促進キャンペーン", "品質管理体制"]
VERBS = ["について協議した。", "を確認した。", "の見直しを行うこととした。", "について報告があった。",
         "の進捗を共有した。", "に関する課題を整理した。", "は次回までに再検討とする。",
         "について担当者から説明を受けた。", "の承認を得た。", "の対応方針を決定した。"]
CONNECT = ["なお、", "また、", "ただし、", "その結果、", "これを受けて、", "一方で、", "引き続き、", ""]
DETAILS = ["関係部署と調整のうえ", "前回の議事録を踏まえて", "外部委託先の意見も参考にしながら",
           "期限を厳守するよう", "法令および社内規程に従い", "お客様への影響を最小限に抑えるため",
           "費用対効果を検討したうえで", "リスク評価の結果に基づき"]


class Gen:
    """Every random choice of the inputs comes from here (one seed)."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def my_number(self) -> str:
        d = "".join(self.r.choice("0123456789") for _ in range(11))
        s = sum(int(c) * w for c, w in zip(d, (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)))
        r = s % 11
        return d + str(0 if r <= 1 else 11 - r)

    def phone(self) -> str:
        r = self.r
        k = r.randrange(4)
        if k == 0:
            return f"{r.choice(['090', '080', '070'])}-{r.randint(1000, 9999)}-{r.randint(1000, 9999)}"
        if k == 1:
            return f"03-{r.randint(3000, 6999)}-{r.randint(1000, 9999)}"
        if k == 2:
            return f"06-{r.randint(6000, 6999)}-{r.randint(1000, 9999)}"
        return f"0{r.randint(11, 99)}-{r.randint(200, 999)}-{r.randint(1000, 9999)}"

    def person(self) -> tuple[str, str, int]:
        i = self.r.randrange(len(SURNAMES))
        j = self.r.randrange(len(GIVEN))
        return SURNAMES[i] + " " + GIVEN[j], KANA_SUR[i] + " " + KANA_GIVEN[j], i

    def email(self, i: int) -> str:
        dom = self.r.choice(["example.co.jp", "example.ne.jp", "example.com", "example.jp"])
        return f"{ROMA[i]}.{self.r.randint(10, 999)}@{dom}"

    def postal(self) -> str:
        return f"{self.r.randint(100, 999)}-{self.r.randint(0, 9999):04d}"

    def address(self) -> str:
        r = self.r
        return f"{r.choice(PREFS)}{r.randint(1, 9)}丁目{r.randint(1, 30)}番{r.randint(1, 20)}号"

    def sentence(self) -> str:
        r = self.r
        return (f"{r.choice(CONNECT)}{r.choice(SUBJECTS)}は、{r.choice(DETAILS)}、"
                f"{r.choice(DEPTS)}にて{r.choice(SUBJECTS)}{r.choice(VERBS)}")

    def pii_sentence(self) -> str:
        name, _, i = self.person()
        r = self.r
        k = r.randrange(4)
        if k == 0:
            return f"担当：{name}（{r.choice(DEPTS)}）電話：{self.phone()}　メール：{self.email(i)}。"
        if k == 1:
            return f"{name}様の個人番号（マイナンバー）{self.my_number()}を受領し、所定の手続きを完了した。"
        if k == 2:
            return f"連絡先変更：{name}　〒{self.postal()} {self.address()}　TEL {self.phone()}。"
        return f"本人確認書類の写しは{name}さん（{self.email(i)}）から提出済みである。"

    def paragraph(self) -> str:
        n = self.r.randint(2, 5)
        parts = [self.sentence() for _ in range(n)]
        if self.r.random() < 0.3:
            parts.insert(self.r.randrange(n + 1), self.pii_sentence())
        return "".join(parts)

    def customer(self, k: int) -> list:
        name, kana, i = self.person()
        return [f"C{k:07d}", name, kana, self.phone(), self.email(i), self.postal(),
                self.address(), self.my_number(), self.r.randint(1000, 5_000_000),
                f"2024-{self.r.randint(1, 12):02d}-{self.r.randint(1, 28):02d}"]


HEADER = ["顧客ID", "氏名", "フリガナ", "電話番号", "メールアドレス", "郵便番号", "住所", "個人番号",
          "取引金額", "登録日"]


def pin_zip(path: Path) -> None:
    """Rewrites an OOXML package with fixed entry times and docProps/core.xml dates."""
    src = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + FIXED_W3CDTF.encode(), data)
            zi = zipfile.ZipInfo(info.filename, FIXED_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            dst.writestr(zi, data)
    src.close()
    path.write_bytes(out.getvalue())


def make_docx(g: Gen, path: Path, paragraphs: int) -> None:
    d = docx.Document()
    d.core_properties.author = "総務部"
    d.add_heading("業務報告書および会議議事録（社外秘）", level=1)
    # `Document.add_paragraph` finds the body's closing sectPr by a linear search, which makes
    # 100,000 paragraphs quadratic: paragraphs are made with python-docx's own element and
    # Paragraph API and inserted before the sectPr directly (the same XML).
    body = d.element.body
    sect = body.sectPr
    k = 0
    for p in range(paragraphs):
        if p % 2000 == 0:
            d.add_heading(f"第{p // 2000 + 1}章　{g.r.choice(DEPTS)}の活動報告", level=2)
        el = OxmlElement("w:p")
        sect.addprevious(el)
        Paragraph(el, d._body).add_run(g.paragraph())
        if p % 500 == 499:
            t = d.add_table(rows=1, cols=5)
            for c, h in zip(t.rows[0].cells, ["氏名", "部署", "電話番号", "メール", "個人番号"]):
                c.text = h
            for _ in range(8):
                name, _, i = g.person()
                k += 1
                for c, v in zip(t.add_row().cells, [name, g.r.choice(DEPTS), g.phone(), g.email(i), g.my_number()]):
                    c.text = v
    d.save(path)
    pin_zip(path)


def make_xlsx(g: Gen, path: Path, rows: int) -> list[list]:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("顧客")
    ws.append(HEADER)
    kept = []
    for k in range(rows):
        row = g.customer(k + 1)
        if k < 30_000:
            kept.append(row)
        ws.append(row)
    ws2 = wb.create_sheet("担当者")
    ws2.append(["部署", "担当者", "内線", "携帯"])
    for dept in DEPTS:
        name, _, _ = g.person()
        ws2.append([dept, name, f"{g.r.randint(1000, 9999)}", g.phone()])
    wb.save(path)
    pin_zip(path)
    return kept


def make_pdf(g: Gen, path: Path, pages: int) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    c = canvas.Canvas(str(path), pageCompression=1, invariant=1)
    for page in range(1, pages + 1):
        c.setFont("HeiseiMin-W3", 13)
        c.drawString(50, 800, f"顧客対応記録　{page}頁")
        c.setFont("HeiseiMin-W3", 9)
        lines: list[str] = []
        while len(lines) < 44:
            if g.r.random() < 0.2:
                name, _, i = g.person()
                lines.append(f"{name}　電話：{g.phone()}　マイナンバー：{g.my_number()}")
                lines.append(f"　　メール：{g.email(i)}　〒{g.postal()} {g.address()}")
            else:
                s = g.sentence()
                lines += [s[k:k + 56] for k in range(0, len(s), 56)]
        y = 780
        for line in lines[:44]:
            c.drawString(40, y, line)
            y -= 17
        c.showPage()
    c.save()


def csv_bytes(rows: list[list], encoding: str) -> bytes:
    s = io.StringIO()
    w = csv.writer(s, lineterminator="\r\n")
    w.writerow(HEADER)
    w.writerows(rows)
    return s.getvalue().encode(encoding)


def write_zip(path: Path, members: list[tuple[str, bytes]]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for name, data in members:
            zi = zipfile.ZipInfo(name, FIXED_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data, compresslevel=6)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", default="target/bench-docs")
    ap.add_argument("--seed", type=int, default=20250401)
    ap.add_argument("--scale", type=float, default=1.0, help="multiplies every size (default 1)")
    ap.add_argument("--big-zip", action="store_true", help="also write big.zip (~200 MB)")
    ap.add_argument("--big-mb", type=int, default=200, help="size of big.zip in MB (default 200)")
    ap.add_argument("--force", action="store_true", help="rewrite files that exist")
    a = ap.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    g = Gen(a.seed)

    def step(name: str, fn) -> None:
        p = out / name
        if p.exists() and not a.force:
            print(f"{p}: exists ({p.stat().st_size / 1e6:.1f} MB), kept (--force rewrites)")
            return
        t = time.time()
        fn(p)
        print(f"{p}: {p.stat().st_size / 1e6:.1f} MB in {time.time() - t:.0f} s")

    # Each document draws from its own generator so sizes do not depend on what exists.
    step("report.docx", lambda p: make_docx(Gen(a.seed), p, int(120_000 * a.scale)))
    kept: list[list] = []

    def xlsx(p: Path) -> None:
        kept.extend(make_xlsx(Gen(a.seed + 1), p, int(60_000 * a.scale)))

    step("customers.xlsx", xlsx)
    if not kept:  # the xlsx existed: the CSV rows come from the same generator
        gx = Gen(a.seed + 1)
        kept = [gx.customer(k + 1) for k in range(30_000)]
    step("ledger.pdf", lambda p: make_pdf(Gen(a.seed + 2), p, max(1, int(300 * a.scale))))
    step("customers.csv", lambda p: p.write_bytes(csv_bytes(kept, "utf-8")))

    docs = {n: (out / n).read_bytes() for n in ["report.docx", "customers.xlsx", "ledger.pdf", "customers.csv"]}
    mixed = [
        ("営業部/議事録_2024.docx", docs["report.docx"]),
        ("営業部/顧客台帳.xlsx", docs["customers.xlsx"]),
        ("営業部/対応記録.pdf", docs["ledger.pdf"]),
        ("営業部/顧客一覧.csv", docs["customers.csv"]),
        ("総務部/顧客一覧_sjis.csv", csv_bytes(kept, "cp932")),
        ("総務部/控え/議事録_2024_コピー.docx", docs["report.docx"]),
        ("総務部/控え/顧客台帳_コピー.xlsx", docs["customers.xlsx"]),
        ("総務部/控え/対応記録_コピー.pdf", docs["ledger.pdf"]),
    ]
    step("mixed.zip", lambda p: write_zip(p, mixed))
    del g

    if a.big_zip:
        def big(p: Path) -> None:
            mixed_zip = (out / "mixed.zip").read_bytes()
            with zipfile.ZipFile(p, "w") as z:
                b = 0
                while z.fp.tell() < a.big_mb * 1_000_000:
                    b += 1
                    batch = [(f"batch{b:03d}/{n.split('/')[-1]}", d) for n, d in mixed[:5]]
                    if b % 3 == 0:
                        batch.append((f"batch{b:03d}/archive/営業部_バックアップ.zip", mixed_zip))
                    for name, data in batch:
                        zi = zipfile.ZipInfo(name, FIXED_DATE)
                        zi.compress_type = zipfile.ZIP_DEFLATED
                        z.writestr(zi, data, compresslevel=6)

        step("big.zip", big)


if __name__ == "__main__":
    main()
