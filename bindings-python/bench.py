#!/usr/bin/env python3
"""Overhead of the Python binding: Python vs the Rust core on the same data.

    python bindings-python/bench.py [--data FILE] [--runs N] [--json OUT]

Measures, with the default scanner on both sides:

* MB/s and findings/s of one-shot scans of the whole corpus: the Rust core
  (examples/core_report.rs, built here without PyO3; ``Scanner::scan_bytes(data, None)``
  for the extracting calls, ``Scanner::scan`` for the plain-text ones) vs ``scan_bytes``
  (zero-copy), ``scan_bytes`` + reading every finding as a Python object,
  ``scan_bytes(bytearray)`` (copied in 1 MiB pieces), ``iter_bytes`` with every finding
  taken, ``scan_file``, ``scan_text`` (str in, character offsets out) and ``stream()`` fed
  1 MiB chunks;
* threads: one Scanner shared by a ThreadPoolExecutor over pieces of the corpus;
* the per-call cost of a short string (a mail subject) from Python vs Rust;
* optionally Microsoft Presidio's analyzer on part of the same text and on the labelled
  corpus (speed and recall per kind), when ``presidio_analyzer`` is installed with a
  Japanese spaCy model (``ja_ginza`` or ``ja_core_news_sm``). Presidio is never required.

Data: ``--data FILE``, else ``/tmp/kwbench/data/corpus_100mb.txt`` if present (the anchors
corpus), else ``corpora/text`` repeated to 20 MB in /tmp/pybench.
Run ``pip install ./bindings-python`` (or ``bash bindings-python/test.sh``) first.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import timeit
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import mamori

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ANCHORS = Path("/tmp/kwbench/data/corpus_100mb.txt")
SUBJECTS = [
    "【至急】見積書送付のお願い（株式会社サンプル 山田様）",
    "Re: 請求書の件 / 担当：佐藤 TEL 03-1234-5678",
]


def data_file(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    if ANCHORS.is_file():
        return ANCHORS
    out = Path("/tmp/pybench")
    path = out / "corpus_20mb.txt"
    if not path.is_file():
        # The repository's labelled text corpus, repeated to 20 MB.
        block = b"".join(p.read_bytes() for p in sorted((ROOT / "corpora" / "text").glob("*.txt")))
        out.mkdir(parents=True, exist_ok=True)
        path.write_bytes(block * (20_000_000 // len(block) + 1))
    return path


def core_tool() -> Path:
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    subprocess.run(
        ["cargo", "build", "--release", "-q", "-p", "mamori-python", "--no-default-features",
         "--example", "core_report"],
        cwd=ROOT, check=True, env={**os.environ, "CARGO_BUILD_JOBS": os.environ.get("CARGO_BUILD_JOBS", "1")},
    )
    return target / "release" / "examples" / "core_report"


def best_of(runs: int, fn) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def line(label: str, nbytes: int, seconds: float, findings: int, base: float | None = None) -> dict:
    mbs = nbytes / 1e6 / seconds
    ratio = f"  {mbs / base:5.2f}x core" if base else ""
    print(f"  {label:<44} {mbs:8.0f} MB/s {findings / seconds / 1e3:9.0f} k findings/s{ratio}")
    return {"label": label, "mb_per_s": mbs, "findings_per_s": findings / seconds, "seconds": seconds}


def throughput(path: Path, runs: int, tool: Path) -> dict:
    data = path.read_bytes()
    text = data.decode("utf-8")
    n = len(data)
    print(f"\n== throughput, one thread: {path} ({n / 1e6:.1f} MB), best of {runs}")
    def core_bench(entry: str) -> dict:
        args = [str(tool), "--entry", entry, "--bench", str(runs), str(path)]
        return json.loads(subprocess.run(args, check=True, capture_output=True).stdout)

    # Plain text (Scanner::scan: scan_text, streams) and extraction (Scanner::scan_bytes
    # without a name: scan_bytes, iter_bytes; scan_file reads the file on top).
    core, core_x = core_bench("scan"), core_bench("unnamed")
    base, base_x = core["mb_per_s"], core_x["mb_per_s"]
    out = {"bytes": n, "core": core, "core_scan_bytes": core_x}
    line("Rust core Scanner::scan", n, core["seconds"], core["findings"])
    line("Rust core Scanner::scan_bytes(data, None)", n, core_x["seconds"], core_x["findings"])
    s = mamori.Scanner()
    rows = []
    t, r = best_of(runs, lambda: s.scan_bytes(data))
    found = len(r.findings)
    assert found == core_x["findings"], (found, core_x["findings"])
    rows.append(line("scan_bytes(bytes)", n, t, found, base_x))
    t, _ = best_of(runs, lambda: [f.kind for f in s.scan_bytes(data).findings])
    rows.append(line("scan_bytes + every Finding as Python object", n, t, found, base_x))
    mutable = bytearray(data)
    t, _ = best_of(runs, lambda: s.scan_bytes(mutable))
    rows.append(line("scan_bytes(bytearray) (1 MiB copies)", n, t, found, base_x))
    t, _ = best_of(runs, lambda: sum(1 for _ in s.iter_bytes(data)))
    rows.append(line("iter_bytes(bytes), every finding taken", n, t, found, base_x))
    t, _ = best_of(runs, lambda: s.scan_file(path))
    rows.append(line("scan_file(path) (reads the file)", n, t, found, base_x))
    t, r = best_of(runs, lambda: s.scan_text(text))
    found = len(r.findings)
    assert found == core["findings"], (found, core["findings"])
    rows.append(line("scan_text(str) (character offsets)", n, t, found, base))

    def streamed():
        st = s.stream()
        mv = memoryview(data)
        k = 0
        for i in range(0, n, 1 << 20):
            k += len(st.feed(mv[i : i + (1 << 20)]))
        return st.finish()

    t, _ = best_of(runs, streamed)
    rows.append(line("stream().feed(1 MiB memoryview chunks)", n, t, found, base))
    out["python"] = rows
    return out


def threads(path: Path, runs: int) -> dict:
    data = path.read_bytes()
    n = len(data)
    piece = 4 << 20
    # Cut at line ends so the pieces hold the same items as the whole.
    cuts, start = [], 0
    while start < n:
        end = data.find(b"\n", min(start + piece, n)) + 1 or n
        cuts.append((start, end))
        start = end
    views = [memoryview(data)[a:b] for a, b in cuts]
    s = mamori.Scanner()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"\n== threads: {len(views)} pieces of ~4 MB, one shared Scanner ({cpus} CPUs)")
    out = {}
    for workers in (1, 2, 4):
        with ThreadPoolExecutor(workers) as pool:
            t, found = best_of(runs, lambda: sum(len(r.findings) for r in pool.map(s.scan_bytes, views)))
        out[workers] = n / 1e6 / t
        print(f"  {workers} thread(s): {n / 1e6 / t:8.0f} MB/s  ({found} findings)")
    print(f"  speed-up 2 threads vs 1: {out[2] / out[1]:.2f}x")
    return out


def per_call(tool: Path) -> dict:
    print("\n== per call, short string (a mail subject)")
    s = mamori.Scanner()
    out = {}
    for subject in SUBJECTS:
        calls = 200_000
        core = json.loads(subprocess.run([str(tool), "--small", subject, str(calls)],
                                         check=True, capture_output=True).stdout)
        enc = subject.encode()
        py_text = min(timeit.repeat(lambda: s.scan_text(subject), number=calls, repeat=3)) / calls * 1e9
        py_bytes = min(timeit.repeat(lambda: s.scan_bytes(enc), number=calls, repeat=3)) / calls * 1e9
        py_full = min(timeit.repeat(lambda: [f.masked for f in s.scan_text(subject).findings]
                                    + [s.scan_text(subject).verdict.action],
                                    number=calls // 4, repeat=3)) / (calls // 4) * 1e9 / 2
        n_found = len(s.scan_text(subject).findings)
        print(f"  {subject!r} ({len(enc)} bytes, {n_found} findings)")
        print(f"    Rust core scan:                      {core['ns_per_call'] / 1e3:7.2f} µs")
        print(f"    scan_text(str):                      {py_text / 1e3:7.2f} µs  "
              f"({py_text / core['ns_per_call']:.1f}x, +{(py_text - core['ns_per_call']) / 1e3:.2f} µs)")
        print(f"    scan_bytes(bytes):                   {py_bytes / 1e3:7.2f} µs")
        print(f"    scan_text + read findings & verdict: {py_full / 1e3:7.2f} µs")
        out[subject] = {"core_ns": core["ns_per_call"], "scan_text_ns": py_text,
                        "scan_bytes_ns": py_bytes, "with_findings_ns": py_full}
    return out


def presidio(path: Path) -> dict | None:
    """Presidio's AnalyzerEngine with a Japanese spaCy model and the recognizers that can
    apply to Japanese text (e-mail, phone with region JP, credit card), vs mamori."""
    try:
        import spacy  # noqa: F401
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import NlpEngineProvider
        from presidio_analyzer.predefined_recognizers import (
            CreditCardRecognizer, EmailRecognizer, PhoneRecognizer)
    except ImportError as e:
        print(f"\n== Presidio: not installed ({e.name}); skipped")
        return None
    try:  # Presidio's e-mail check uses tldextract: keep it offline (bundled suffix list).
        import tldextract

        tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())
    except (ImportError, AttributeError):
        pass
    model = next((m for m in ("ja_ginza", "ja_core_news_sm", "ja_core_news_md")
                  if _importable(m)), None)
    if model is None:
        print("\n== Presidio: no Japanese spaCy model (ja_ginza / ja_core_news_sm); skipped")
        return None
    nlp = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "ja", "model_name": model}]}
    ).create_engine()
    registry = RecognizerRegistry(supported_languages=["ja"])
    registry.add_recognizer(EmailRecognizer(supported_language="ja"))
    registry.add_recognizer(PhoneRecognizer(supported_language="ja", supported_regions=("JP",)))
    registry.add_recognizer(CreditCardRecognizer(supported_language="ja"))
    analyzer = AnalyzerEngine(nlp_engine=nlp, registry=registry, supported_languages=["ja"])
    entity_kind = {"EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone", "CREDIT_CARD": "credit_card"}
    s = mamori.Scanner()

    def analyze(text: str) -> list:
        """Presidio on text of any length: the Japanese tokenizer (SudachiPy) refuses
        inputs over 49,149 bytes, so analyze pieces cut at line ends and shift offsets."""
        results, start = [], 0
        while start < len(text):
            end = start + 12_000  # characters: at most 36 KB of UTF-8
            if end < len(text):
                nl = text.rfind("\n", start, end)
                end = nl + 1 if nl > start else end
            for r in analyzer.analyze(text=text[start:end], language="ja"):
                r.start += start
                r.end += start
                results.append(r)
            start = end
        return results

    print(f"\n== Presidio {_version('presidio-analyzer')} (spaCy model {model}) vs mamori")
    text = path.read_bytes()[:100_000].decode("utf-8", "ignore")
    text = text[: text.rfind("\n") + 1]
    nbytes = len(text.encode())
    analyze(text[:2000] + "\nyamada@example.co.jp 03-1234-5678 4111111111111111\n")  # warm-up
    t0 = time.perf_counter()
    pres = analyze(text)
    tp = time.perf_counter() - t0
    tm, rm = best_of(3, lambda: s.scan_text(text))
    print(f"  speed on {nbytes / 1e6:.1f} MB of the bench corpus:")
    print(f"    Presidio analyze: {nbytes / 1e3 / tp:8.1f} KB/s ({len(pres)} results)")
    print(f"    mamori scan_text: {nbytes / 1e6 / tm:8.0f} MB/s ({len(rm.findings)} findings, all kinds)")
    print(f"    mamori is {tp / tm:.0f}x faster")

    # Recall and precision on the labelled corpus, for the kinds both detect.
    truth: dict[str, list[dict]] = {}
    with open(ROOT / "corpora" / "text" / "ground_truth.jsonl", encoding="utf-8") as fh:
        for ln in fh:
            item = json.loads(ln)
            truth.setdefault(item["file"], []).append(item)
    tally = {(who, k): [0, 0, 0] for who in ("presidio", "mamori") for k in entity_kind.values()}
    for f in sorted((ROOT / "corpora" / "text").glob("*.txt")):
        body = f.read_text(encoding="utf-8")
        items = [t for t in truth.get(f.name, []) if t["kind"] in entity_kind.values()]
        # Ground truth spans are bytes; compare in characters.
        b2c = _byte_to_char(body)
        spans = [(t["kind"], b2c[t["start"]], b2c[t["end"]]) for t in items]
        found = {
            "presidio": [(entity_kind[r.entity_type], r.start, r.end)
                         for r in analyze(body) if r.entity_type in entity_kind],
            "mamori": [(x.kind, x.start, x.end) for x in s.scan_text(body).findings
                       if x.kind in entity_kind.values()],
        }
        for who, got in found.items():
            used = set()
            for kind, a, b in got:
                hit = next((i for i, (k, ta, tb) in enumerate(spans)
                            if k == kind and i not in used and a < tb and ta < b), None)
                if hit is None:
                    tally[(who, kind)][1] += 1
                else:
                    used.add(hit)
                    tally[(who, kind)][0] += 1
            for i, (k, _, _) in enumerate(spans):
                if i not in used:
                    tally[(who, k)][2] += 1
    print("  on corpora/text (labelled, 322 KB): precision / recall per kind")
    res = {"presidio_mb_per_s": nbytes / 1e6 / tp, "mamori_mb_per_s": nbytes / 1e6 / tm}
    for kind in entity_kind.values():
        cells = []
        for who in ("presidio", "mamori"):
            tp_, fp, fn = tally[(who, kind)]
            p = tp_ / (tp_ + fp) if tp_ + fp else 1.0
            r = tp_ / (tp_ + fn) if tp_ + fn else 1.0
            cells.append(f"{who} {p:.3f} / {r:.3f} ({tp_} tp, {fp} fp, {fn} fn)")
            res[f"{who}_{kind}"] = {"precision": p, "recall": r, "tp": tp_, "fp": fp, "fn": fn}
        print(f"    {kind:<12} " + "   ".join(cells))
    return res


def _importable(name: str) -> bool:
    import importlib.util
    return importlib.util.find_spec(name) is not None


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


def _byte_to_char(text: str) -> dict[int, int]:
    out, b = {}, 0
    for i, ch in enumerate(text):
        out[b] = i
        b += len(ch.encode())
    out[b] = len(text)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", help="UTF-8 text file to scan (default: see module doc)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", help="also write the numbers to this file")
    ap.add_argument("--no-presidio", action="store_true", help="skip the Presidio comparison")
    ap.add_argument("--presidio-only", action="store_true", help="only the Presidio comparison")
    args = ap.parse_args()
    path = data_file(args.data)
    print(f"mamori {mamori.__version__}, Python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.2f}")
    results: dict = {}
    if not args.presidio_only:
        tool = core_tool()
        results["throughput"] = throughput(path, args.runs, tool)
        results["threads"] = threads(path, max(1, args.runs // 2))
        results["per_call"] = per_call(tool)
    if not args.no_presidio:
        results["presidio"] = presidio(path)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
