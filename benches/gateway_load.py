"""Load benchmark of the mail gateway: mails of about 100 KB with attachments sent with
smtplib through the private Postfix of scripts/gateway-e2e.sh, first without the milter
(baseline), then through mamori-milter (release build). Reports throughput, the latency
the milter adds (p50/p99 of the SMTP transaction, MAIL FROM to the end-of-data reply) and
the milter's peak RSS (VmHWM).

Run it through the e2e script, which sets up Postfix and the environment:
    scripts/gateway-e2e.sh --bench 1000
"""

import argparse
import io
import os
import random
import smtplib
import statistics
import subprocess
import sys
import threading
import time
from email.message import EmailMessage
from email.utils import make_msgid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "scripts"))
import gateway_e2e as e2e  # noqa: E402  (Milter, docx_bytes, mobile_numbers, DIR, ...)

ETC = os.path.join(e2e.DIR, "etc")
rng = random.Random(7)
WORDS = ("来週 打ち合わせ 資料 確認 よろしく お願い します 見積 納期 仕様 変更 会議室 "
         "予定 報告 件名 添付 ご査収 ください 検討 結果 次回 議事録 担当 部署").split()


def filler(chars):
    out = []
    n = 0
    while n < chars:
        w = rng.choice(WORDS)
        out.append(w)
        n += len(w) + 1
    return " ".join(out)


def make_mail(i):
    """About 100 KB: a text body, a docx and a CSV attachment; one in ten lists 20 phones."""
    msg = EmailMessage()
    msg["From"] = "sender@example.jp"
    msg["To"] = "user@example.jp"
    msg["Subject"] = f"定例報告 {i}"
    msg["Message-ID"] = make_msgid(domain="example.jp")
    body = filler(4000) + "\n"
    if i % 10 == 9:
        body += "\n".join(f"TEL {n}" for n in e2e.mobile_numbers(20)) + "\n"
    msg.set_content(body)
    doc = e2e.docx_bytes([filler(300) for _ in range(40)])
    msg.add_attachment(doc, maintype="application",
                       subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                       filename=f"報告{i}.docx")
    rows = "\n".join(f"{r},{filler(40)},{rng.randrange(10**6)}" for r in range(300))
    msg.add_attachment(rows.encode("utf-8"), maintype="text", subtype="csv", filename="data.csv")
    return msg.as_bytes()


def postfix_milter(on):
    value = f"inet:127.0.0.1:{e2e.MILTER_PORT}" if on else ""
    subprocess.run(["postconf", "-c", ETC, "-e", f"smtpd_milters = {value}"], check=True)
    subprocess.run(["postfix", "-c", ETC, "reload"], check=True, capture_output=True)
    time.sleep(1.5)  # smtpd processes pick up the new setting


def run_load(mails, count, threads):
    """Sends `count` mails over `threads` connections; returns (seconds, latencies, codes)."""
    latencies, codes = [], {}
    lock = threading.Lock()
    next_index = [0]

    def worker():
        s = smtplib.SMTP("127.0.0.1", e2e.SMTP_PORT, timeout=120)
        s.ehlo("client.example.jp")
        while True:
            with lock:
                i = next_index[0]
                if i >= count:
                    break
                next_index[0] += 1
            started = time.perf_counter()
            s.mail("sender@example.jp")
            s.rcpt("user@example.jp")
            try:
                code, _ = s.data(mails[i % len(mails)])
            except smtplib.SMTPDataError as e:
                code = e.smtp_code
            took = time.perf_counter() - started
            s.rset()
            with lock:
                latencies.append(took)
                codes[code] = codes.get(code, 0) + 1
        s.quit()

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return time.perf_counter() - started, latencies, codes


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=4)
    args = ap.parse_args()
    mails = [make_mail(i) for i in range(50)]
    size = statistics.mean(len(m) for m in mails)
    print(f"bench: {args.count} mails per run, {len(mails)} distinct, mean {size / 1024:.0f} KiB, "
          f"{args.threads} SMTP connections")

    postfix_milter(False)
    base_s, base_lat, base_codes = run_load(mails, args.count, args.threads)
    postfix_milter(True)
    milter = e2e.Milter()
    milter.start()
    first_logged = len(milter.log_lines())
    try:
        mil_s, mil_lat, mil_codes = run_load(mails, args.count, args.threads)
        rss = peak_rss_mib(milter.proc.pid)
    finally:
        milter.proc.terminate()
        milter.proc.wait(10)
    scan_ms = [l["scan_us"] / 1000 for l in milter.log_lines()[first_logged:]]

    def ms(x):
        return f"{x * 1000:.1f} ms"

    print(f"baseline (no milter): {args.count / base_s:.1f} mails/s, p50 {ms(pct(base_lat, 50))}, "
          f"p99 {ms(pct(base_lat, 99))}, replies {base_codes}")
    print(f"with mamori-milter:   {args.count / mil_s:.1f} mails/s, p50 {ms(pct(mil_lat, 50))}, "
          f"p99 {ms(pct(mil_lat, 99))}, replies {mil_codes}")
    print(f"added latency: p50 {ms(pct(mil_lat, 50) - pct(base_lat, 50))}, "
          f"p99 {ms(pct(mil_lat, 99) - pct(base_lat, 99))}")
    print(f"milter scan time: p50 {pct(scan_ms, 50):.2f} ms, p99 {pct(scan_ms, 99):.2f} ms "
          f"({len(scan_ms)} log lines); milter peak RSS {rss:.1f} MiB")
    ok = len(scan_ms) == args.count and sum(mil_codes.values()) == args.count
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
