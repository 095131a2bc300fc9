#!/usr/bin/env python3
"""Load benchmark of mamori-icap: N REQMOD requests at concurrency C, sent directly over
ICAP the way Squid sends them (Preview: 4096, Allow: 204, persistent connections), and
reports throughput, the latency each request adds (from the first byte sent to the end
of the answer: what Squid waits for) and mamori-icap's peak RSS.

    python3 benches/icap_load.py --icap target/release/mamori-icap -n 2000 -c 16
    scripts/icap-e2e.sh --bench 2000      # the same, after the end-to-end cases

The bodies: 9 in 10 are a clean 8 KiB form post (text), 1 in 10 a CSV carrying a My
Number (6214-9832-0257, check digit valid per python-stdnum) that gets the 403 page.
"""
import argparse
import os
import socket
import statistics
import subprocess
import threading
import time

CLEAN = ("message=" + "Lunch is moved to the small room on Thursday. " * 180)[:8192].encode()
DIRTY = "氏名,個人番号\n山田太郎,6214-9832-0257\n".encode() * 4


def request(body, i):
    http = (f"POST http://example.test/form/{i} HTTP/1.1\r\nHost: example.test\r\n"
            f"Content-Type: text/plain\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    head = (f"REQMOD icap://127.0.0.1/reqmod ICAP/1.0\r\nHost: 127.0.0.1\r\nAllow: 204\r\n"
            f"Preview: 4096\r\nEncapsulated: req-hdr=0, req-body={len(http)}\r\n\r\n").encode()
    first, rest = body[:4096], body[4096:]
    out = head + http + b"%x\r\n" % len(first) + first + b"\r\n"
    if not rest:
        return out + b"0; ieof\r\n\r\n", b""
    return out + b"0\r\n\r\n", b"%x\r\n" % len(rest) + rest + b"\r\n0\r\n\r\n"


def read_answer(f):
    """Reads one ICAP answer; returns its status code."""
    status = int(f.readline().split()[1])
    if status == 100:
        f.readline()
        return 100
    enc = "null-body=0"
    while True:
        line = f.readline().decode()
        if line == "\r\n":
            break
        if line.lower().startswith("encapsulated:"):
            enc = line.split(":", 1)[1].strip()
    last = enc.split(",")[-1].strip().split("=")
    f.read(int(last[1]))
    if last[0] != "null-body":
        while True:
            size = int(f.readline().split(b";")[0], 16)
            f.read(size + 2)
            if size == 0:
                break
    return status


def worker(addr, jobs, latencies, statuses, lock):
    with socket.create_connection(addr) as s:
        f = s.makefile("rb")
        while True:
            with lock:
                if not jobs:
                    return
                i = jobs.pop()
            first, rest = request(DIRTY if i % 10 == 0 else CLEAN, i)
            started = time.perf_counter()
            s.sendall(first)
            status = read_answer(f)
            if status == 100:
                s.sendall(rest)
                status = read_answer(f)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1


def proxy_worker(proxy, origin, jobs, latencies, statuses, lock):
    """One POST per connection (Connection: close); a failed request counts as status 0."""
    import http.client
    while True:
        with lock:
            if not jobs:
                return
            i = jobs.pop()
        body = DIRTY if i % 10 == 0 else CLEAN
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection(*proxy, timeout=60)
            conn.request("POST", f"{origin}/form/{i}", body=body,
                         headers={"Content-Type": "text/plain", "Connection": "close"})
            response = conn.getresponse()
            response.read()
            status = response.status
            conn.close()
        except OSError:
            status = 0
        elapsed = time.perf_counter() - started
        with lock:
            latencies.append(elapsed)
            statuses[status] = statuses.get(status, 0) + 1


def run_proxy(proxy, origin, n, concurrency, label):
    """HTTP POSTs through Squid at `proxy`; returns (p50, p99) in ms."""
    jobs = list(range(n))
    latencies, statuses, lock = [], {}, threading.Lock()
    started = time.perf_counter()
    threads = [threading.Thread(target=proxy_worker, args=(proxy, origin, jobs, latencies, statuses, lock))
               for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
    print(f"icap-load: through Squid {label}: {len(latencies)} POSTs, concurrency {concurrency}, "
          f"{wall:.2f} s, {len(latencies) / wall:.0f} req/s; latency p50 {p(0.50):.2f} ms, "
          f"p99 {p(0.99):.2f} ms; answers {dict(sorted(statuses.items()))}", flush=True)
    return p(0.50), p(0.99)


def vm(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def run(addr, pid, n, concurrency):
    jobs = list(range(n))
    latencies, statuses, lock = [], {}, threading.Lock()
    rss_before = vm(pid, "VmHWM")
    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(addr, jobs, latencies, statuses, lock))
               for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
    print(f"icap-load: {len(latencies)} requests, concurrency {concurrency}, {wall:.2f} s, "
          f"{len(latencies) / wall:.0f} req/s; latency p50 {p(0.50):.2f} ms, p99 {p(0.99):.2f} ms, "
          f"mean {statistics.mean(latencies) * 1000:.2f} ms; answers {dict(sorted(statuses.items()))}; "
          f"peak RSS {rss_before // 1024} -> {vm(pid, 'VmHWM') // 1024} MiB", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--icap", required=True, help="the mamori-icap binary")
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("-c", type=int, default=16)
    args = ap.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([args.icap, "--listen", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        run(("127.0.0.1", port), proc.pid, args.n, args.c)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
