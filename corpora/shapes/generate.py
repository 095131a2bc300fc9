#!/usr/bin/env python3
"""Writes the labelled corpus of leak shapes in corpora/shapes/ and its ground truth.

Values come from libraries independent of mamori's own tables and dictionaries:
Faker (ja_JP) for names, addresses, companies, phones and e-mails; phonenumbers to keep
only phones that are valid for region JP and written in the plan's national grouping;
python-stdnum for the My Number (stdnum.jp.in_) and corporate number (stdnum.jp.cn) check
digits and for Luhn (stdnum.luhn) on card numbers with real issuer prefixes.

    pip install faker==40.54.0 python-stdnum==2.2 phonenumbers==9.0.43
    python3 corpora/shapes/generate.py          # rewrites every generated file
    python3 corpora/shapes/generate.py --check  # exit 1 if a committed file differs

The output is byte-identical for a given seed and the pinned library versions.
"""

import argparse
import json
import random
import shutil
import sys
import tempfile
from email.message import EmailMessage
from email.utils import formataddr
from pathlib import Path

import phonenumbers
from faker import Faker
from stdnum import luhn
from stdnum.jp import cn, in_

SEED = 20240917
HERE = Path(__file__).resolve().parent
SHAPES = [
    "one_per_line",
    "pasted_tsv",
    "numeric_csv",
    "long_sheet",
    "html_mail",
    "ansi_log",
    "comb_form",
    "decoys",
]

rng = random.Random(SEED)
fake = Faker("ja_JP")
fake.seed_instance(SEED)

# --------------------------------------------------------------------------- values


def digits(n):
    return "".join(rng.choice("0123456789") for _ in range(n))


def plausible(body):
    """Not one repeated digit and not a plain ascending or descending run."""
    pairs = list(zip(body, body[1:]))
    same = all(a == b for a, b in pairs)
    up = all((int(b) - int(a)) % 10 == 1 for a, b in pairs)
    down = all((int(a) - int(b)) % 10 == 1 for a, b in pairs)
    return not (same or up or down)


def my_number():
    while True:
        base = digits(11)
        if plausible(base):
            value = base + str(in_.calc_check_digit(base))
            assert in_.is_valid(value)
            return value


def corporate_number():
    while True:
        base = digits(12)
        if plausible(base):
            value = str(cn.calc_check_digit(base)) + base
            assert cn.is_valid(value)
            return value


CARD_BRANDS = [
    (lambda: "4", 16),  # Visa
    (lambda: str(rng.randint(51, 55)), 16),  # Mastercard
    (lambda: str(rng.randint(2221, 2720)), 16),  # Mastercard 2-series
    (lambda: str(rng.randint(3528, 3589)), 16),  # JCB
    (lambda: rng.choice(["34", "37"]), 15),  # American Express
]


def card():
    prefix, length = rng.choice(CARD_BRANDS)
    body = prefix()
    body += digits(length - len(body) - 1)
    value = body + str(luhn.calc_check_digit(body))
    assert luhn.is_valid(value)
    return value


def card_grouped(value, sep):
    if len(value) == 15:
        return sep.join([value[:4], value[4:10], value[10:]])
    return sep.join(value[i : i + 4] for i in range(0, len(value), 4))


def phone_valid(text):
    """The number is valid for JP and written in libphonenumber's national grouping."""
    n = phonenumbers.parse(text, "JP")
    national = phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.is_valid_number(n) and national == text


def phone():
    """Faker's phones that are valid and well grouped; one in four a fixed line whose digits
    are random and whose grouping is libphonenumber's (Faker writes only mobiles and
    `##-####-####`)."""
    while True:
        if rng.random() < 0.75:
            text = fake.phone_number()
        else:
            n = phonenumbers.parse("0" + str(rng.randint(1, 9)) + digits(8), "JP")
            if phonenumbers.number_type(n) != phonenumbers.PhoneNumberType.FIXED_LINE:
                continue
            text = phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.NATIONAL)
        if phone_valid(text):
            return text


def mobile():
    """A Faker mobile (070/080/090), valid and well grouped."""
    while True:
        text = fake.phone_number()
        if text[:3] in ("070", "080", "090") and phone_valid(text):
            return text


def phone_international(national):
    n = phonenumbers.parse(national, "JP")
    return phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def postcode():
    while True:
        code = fake.postcode()
        if not code.startswith("000"):
            return code


def email():
    return rng.choice([fake.email, fake.free_email, fake.company_email])()


def bank_account():
    return digits(7)


PASSPORT_PREFIXES = ["TK", "TR", "TZ", "MU", "MZ", "ME", "TH", "TS"]


def passport():
    return rng.choice(PASSPORT_PREFIXES) + digits(7)


def pension():
    return str(rng.randint(1, 9)) + digits(9)


def name():
    return fake.name()


def only_digits(s):
    return "".join(c for c in s if c.isdigit())


def norm(kind, text):
    """The ground-truth value: digits for numbers, lower case for e-mail, upper case for
    passports (the test normalises findings the same way)."""
    if kind == "email":
        return text.lower()
    if kind == "passport":
        return text.upper()
    return only_digits(text)


# --------------------------------------------------------------------------- decoys


def valid_as_anything(d):
    """True when a digit string passes a check that a real identifier would: such a string
    is not a fair decoy."""
    if len(d) == 12 and in_.is_valid(d):
        return True
    if len(d) == 13 and cn.is_valid(d):
        return True
    if 13 <= len(d) <= 19 and luhn.is_valid(d):
        return True
    if d.startswith("0") and 10 <= len(d) <= 11:
        n = phonenumbers.parse(d, "JP")
        if phonenumbers.is_valid_number(n):
            return True
    return False


def decoy_digits(n, first="123456789"):
    while True:
        d = rng.choice(first) + digits(n - 1)
        if not valid_as_anything(d):
            return d


def wrong_my_number():
    """Twelve digits whose last digit is not the My Number check digit."""
    while True:
        good = my_number()
        bad = good[:11] + str((int(good[11]) + rng.randint(1, 9)) % 10)
        if not valid_as_anything(bad):
            return bad


def ean13_check(body12):
    s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body12))
    return str((10 - s % 10) % 10)


def jan_code():
    """A JAN (EAN-13) code with Japan's 49 prefix and a correct EAN check digit."""
    while True:
        body = "49" + digits(10)
        code = body + ean13_check(body)
        if not valid_as_anything(code):
            return code


def amount():
    return f"{rng.randint(100, 9_999_999):,}"


def date():
    return f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


PRODUCTS = [
    "ボールペン（黒）10本入",
    "A4コピー用紙 500枚",
    "クリアファイル 20枚",
    "USBメモリ 32GB",
    "付箋 75mm角",
    "ホッチキス針 No.10",
    "ノートPCスタンド",
    "ワイヤレスマウス",
    "電卓 12桁",
    "デスクライト LED",
]

BANKS = ["みずほ銀行", "三菱UFJ銀行", "三井住友銀行", "りそな銀行", "ゆうちょ銀行", "横浜銀行"]

# --------------------------------------------------------------------------- documents


class Doc:
    """A text file being written, with the byte span of every labelled item."""

    def __init__(self, path):
        self.path = path
        self.buf = bytearray()
        self.truth = []

    def add(self, text):
        self.buf += text.encode("utf-8")

    def item(self, kind, text, value=None):
        start = len(self.buf)
        self.add(text)
        self.truth.append(
            {
                "file": self.path,
                "kind": kind,
                "start": start,
                "end": len(self.buf),
                "value": value if value is not None else norm(kind, text),
            }
        )

    def item_span(self, kind, text, value):
        """An item written with separators inside it (comb boxes): the span runs from its
        first to its last non-space character."""
        lead = len(text) - len(text.lstrip())
        trail = len(text) - len(text.rstrip())
        self.add(text[:lead])
        self.item(kind, text[lead : len(text) - trail], value)
        self.add(text[len(text) - trail :])


class Corpus:
    def __init__(self, root):
        self.root = root
        self.truth = []
        self.files = []

    def write(self, doc):
        path = self.root / doc.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes(doc.buf))
        self.truth.extend(doc.truth)
        self.files.append(doc.path)

    def write_mail(self, path, msg, items):
        """An .eml file; its items are located by kind and value, not by span (the test
        scans it through mail extraction)."""
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(msg.as_bytes())
        seen = set()
        for kind, value in items:
            key = (kind, norm(kind, value))
            if key not in seen:
                seen.add(key)
                self.truth.append({"file": path, "kind": kind, "value": key[1]})
        self.files.append(path)


# --------------------------------------------------------------------------- shapes


def one_per_line(c):
    def listing(path, header, kind, make, fmt, eol="\n"):
        d = Doc(path)
        if header:
            d.add(header + eol)
        for _ in range(rng.randint(5, 50)):
            value = make()
            d.item(kind, fmt(value), norm(kind, value))
            d.add(eol)
        c.write(d)

    def grouped4(sep):
        return lambda v: sep.join(v[i : i + 4] for i in range(0, len(v), 4))

    listing("one_per_line/mynumber_001.txt", "マイナンバー一覧", "my_number", my_number, str)
    listing("one_per_line/mynumber_002.txt", None, "my_number", my_number, grouped4(" "))
    listing(
        "one_per_line/mynumber_003.txt", "個人番号", "my_number", my_number, grouped4("-"), "\r\n"
    )
    listing("one_per_line/card_001.txt", "カード番号一覧", "credit_card", card, str)
    listing(
        "one_per_line/card_002.txt",
        None,
        "credit_card",
        card,
        lambda v: card_grouped(v, rng.choice([" ", "-"])),
    )
    listing("one_per_line/phone_001.txt", "電話番号一覧", "phone", phone, str)
    listing("one_per_line/phone_002.txt", None, "phone", phone, only_digits, "\r\n")
    listing("one_per_line/corporate_001.txt", "法人番号一覧", "corporate_number", corporate_number, str)
    listing("one_per_line/email_001.txt", None, "email", email, str)


def mail_intro(d, eol):
    d.add(f"{fake.last_name()}さん{eol}{eol}お疲れ様です。人事部の{fake.last_name()}です。{eol}")
    d.add(f"下記、Excelから貼り付けます。ご確認ください。{eol}{eol}")


def mail_outro(d, eol):
    d.add(f"{eol}以上、よろしくお願いいたします。{eol}{eol}--{eol}{fake.company()} 人事部{eol}")
    d.add(f"{name()}{eol}")


def pasted_tsv(c):
    d = Doc("pasted_tsv/mail_001.txt")
    mail_intro(d, "\n")
    d.add("社員番号\t氏名\tマイナンバー\t電話番号\t郵便番号\t住所\n")
    for _ in range(rng.randint(20, 80)):
        d.add(f"{rng.randint(100000, 999999)}\t{name()}\t")
        d.item("my_number", my_number())
        d.add("\t")
        d.item("phone", phone())
        d.add("\t")
        d.item("postal_code", postcode())
        d.add(f"\t{fake.address()}\n")
    mail_outro(d, "\n")
    c.write(d)

    # Outlook: CRLF, a kana column, the 〒 sign as the postal-code header.
    d = Doc("pasted_tsv/mail_002.txt")
    mail_intro(d, "\r\n")
    d.add("No.\t氏名\tフリガナ\t個人番号\t携帯電話\t〒\t住所\r\n")
    for i in range(rng.randint(20, 80)):
        d.add(f"{i + 1}\t{name()}\t{fake.kana_name()}\t")
        d.item("my_number", my_number())
        d.add("\t")
        d.item("phone", phone())
        d.add("\t")
        d.item("postal_code", postcode())
        d.add(f"\t{fake.address()}\r\n")
    mail_outro(d, "\r\n")
    c.write(d)


def numeric_csv(c):
    # Bare digits everywhere but the postal code.
    d = Doc("numeric_csv/export_001.csv")
    d.add("id,my_number,card_no,tel,zip\n")
    for i in range(rng.randint(50, 200)):
        d.add(f"{i + 1},")
        d.item("my_number", my_number())
        d.add(",")
        d.item("credit_card", card())
        d.add(",")
        d.item("phone", only_digits(phone()))
        d.add(",")
        d.item("postal_code", postcode())
        d.add("\n")
    c.write(d)

    # CRLF; the postal code as seven bare digits under the `zip` column.
    d = Doc("numeric_csv/export_002.csv")
    d.add("id,my_number,card_no,tel,zip\r\n")
    for i in range(rng.randint(50, 200)):
        d.add(f"{1000 + i},")
        d.item("my_number", my_number())
        d.add(",")
        d.item("credit_card", card())
        d.add(",")
        d.item("phone", phone())
        d.add(",")
        d.item("postal_code", only_digits(postcode()))
        d.add("\r\n")
    c.write(d)


def long_sheet(c):
    def sheet(path, sep, header, row):
        d = Doc(path)
        d.add(sep.join(header) + "\n")
        for i in range(rng.randint(60, 120)):
            cells = row(i)
            for j, cell in enumerate(cells):
                if j:
                    d.add(sep)
                if isinstance(cell, tuple):
                    d.item(*cell)
                else:
                    d.add(cell)
            d.add("\n")
        c.write(d)

    def expiry():
        return f"20{rng.randint(26, 35)}/{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}"

    sheet(
        "long_sheet/passport_001.csv",
        ",",
        ["No", "氏名", "旅券番号", "有効期限"],
        lambda i: [str(i + 1), name(), ("passport", passport()), expiry()],
    )
    sheet(
        "long_sheet/postal_002.tsv",
        "\t",
        ["顧客ID", "氏名", "郵便番号", "都道府県"],
        lambda i: [
            f"C{i + 1:05d}",
            name(),
            ("postal_code", only_digits(postcode())),
            fake.prefecture(),
        ],
    )
    sheet(
        "long_sheet/bank_003.csv",
        ",",
        ["銀行名", "支店名", "口座種別", "口座番号", "口座名義"],
        lambda i: [
            rng.choice(BANKS),
            fake.city() + "支店",
            rng.choice(["普通", "当座"]),
            ("bank_account", bank_account()),
            fake.kana_name(),
        ],
    )
    sheet(
        "long_sheet/card_004.tsv",
        "\t",
        ["会員ID", "氏名", "カード番号", "有効期限"],
        lambda i: [
            str(rng.randint(10000000, 99999999)),
            name(),
            ("credit_card", card()),
            f"{rng.randint(1, 12):02d}/{rng.randint(26, 31)}",
        ],
    )

    def pension_cell():
        v = pension()
        text = v if rng.random() < 0.3 else f"{v[:4]}-{v[4:]}"
        return ("basic_pension_number", text)

    sheet(
        "long_sheet/pension_005.csv",
        ",",
        ["社員番号", "氏名", "基礎年金番号", "資格取得日"],
        lambda i: [f"E{rng.randint(1000, 9999)}", name(), pension_cell(), date()],
    )


HTML_HEAD = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>{title}</title>
<style>table{{border-collapse:collapse}} td,th{{border:1px solid #999;padding:2px 6px}}</style>
</head><body>
"""


def html_mail(c):
    def message(sender, to, subject):
        msg = EmailMessage()
        msg["From"] = formataddr((sender[0], sender[1]))
        msg["To"] = formataddr((to[0], to[1]))
        msg["Subject"] = subject
        msg["Date"] = "Mon, 13 May 2024 10:15:00 +0900"
        msg["Message-ID"] = f"<{digits(10)}.{digits(6)}@mail.example.jp>"
        return msg

    def person():
        return (name(), email())

    # multipart/alternative that holds only a text/html part (utf-8, base64).
    sender, to = person(), person()
    items = [("email", sender[1]), ("email", to[1])]
    rows = []
    for _ in range(rng.randint(10, 25)):
        n, mail, tel, zipc = name(), email(), phone(), postcode()
        items += [("email", mail), ("phone", tel), ("postal_code", zipc)]
        rows.append(
            f'<tr><td>{n}</td><td><a href="mailto:{mail}">{mail}</a></td>'
            f"<td>{tel}</td><td>〒{zipc}</td><td>{fake.address()}</td></tr>"
        )
    html = HTML_HEAD.format(charset="utf-8", title="顧客一覧")
    html += f"<p>{to[0]} 様</p><p>お世話になっております。顧客一覧をお送りします。</p>\n"
    html += "<table><tr><th>氏名</th><th>メール</th><th>電話番号</th><th>郵便番号</th><th>住所</th></tr>\n"
    html += "\n".join(rows)
    html += f"\n</table><p>{sender[0]}</p></body></html>\n"
    msg = message(sender, to, "顧客一覧の送付")
    msg.make_alternative()
    msg.add_alternative(html, subtype="html", charset="utf-8", cte="base64")
    msg.set_boundary(f"=_shapes_{digits(16)}")
    msg["MIME-Version"] = "1.0"
    c.write_mail("html_mail/customers_001.eml", msg, items)

    # One text/html part, quoted-printable; the links show the name, not the address.
    sender, to = person(), person()
    items = [("email", sender[1]), ("email", to[1])]
    rows = []
    for i in range(rng.randint(10, 25)):
        n, mail, tel, mn = name(), email(), phone(), my_number()
        items += [("email", mail), ("phone", tel), ("my_number", mn)]
        rows.append(
            f"<tr><td>{rng.randint(100000, 999999)}</td>"
            f'<td><a href="mailto:{mail}">{n}</a></td><td>{tel}</td><td>{mn}</td></tr>'
        )
    html = HTML_HEAD.format(charset="utf-8", title="会員情報")
    html += f"<p>{to[0]}さん</p><p>会員情報（マイナンバー含む）を転記しました。</p>\n"
    html += "<table><tr><th>会員番号</th><th>お名前</th><th>携帯電話</th><th>マイナンバー</th></tr>\n"
    html += "\n".join(rows) + "\n</table></body></html>\n"
    msg = message(sender, to, "会員情報")
    msg.set_content(html, subtype="html", charset="utf-8", cte="quoted-printable")
    c.write_mail("html_mail/members_002.eml", msg, items)

    # One text/html part in ISO-2022-JP (7bit), cards and corporate numbers in a list.
    sender, to = person(), person()
    items = [("email", sender[1]), ("email", to[1])]
    lines = []
    for _ in range(rng.randint(8, 20)):
        co, corp, cc, mail = fake.company(), corporate_number(), card(), email()
        items += [("corporate_number", corp), ("credit_card", cc), ("email", mail)]
        lines.append(
            f"<li>{co}（法人番号 {corp}）<br>決済カード {card_grouped(cc, '-')}<br>"
            f'担当 <a href="mailto:{mail}">{mail}</a></li>'
        )
    html = HTML_HEAD.format(charset="iso-2022-jp", title="取引先")
    html += "<p>取引先の決済情報です。</p><ul>\n" + "\n".join(lines) + "\n</ul></body></html>\n"
    msg = message(sender, to, "取引先一覧")
    msg.set_content(html, subtype="html", charset="iso-2022-jp")
    c.write_mail("html_mail/partners_003.eml", msg, items)


ESC = "\x1b"
CYAN, GREEN, YELLOW, RED, DIM, RESET = (
    f"{ESC}[36m",
    f"{ESC}[32m",
    f"{ESC}[33m",
    f"{ESC}[31m",
    f"{ESC}[2m",
    f"{ESC}[0m",
)


def ansi_log(c):
    def stamp(i):
        return f"2024-05-13 {9 + i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}.{rng.randint(0, 999):03d}"

    def req():
        return "".join(rng.choice("0123456789abcdef") for _ in range(8))

    d = Doc("ansi_log/app_001.log")
    t = 0
    for _ in range(rng.randint(60, 100)):
        t += rng.randint(1, 40)
        d.add(f"{stamp(t)} ")
        r = rng.random()
        if r < 0.3:
            d.add(f"{GREEN}INFO {RESET} [auth] login ok {CYAN}user=")
            d.item("email", email())
            d.add(f"{RESET} ip=10.0.{rng.randint(0, 255)}.{rng.randint(1, 254)} req={req()}\n")
        elif r < 0.5:
            d.add(f"{YELLOW}WARN {RESET} [sms] retry to={CYAN}")
            d.item("phone", phone())
            d.add(f"{RESET} attempt={rng.randint(2, 5)}\n")
        elif r < 0.7:
            d.add(f"{GREEN}INFO {RESET} [signup] user=")
            d.item("phone", only_digits(mobile()))
            d.add(f" status=200 latency={rng.randint(3, 900)}ms\n")
        elif r < 0.8:
            d.add(f"{RED}ERROR{RESET} [mailer] bounce {CYAN}")
            d.item("email", email())
            d.add(f"{RESET} code=550\n")
        else:
            d.add(f"{DIM}DEBUG{RESET} [cache] hit key=session:{req()}{req()} ttl=3600\n")
    c.write(d)

    # Colour codes run straight into the value; international phone form.
    d = Doc("ansi_log/app_002.log")
    t = 0
    for _ in range(rng.randint(60, 100)):
        t += rng.randint(1, 40)
        d.add(f"{DIM}{stamp(t)}{RESET} ")
        r = rng.random()
        if r < 0.3:
            d.add(f"{ESC}[1;34mnotify{RESET} sent to ")
            d.add(f"{ESC}[4m")
            d.item("email", email())
            d.add(f"{ESC}[24m\n")
        elif r < 0.55:
            d.add(f"{ESC}[1;34mnotify{RESET} sms {CYAN}tel=")
            d.item("phone", phone_international(phone()))
            d.add(f"{RESET} queued\n")
        elif r < 0.75:
            d.add(f"{ESC}[1;32mprofile{RESET} updated {CYAN}user=")
            d.item("phone", only_digits(mobile()))
            d.add(f"{RESET} by=admin\n")
        else:
            d.add(f"{ESC}[1;30mhttp{RESET} GET /api/v1/items/{rng.randint(1, 99999)} 200 {rng.randint(1, 500)}ms\n")
    c.write(d)


def boxes(value, sep):
    return sep.join(value)


def comb_form(c):
    # One digit per box, boxes read as spaces.
    d = Doc("comb_form/forms_001.txt")
    for i in range(rng.randint(6, 10)):
        d.add(f"【個人番号届出書 {i + 1}】\n氏名 {name()}\nフリガナ {fake.kana_name()}\n")
        mn, tel, zipc = my_number(), phone(), postcode()
        d.add("個人番号 ")
        d.item("my_number", boxes(mn, " "), mn)
        d.add("\n電話番号 ")
        d.item("phone", boxes(only_digits(tel), " "), only_digits(tel))
        d.add("\n郵便番号 ")
        d.item("postal_code", boxes(only_digits(zipc), " "), only_digits(zipc))
        d.add(f"\n住所 {fake.address()}\n\n")
    c.write(d)

    # Boxes read as vertical bars.
    d = Doc("comb_form/forms_002.txt")
    for i in range(rng.randint(6, 10)):
        d.add(f"申請書 No.{i + 1}\n氏名 {name()}\n")
        mn, tel = my_number(), phone()
        d.add("個人番号 ")
        d.item("my_number", boxes(mn, "|"), mn)
        d.add("\n電話番号 ")
        d.item("phone", boxes(only_digits(tel), "|"), only_digits(tel))
        d.add("\n\n")
    c.write(d)

    # A company's payment form: corporate number, account and card in boxes.
    d = Doc("comb_form/forms_003.txt")
    for i in range(rng.randint(6, 10)):
        corp, acct, cc = corporate_number(), bank_account(), card()
        d.add(f"口座振替依頼書 {i + 1}\n法人名 {fake.company()}\n法人番号 ")
        d.item("corporate_number", boxes(corp, " "), corp)
        d.add(f"\n金融機関 {rng.choice(BANKS)} 普通 口座番号 ")
        d.item("bank_account", boxes(acct, " "), acct)
        d.add("\nカード番号 ")
        d.item("credit_card", boxes(cc, "|"), cc)
        d.add("\n\n")
    c.write(d)


def decoys(c):
    d = Doc("decoys/one_per_line_001.txt")
    d.add("受付番号一覧\n")
    for _ in range(rng.randint(15, 30)):
        d.add(wrong_my_number() + "\n")
    c.write(d)

    d = Doc("decoys/one_per_line_002.txt")
    d.add("JANコード\n")
    for _ in range(rng.randint(15, 30)):
        d.add(jan_code() + "\n")
    c.write(d)

    d = Doc("decoys/pasted_tsv_001.txt")
    d.add("各位\n\nお疲れ様です。今月の発注分を貼り付けます。\n\n")
    d.add("注文番号\t商品名\tJANコード\t数量\t金額\t注文日\n")
    for _ in range(rng.randint(20, 40)):
        d.add(
            f"{decoy_digits(10)}\t{rng.choice(PRODUCTS)}\t{jan_code()}\t{rng.randint(1, 50)}"
            f"\t{amount()}円\t{date()}\n"
        )
    d.add("\n区\t予算\t参加\n")
    for ward in ["渋谷区", "新宿区", "港区", "世田谷区", "品川区"]:
        d.add(f"{ward}\t{ward}2024年度予算\t{ward} {rng.randint(2, 9)}名\n")
    d.add("\n渋谷区2024年度予算の件、新宿区 3名の参加で確定です。\n")
    c.write(d)

    d = Doc("decoys/numeric_csv_001.csv")
    d.add("id,order_no,jan,amount,date\n")
    for i in range(rng.randint(50, 100)):
        d.add(
            f"{i + 1},{decoy_digits(rng.choice([10, 11, 12]))},{jan_code()},"
            f"{rng.randint(100, 9999999)},{date().replace('-', '')}\n"
        )
    c.write(d)

    d = Doc("decoys/long_sheet_001.csv")
    d.add("伝票番号,受付番号,品番,数量,単価\n")
    for _ in range(rng.randint(60, 120)):
        d.add(
            f"{decoy_digits(7)},{wrong_my_number()},{decoy_digits(8)},"
            f"{rng.randint(1, 99)},{rng.randint(100, 99999)}\n"
        )
    c.write(d)

    msg = EmailMessage()
    msg["From"] = "shop@example.com"
    msg["To"] = "orders@example.com"
    msg["Subject"] = "ご注文明細"
    msg["Date"] = "Mon, 13 May 2024 10:15:00 +0900"
    rows = "\n".join(
        f"<tr><td>{decoy_digits(10)}</td><td>{rng.choice(PRODUCTS)}</td><td>{jan_code()}</td>"
        f"<td>¥{amount()}</td><td>{date()}</td></tr>"
        for _ in range(rng.randint(10, 20))
    )
    html = HTML_HEAD.format(charset="utf-8", title="ご注文明細")
    html += '<p><img src="logo@2x.png" alt="logo"></p><p>ご注文ありがとうございます。</p>\n'
    html += "<table><tr><th>注文番号</th><th>商品</th><th>JAN</th><th>金額</th><th>日付</th></tr>\n"
    html += rows + "\n</table><p>添付: logo@2x.png, banner@3x.jpg</p></body></html>\n"
    msg.set_content(html, subtype="html", charset="utf-8", cte="base64")
    # The shop's own addresses in From/To are real e-mail addresses: they are labelled.
    c.write_mail(
        "decoys/html_mail_001.eml",
        msg,
        [("email", "shop@example.com"), ("email", "orders@example.com")],
    )

    d = Doc("decoys/ansi_log_001.log")
    for i in range(rng.randint(40, 80)):
        epoch_ms = decoy_digits(13, "1")
        d.add(
            f"{DIM}ts={epoch_ms}{RESET} {GREEN}INFO {RESET} GET /static/img/logo@2x.png "
            f"pid={rng.randint(1000, 65535)} order={decoy_digits(11)} "
            f"{CYAN}amount={amount()}{RESET} v=1.{rng.randint(0, 20)}.{rng.randint(0, 9)}\n"
        )
    c.write(d)

    d = Doc("decoys/comb_form_001.txt")
    for i in range(rng.randint(6, 10)):
        d.add(f"受付票 {i + 1}\n受付番号 {boxes(wrong_my_number(), ' ')}\n")
        d.add(f"受付日 {boxes(date().replace('-', ''), ' ')}\n")
        d.add(f"金額 {boxes(str(rng.randint(1000, 9999999)), '|')}\n\n")
    c.write(d)


# --------------------------------------------------------------------------- main


def generate(root):
    c = Corpus(root)
    one_per_line(c)
    pasted_tsv(c)
    numeric_csv(c)
    long_sheet(c)
    html_mail(c)
    ansi_log(c)
    comb_form(c)
    decoys(c)
    with open(root / "ground_truth.jsonl", "w", encoding="utf-8", newline="\n") as f:
        for t in c.truth:
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
    return c


def generated_files(root):
    files = [p for shape in SHAPES for p in sorted((root / shape).glob("*")) if p.is_file()]
    return files + [root / "ground_truth.jsonl"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the committed files")
    args = ap.parse_args()
    if not args.check:
        for shape in SHAPES:
            shutil.rmtree(HERE / shape, ignore_errors=True)
        c = generate(HERE)
        size = sum(p.stat().st_size for p in generated_files(HERE))
        print(f"{len(c.files)} files, {len(c.truth)} labelled items, {size} bytes")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        generate(tmp)
        new = {p.relative_to(tmp): p.read_bytes() for p in generated_files(tmp)}
        old = {p.relative_to(HERE): p.read_bytes() for p in generated_files(HERE)}
        differ = sorted(str(k) for k in new.keys() | old.keys() if new.get(k) != old.get(k))
        for k in differ:
            print(f"differs: {k}")
        return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
