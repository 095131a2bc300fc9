#!/usr/bin/env python3
"""Outlook .msg files and an mbox for corpora/documents/mail/, with their ground truth.

    python3 corpora/documents/gen_mail.py     # makes a venv in /tmp if needed

People, addresses and e-mail addresses come from Faker (ja_JP, fixed seed); phone numbers
and My Numbers (valid check digits) from the seeded generator below. Attachments are
written by openpyxl (xlsx) and Python's csv module.

.msg: there is no free .msg writer, so `core/examples/write_msg.rs` writes them with the
`cfb` crate following MS-OXMSG from a JSON description made here; the compressed RTF body
is made by the `compressed-rtf` package. Each file is then read back with `extract-msg`
(an independent reader) and the script stops unless it shows the subject, sender,
recipients, bodies and attachments that were written.

mbox: e-mails built with Python's `email` package, added to a mailbox with
`mailbox.mbox` (which writes the `From ` lines and quotes body lines starting with
`From ` as `>From `).

Lines of ground_truth.jsonl for the files made here are replaced; the others are kept.
"""
from __future__ import annotations

import csv
import json
import mailbox
import os
import random
import subprocess
import sys
from email.message import EmailMessage
from email.utils import formataddr
from pathlib import Path

VENV = Path("/tmp/mamori-mail-venv")
PIP_PKGS = ["extract-msg==0.57.0", "compressed-rtf==1.0.7", "faker==40.54.0", "openpyxl==3.1.5"]
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MAIL = HERE / "mail"
OWN = ("mail/受信_見積.msg", "mail/連絡_cp932.msg", "mail/inbox.mbox")


def ensure_venv() -> None:
    if Path(sys.prefix) == VENV:
        return
    if not (VENV / "bin" / "python").exists():
        subprocess.check_call([sys.executable, "-m", "venv", str(VENV)])
    subprocess.check_call([str(VENV / "bin" / "pip"), "install", "-q", *PIP_PKGS])
    os.execv(str(VENV / "bin" / "python"), [str(VENV / "bin" / "python"), *sys.argv])


ensure_venv()

import compressed_rtf  # noqa: E402
import extract_msg  # noqa: E402
import openpyxl  # noqa: E402
from faker import Faker  # noqa: E402

R = random.Random(5322)
F = Faker("ja_JP")
F.seed_instance(5322)
TRUTH: list[dict] = []


def my_number() -> str:
    d = "".join(R.choice("0123456789") for _ in range(11))
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


def email() -> str:
    return F.unique.safe_email()


def truth(file: str, location: str, kind: str, value: str) -> None:
    TRUTH.append({"file": file, "location": location, "kind": kind, "value": value})


def write_xlsx(path: Path) -> tuple[str, str]:
    """A sheet with a header row, a blank row and one customer in row 3."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["氏名", "電話番号", "メール"])
    ws.append([])
    tel, mail = phone(), email()
    ws.append([F.name(), tel, mail])
    wb.save(path)
    return tel, mail


def write_msg(path: Path, spec: dict) -> None:
    subprocess.run(
        ["cargo", "run", "-q", "-p", "mamori", "--example", "write_msg", "--", str(path)],
        input=json.dumps(spec).encode(),
        cwd=ROOT,
        check=True,
    )


def check(cond: bool, what: str) -> None:
    if not cond:
        sys.exit(f"extract-msg does not read back {what}")


def verify_msg(path: Path, spec: dict) -> None:
    """Reads the file with extract-msg and compares with what was written."""
    m = extract_msg.openMsg(str(path))
    print(f"{path.name}: subject={m.subject!r} sender={m.sender!r} to={m.to!r} cc={m.cc!r}")
    check(m.subject == spec["subject"], "the subject")
    check(spec["sender_email"] in (m.sender or ""), "the sender")
    for r in spec["recipients"]:
        field = m.to if r["type"] == 1 else m.cc
        check(r["email"] in (field or ""), f"recipient {r['type']}")
    check(m.body.replace("\r\n", "\n").strip() == spec["body"].strip(), "the body")
    if "html" in spec:
        check(m.htmlBody.decode("utf-8") == spec["html"], "the HTML body")
    if "rtf" in spec:
        check(m.rtfBody.rstrip(b"\0") == spec["rtf"].encode(), "the RTF body")
    names = [a.longFilename for a in m.attachments]
    print(f"  attachments: {names}")
    check(names == [a["name"] for a in spec.get("attachments", [])], "the attachment names")
    for a, want in zip(m.attachments, spec.get("attachments", [])):
        if "path" in want:
            check(a.data == Path(want["path"]).read_bytes(), f"the data of {want['name']}")
        else:
            inner = a.data
            print(f"  embedded: subject={inner.subject!r} sender={inner.sender!r}")
            check(inner.subject == want["message"]["subject"], "the embedded subject")
            check(inner.body.strip() == want["message"]["body"].strip(), "the embedded body")
    m.close()


def rtf_escape(s: str) -> str:
    """Non-ASCII text as `\\'hh` escapes of its CP932 bytes (as Word and Outlook write it)."""
    return "".join(c if ord(c) < 128 else "".join(f"\\'{b:02x}" for b in c.encode("cp932")) for c in s)


def gen_msg_unicode() -> None:
    name = "受信_見積.msg"
    file = f"mail/{name}"
    tmp = Path("/tmp/mamori-mail")
    tmp.mkdir(exist_ok=True)
    sender, to, cc = email(), email(), email()
    subject_tel = phone()
    body_tel, body_mn, html_mail, rtf_tel = phone(), my_number(), email(), phone()
    person, address = F.name(), F.address().replace("\n", " ")
    body = (
        f"{F.last_name()}様\n\nお世話になっております。見積の件でご連絡します。\n"
        f"担当: {person}\n住所: {address}\n電話: {body_tel}\nマイナンバー: {body_mn}\n"
    )
    html = (
        "<html><head><meta charset=\"utf-8\"></head><body>"
        + "".join(f"<p>{line}</p>" for line in body.splitlines() if line)
        + f"<p>控え: <a href=\"mailto:{html_mail}\">{html_mail}</a></p></body></html>"
    )
    rtf = (
        "{\\rtf1\\ansi\\ansicpg932\\deff0{\\fonttbl{\\f0\\fnil\\fcharset128 MS Gothic;}}\\f0 "
        + rtf_escape(f"担当: {person}")
        + "\\par "
        + rtf_escape(f"電話: {body_tel}")
        + "\\par "
        + rtf_escape(f"緊急連絡先: {rtf_tel}")
        + "\\par}"
    )
    xlsx = tmp / "見積.xlsx"
    x_tel, x_mail = write_xlsx(xlsx)
    csv_path = tmp / "顧客.csv"
    c_tel, c_mail = phone(), email()
    with open(csv_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["氏名", "電話", "メール"])
        w.writerow([F.name(), c_tel, c_mail])
    fwd_sender, fwd_tel = email(), phone()
    forwarded = {
        "subject": "転送: 連絡先",
        "sender_name": F.name(),
        "sender_email": fwd_sender,
        "recipients": [{"name": F.name(), "email": sender, "type": 1}],
        "body": f"先日の件です。\n連絡先: {fwd_tel}\n",
    }
    spec = {
        "subject": f"見積のご依頼（至急 {subject_tel}）",
        "sender_name": F.name(),
        "sender_email": sender,
        "recipients": [
            {"name": F.name(), "email": to, "type": 1},
            {"name": F.name(), "email": cc, "type": 2},
        ],
        "body": body,
        "html": html,
        "rtf": rtf,
        "rtf_compressed_hex": compressed_rtf.compress(rtf.encode(), compressed=True).hex(),
        "attachments": [
            {"name": "見積.xlsx", "path": str(xlsx)},
            {"name": "顧客.csv", "path": str(csv_path)},
            {"name": "転送.msg", "message": forwarded},
        ],
    }
    write_msg(MAIL / name, spec)
    verify_msg(MAIL / name, spec)
    truth(file, f"{name}#From", "email", sender)
    truth(file, f"{name}#To", "email", to)
    truth(file, f"{name}#Cc", "email", cc)
    truth(file, f"{name}#Subject", "phone", subject_tel)
    truth(file, f"{name}#body", "phone", body_tel)
    truth(file, f"{name}#body", "my_number", body_mn)
    truth(file, f"{name}#body=2", "email", html_mail)
    truth(file, f"{name}#body=3", "phone", rtf_tel)
    truth(file, f"{name}!見積.xlsx#Sheet1!B3", "phone", x_tel)
    truth(file, f"{name}!見積.xlsx#Sheet1!C3", "email", x_mail)
    truth(file, f"{name}!顧客.csv", "phone", c_tel)
    truth(file, f"{name}!顧客.csv", "email", c_mail)
    truth(file, f"{name}!転送.msg#From", "email", fwd_sender)
    truth(file, f"{name}!転送.msg#To", "email", sender)
    truth(file, f"{name}!転送.msg#body", "phone", fwd_tel)


def gen_msg_cp932() -> None:
    """Strings and body 8-bit in code page 932 (PidTagInternetCodepage), as older Outlook wrote."""
    name = "連絡_cp932.msg"
    file = f"mail/{name}"
    sender, to = email(), email()
    tel, mn = phone(), my_number()
    body = f"{F.name()}さんの連絡先を更新しました。\n住所: {F.address()}\n携帯: {tel}\n個人番号: {mn}\n"
    spec = {
        "subject": "連絡先の更新",
        "sender_name": F.name(),
        "sender_email": sender,
        "recipients": [{"name": F.name(), "email": to, "type": 1}],
        "body": body,
        "codepage": 932,
    }
    write_msg(MAIL / name, spec)
    verify_msg(MAIL / name, spec)
    truth(file, f"{name}#From", "email", sender)
    truth(file, f"{name}#To", "email", to)
    truth(file, f"{name}#body", "phone", tel)
    truth(file, f"{name}#body", "my_number", mn)


def gen_mbox() -> None:
    name = "inbox.mbox"
    file = f"mail/{name}"
    path = MAIL / name
    if path.exists():
        path.unlink()
    box = mailbox.mbox(str(path))
    tmp = Path("/tmp/mamori-mail")
    # 1: an ISO-2022-JP text message.
    a, b, tel, mn = email(), email(), phone(), my_number()
    m = EmailMessage()
    m["From"] = formataddr((F.name(), a))
    m["To"] = formataddr((F.name(), b))
    m["Subject"] = "会員情報"
    m.set_content(f"{F.name()}様\n電話: {tel}\nマイナンバー: {mn}\n", charset="iso-2022-jp")
    box.add(m)
    truth(file, f"{name}!1#From", "email", a)
    truth(file, f"{name}!1#To", "email", b)
    truth(file, f"{name}!1#body", "phone", tel)
    truth(file, f"{name}!1#body", "my_number", mn)
    # 2: an xlsx attachment.
    a, b = email(), email()
    m = EmailMessage()
    m["From"] = a
    m["To"] = b
    m["Subject"] = "名簿を送ります"
    m.set_content("名簿を添付します。\n")
    xlsx = tmp / "名簿.xlsx"
    x_tel, x_mail = write_xlsx(xlsx)
    m.add_attachment(
        xlsx.read_bytes(),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename="名簿.xlsx",
    )
    box.add(m)
    truth(file, f"{name}!2#From", "email", a)
    truth(file, f"{name}!2#To", "email", b)
    truth(file, f"{name}!2!名簿.xlsx#Sheet1!B3", "phone", x_tel)
    truth(file, f"{name}!2!名簿.xlsx#Sheet1!C3", "email", x_mail)
    # 3: a body line starting with "From " (the mailbox quotes it as ">From ").
    a, b, tel = email(), email(), phone()
    m = EmailMessage()
    m["From"] = a
    m["To"] = b
    m["Subject"] = "Re: office"
    m.set_content(f"Hello,\n\nFrom the Osaka office: {tel}\n", charset="utf-8")
    box.add(m)
    truth(file, f"{name}!3#From", "email", a)
    truth(file, f"{name}!3#To", "email", b)
    truth(file, f"{name}!3#body", "phone", tel)
    box.flush()
    box.close()
    raw = path.read_bytes()
    if b"\n>From the Osaka office" not in raw:
        sys.exit("mailbox did not quote the From line")
    print(f"{name}: {len(mailbox.mbox(str(path)))} messages")


def main() -> None:
    MAIL.mkdir(exist_ok=True)
    gen_msg_unicode()
    gen_msg_cp932()
    gen_mbox()
    gt = HERE / "ground_truth.jsonl"
    kept = [
        line
        for line in gt.read_text(encoding="utf-8").splitlines()
        if line.strip() and json.loads(line)["file"] not in OWN
    ]
    lines = kept + [json.dumps(t, ensure_ascii=False) for t in TRUTH]
    gt.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(TRUTH)} ground-truth items for {', '.join(OWN)}")


if __name__ == "__main__":
    main()
