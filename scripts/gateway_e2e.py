"""The cases of scripts/gateway-e2e.sh: mails sent with smtplib to a private Postfix that
passes them to mamori-milter, and what Postfix did with each (delivered to the maildir,
rejected, or held in the hold queue).

Test inputs are made here at run time: documents with python-docx, an AES-encrypted zip
with pyzipper, a My Number whose check digit comes from python-stdnum and phone numbers
that the phonenumbers library validates.
Environment (set by the shell script): E2E_DIR, E2E_SMTP_PORT, E2E_MILTER_PORT, E2E_MILTER_BIN.
"""

import io
import json
import os
import random
import re
import signal
import smtplib
import socket
import subprocess
import sys
import time
from email.message import EmailMessage
from email.utils import make_msgid

import docx
import phonenumbers
import pyzipper
from stdnum.jp import in_ as my_number

DIR = os.environ["E2E_DIR"]
SMTP_PORT = int(os.environ["E2E_SMTP_PORT"])
MILTER_PORT = int(os.environ["E2E_MILTER_PORT"])
MILTER_BIN = os.environ["E2E_MILTER_BIN"]
INBOX = os.path.join(DIR, "mail", "inbox")
HOLD = os.path.join(DIR, "spool", "hold")
rng = random.Random(20260401)


class Milter:
    """The mamori-milter process, started and stopped by its own pid."""

    def __init__(self):
        self.proc = None
        self.config = os.path.join(DIR, "mamori.toml")
        with open(self.config, "w", encoding="utf-8") as f:
            f.write("[milter]\nidle_timeout_secs = 120\nmax_connections = 16\n")

    def start(self):
        log = open(os.path.join(DIR, "milter.log"), "ab")
        self.proc = subprocess.Popen(
            [MILTER_BIN, "--listen", f"127.0.0.1:{MILTER_PORT}", "--config", self.config],
            stdout=log, stderr=log)
        with open(os.path.join(DIR, "milter.pid"), "w") as f:
            f.write(str(self.proc.pid))
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", MILTER_PORT), 1).close()
                return
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError("mamori-milter exited at start")
                time.sleep(0.1)
        raise RuntimeError("mamori-milter did not listen within 30 s")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def alive(self):
        return self.proc.poll() is None

    def log_lines(self):
        out = []
        with open(os.path.join(DIR, "milter.log"), encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("{"):
                    out.append(json.loads(line))
        return out


def send(msg_bytes, rcpt="user@example.jp"):
    """Sends one message; returns (code, reply text, queue id or None)."""
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=120) as s:
        s.ehlo("client.example.jp")
        s.mail("sender@example.jp")
        s.rcpt(rcpt)
        code, reply = s.data(msg_bytes)
    text = reply.decode("utf-8", "replace")
    m = re.search(r"queued as ([0-9A-Za-z]+)", text)
    return code, text, m.group(1) if m else None


def wait_for(predicate, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.2)
    return None


def delivered(message_id):
    """The delivered copy (bytes) of the message with this Message-ID, if any."""
    new = os.path.join(INBOX, "new")
    if not os.path.isdir(new):
        return None
    for name in os.listdir(new):
        with open(os.path.join(new, name), "rb") as f:
            data = f.read()
        if message_id.encode() in data:
            return data
    return None


def held(queue_id):
    return queue_id and os.path.exists(os.path.join(HOLD, queue_id))


def base_message(subject, body):
    msg = EmailMessage()
    msg["From"] = "山田 太郎 <sender@example.jp>"
    msg["To"] = "user@example.jp"
    msg["Subject"] = subject
    msg["Message-ID"] = make_msgid(domain="example.jp")
    msg.set_content(body)
    return msg


def docx_bytes(paragraphs):
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def new_my_number():
    first = "".join(str(rng.randrange(10)) for _ in range(11))
    if first[0] == "0":
        first = "1" + first[1:]
    number = first + str(my_number.calc_check_digit(first))
    assert my_number.is_valid(number)
    return f"{number[:4]} {number[4:8]} {number[8:]}"


def mobile_numbers(n):
    out = set()
    while len(out) < n:
        text = f"090-{rng.randrange(1000, 10000)}-{rng.randrange(1000, 10000)}"
        if phonenumbers.is_valid_number(phonenumbers.parse(text, "JP")):
            out.add(text)
    return sorted(out)


def aes_zip(name, text):
    out = io.BytesIO()
    with pyzipper.AESZipFile(out, "w", compression=pyzipper.ZIP_DEFLATED,
                             encryption=pyzipper.WZ_AES) as z:
        z.setpassword(b"pass-sent-in-another-mail")
        z.writestr(name, text.encode("utf-8"))
    return out.getvalue()


# ---------------------------------------------------------------- cases

def case_clean(milter):
    msg = base_message("打ち合わせの件", "来週の打ち合わせは水曜日の午後三時からでお願いします。\n")
    msg["X-Mamori-Verdict"] = "allow (forged by the sender)"
    code, text, qid = send(msg.as_bytes())
    if code != 250:
        return False, f"expected 250, got {code} {text}"
    copy = wait_for(lambda: delivered(msg["Message-ID"]))
    if not copy:
        return False, "accepted but not delivered to the maildir within 30 s"
    if b"X-Mamori-Verdict: allow" not in copy or b"X-Mamori-Counts: none" not in copy:
        return False, "delivered without the verdict headers"
    if b"forged" in copy:
        return False, "the sender's own X-Mamori-Verdict header was kept"
    logged = [l for l in milter.log_lines() if l["queue_id"] == qid]
    if len(logged) != 1 or logged[0]["decision"] != "accept":
        return False, f"milter log for {qid}: {logged}"
    return True, f"250, delivered with X-Mamori-Verdict: allow, logged as {qid}"


def case_docx_my_number(milter):
    msg = base_message("資料送付", "資料を添付します。\n")
    doc = docx_bytes(["社員情報", f"マイナンバー：{new_my_number()}", "以上"])
    msg.add_attachment(doc, maintype="application",
                       subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                       filename="社員情報.docx")
    code, text, _ = send(msg.as_bytes())
    if code != 550 or "5.7.1" not in text:
        return False, f"expected 550 5.7.1, got {code} {text}"
    if wait_for(lambda: delivered(msg["Message-ID"]), 2):
        return False, "rejected but delivered anyway"
    return True, f"{code} {text.splitlines()[0]}"


def case_twenty_phones(milter):
    lines = [f"お客様{i + 1:02d} 様 携帯 {n}" for i, n in enumerate(mobile_numbers(20))]
    msg = base_message("顧客リスト", "顧客の連絡先一覧です。\n" + "\n".join(lines) + "\n")
    code, text, _ = send(msg.as_bytes())
    if code != 550 or "5.7.1" not in text:
        return False, f"expected 550 5.7.1, got {code} {text}"
    logged = milter.log_lines()[-1]
    if logged["verdict"] != "block" or logged["counts"].get("phone", 0) < 10:
        return False, f"milter log: {logged}"
    return True, f"{code} 5.7.1, milter counted phone={logged['counts']['phone']}"


def case_ppap_zip(milter):
    msg = base_message("見積書送付", "見積書を送付します。パスワードは別途お送りします。\n")
    msg.add_attachment(aes_zip("見積書.txt", "御見積金額 1,200,000円\n"), maintype="application",
                       subtype="zip", filename="見積書.zip")
    code, text, qid = send(msg.as_bytes())
    if code != 250 or not qid:
        return False, f"expected 250 queued, got {code} {text}"
    if not wait_for(lambda: held(qid), 10):
        return False, f"{qid} not in the hold queue"
    listing = subprocess.run(["postqueue", "-c", os.path.join(DIR, "etc"), "-p"],
                             capture_output=True, text=True, timeout=30).stdout
    if f"{qid}!" not in listing:
        return False, f"postqueue -p does not show {qid}! (held): {listing[:300]}"
    if delivered(msg["Message-ID"]):
        return False, "held message was delivered"
    return True, f"250, {qid} held (postqueue -p shows {qid}!)"


MALFORMED = (
    b"From: sender@example.jp\r\nTo: user@example.jp\r\nSubject: broken\r\n"
    b"Message-ID: <malformed-%d@example.jp>\r\nMIME-Version: 1.0\r\n"
    b"Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
    b"--outer\r\nContent-Type: multipart/alternative\r\n\r\n"  # no boundary parameter
    b"--inner\r\nContent-Type: text/plain; charset=iso-2022-jp\r\n\r\n\x1b$B%%F%%9%%H\r\n"
    b"--outer\r\nContent-Type: application/octet-stream; name=\"a.bin\"\r\n"
    b"Content-Transfer-Encoding: base64\r\n\r\n@@@@not base64!!!!\r\n"
    b"--outer\r\nContent-Type: message/rfc822\r\n\r\nContent-Type: multipart/mixed; boundary=\r\n\r\n"
    b"--\r\n--\r\n"  # no closing boundary
)


def case_malformed(milter):
    message_id = f"<malformed-{os.getpid()}@example.jp>"
    code, text, qid = send(MALFORMED % os.getpid())
    if not milter.alive():
        return False, "the milter died"
    if code == 250:
        where = wait_for(lambda: ("delivered" if delivered(message_id) else
                                  "held" if held(qid) else None))
        if not where:
            return False, f"250 but {qid} neither delivered nor held: lost"
        outcome = f"250, {where}"
    elif 400 <= code < 600:
        outcome = f"{code}: the sender keeps it"
    else:
        return False, f"unexpected reply {code} {text}"
    follow = base_message("after malformed", "まだ動いていますか。\n")
    code2, text2, _ = send(follow.as_bytes())
    if code2 != 250:
        return False, f"next clean mail got {code2} {text2}"
    return True, f"{outcome}; milter alive, next mail accepted"


def case_milter_killed(milter):
    msg = base_message("途中で停止", "フィルタが途中で止まった場合のテストです。\n" * 2000)
    data = smtplib.quotedata(msg.as_bytes().decode("utf-8")).encode("utf-8")
    half = len(data) // 2
    with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=120) as s:
        s.ehlo("client.example.jp")
        s.mail("sender@example.jp")
        s.rcpt("user@example.jp")
        code, _ = s.docmd("DATA")
        if code != 354:
            return False, f"DATA answered {code}"
        s.send(data[:half])  # the milter has seen connect, helo, mail, rcpt and data
        milter.kill()
        s.send(data[half:] + b"\r\n.\r\n")
        code, reply = s.getreply()
    text = reply.decode("utf-8", "replace")
    if not 400 <= code < 500:
        return False, f"expected a 4xx temporary failure (milter_default_action = tempfail), got {code} {text}"
    if wait_for(lambda: delivered(msg["Message-ID"]), 2):
        return False, "delivered unscanned"
    milter.start()
    code2, text2, qid = send(msg.as_bytes())
    if code2 != 250 or not wait_for(lambda: delivered(msg["Message-ID"])):
        return False, f"retry after restart: {code2} {text2}"
    return True, f"{code} {text.splitlines()[0]}; retried after restart: 250, delivered"


CASES = [
    ("clean", case_clean),
    ("docx_my_number", case_docx_my_number),
    ("twenty_phones", case_twenty_phones),
    ("ppap_aes_zip", case_ppap_zip),
    ("malformed_mime", case_malformed),
    ("milter_killed_mid_message", case_milter_killed),
]


def main():
    milter = Milter()
    milter.start()
    passed = failed = 0
    try:
        for name, case in CASES:
            started = time.time()
            try:
                ok, detail = case(milter)
            except Exception as e:  # a case that crashes is a failed case
                ok, detail = False, f"{type(e).__name__}: {e}"
            took = time.time() - started
            print(f"{'PASS' if ok else 'FAIL'} {name} ({took:.1f}s): {detail}", flush=True)
            passed += ok
            failed += not ok
    finally:
        if milter.alive():
            milter.proc.terminate()
            milter.proc.wait(10)
    print(f"gateway-e2e: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    if sys.argv[1:] != ["cases"]:
        sys.exit("usage: gateway_e2e.py cases")
    sys.exit(main())
