#!/usr/bin/env python3
"""Keyword-scan benchmark input: about 100 MB of mixed Japanese and English text and a
list of 10,000 keywords, written to a directory given on the command line (not committed).

    python3 corpora/forms_text/bench_keywords.py /tmp/kwbench
    cargo build --release -p mamori-cli
    time target/release/mamori scan --format jsonl --keywords /tmp/kwbench/keywords.txt \
        /tmp/kwbench/corpus > /dev/null

The text repeats the committed text corpora (corpora/text, corpora/persons) with Faker
sentences; one keyword in a thousand is planted in width, case and spacing variants.
"""
import pathlib
import random
import sys

from faker import Faker

out = pathlib.Path(sys.argv[1])
(out / "corpus").mkdir(parents=True, exist_ok=True)
root = pathlib.Path(__file__).resolve().parents[1]
rng = random.Random(20261202)
ja, en = Faker("ja_JP"), Faker("en_US")
Faker.seed(20261202)

keywords = set()
while len(keywords) < 10_000:
    r = rng.random()
    if r < 0.4:
        keywords.add("Project " + en.word().capitalize() + " " + en.word().capitalize())
    elif r < 0.7:
        keywords.add(ja.company().replace("株式会社", "").replace("有限会社", "") + "計画")
    else:
        keywords.add(en.bs().title())
keywords = sorted(keywords)
(out / "keywords.txt").write_text("\n".join(keywords) + "\n", encoding="utf-8")

seed_texts = [p.read_text(encoding="utf-8", errors="replace")
              for d in ("text", "persons") for p in sorted((root / d).glob("*.txt"))]
filler = [ja.text(400) for _ in range(300)] + [en.text(400) for _ in range(300)]

def variant(k):
    k = k.replace(" ", rng.choice([" ", "\u3000", "\r\n", "\n"]))
    if rng.random() < 0.5:
        k = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" and rng.random() < 0.5 else c
                    for c in k)
    return k.upper() if rng.random() < 0.3 else k

target = 100 * 1024 * 1024
for n in range(10):
    parts, size = [], 0
    while size < target // 10:
        t = rng.choice(seed_texts) if rng.random() < 0.3 else rng.choice(filler)
        if rng.random() < 0.05:
            t += "\n" + variant(rng.choice(keywords)) + "\n"
        parts.append(t)
        size += len(t.encode("utf-8"))
    (out / "corpus" / f"part{n}.txt").write_text("\n".join(parts), encoding="utf-8")
