#!/usr/bin/env python3
"""Build mamori's surname and given-name lists from SudachiDict (Apache-2.0).

Source: the SudachiDict system dictionaries published on PyPI as
`sudachidict-core` (the lists) and `sudachidict-small` (UniDic vocabulary only,
used for the `c` flag), read through `sudachipy`'s `Dictionary.entries()`.

Writes, next to itself:

  surnames.tsv.gz      名詞-固有名詞-人名-姓 entries
  given_names.tsv.gz   名詞-固有名詞-人名-名 entries

one row per written form: `surface<TAB>readings<TAB>flags`, sorted by surface
(Unicode code point order), readings in katakana, comma-separated and sorted.

Flags (each a single letter, sorted):
  c  the same (form, kind) is in SudachiDict *small*, i.e. in UniDic's
     vocabulary: a long-attested name. Not a frequency.
  g  (surnames) the form is also a given name;  s  (given names) also a surname
  p  the form is also a place name (名詞-固有名詞-地名) in SudachiDict core
  w  the form is also an ordinary word (any entry that is not a 固有名詞:
     中, 上, 林, 森, 東 ...). Names with `w` need context before reporting.

No frequency or population rank: SudachiDict gives every name the same cost,
and no permissively licensed surname-frequency list exists on PyPI (see
README.md).  Forms without a Han character (pure kana, Latin: "サトウ",
"KATO") are dropped: readings of the kanji forms cover kana, and Latin forms
are romanisations.

Usage:
    python3 -m venv /tmp/sudachi-venv
    /tmp/sudachi-venv/bin/pip install sudachipy==0.7.0 \
        sudachidict-core==20261015 sudachidict-small==20261015
    /tmp/sudachi-venv/bin/python core/data/names/build.py [--check]
"""

import argparse
import collections
import gzip
import hashlib
import io
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
BAD = re.compile(r"[A-Za-z0-9Ａ-Ｚａ-ｚ０-９\s]")
KINDS = {"姓": "surname", "名": "given"}


def versions():
    from importlib.metadata import version
    out = {}
    for p in ("sudachipy", "sudachidict-core", "sudachidict-small"):
        try:
            out[p] = version(p)
        except Exception:
            out[p] = "missing"
    return out


def collect(dict_name):
    import sudachipy
    d = sudachipy.Dictionary(dict=dict_name)
    names = {"surname": collections.defaultdict(set), "given": collections.defaultdict(set)}
    other = []  # (surface, pos) of every non-person-name entry
    for m in d.entries():
        pos = m.part_of_speech()
        surf = m.surface()
        if pos[0] == "名詞" and pos[1] == "固有名詞" and pos[2] == "人名":
            kind = KINDS.get(pos[3])
            if kind:
                names[kind][surf].add(m.reading_form())
            continue
        other.append((surf, pos))
    d.close()
    return names, other


def keep(surface):
    return bool(HAN.search(surface)) and not BAD.search(surface)


def same_content(name, a, b):
    """--check compares decompressed text: gzip bytes can differ between zlib versions."""
    if name.endswith(".gz"):
        return gzip.decompress(a) == gzip.decompress(b)
    return a == b


def gz(data):
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as f:
        f.write(data)
    return buf.getvalue()


def render():
    core, other = collect("core")
    small, _ = collect("small")
    wanted = set(core["surname"]) | set(core["given"])
    place, word = set(), set()
    for surf, pos in other:
        if surf not in wanted:
            continue
        if pos[0] == "名詞" and pos[1] == "固有名詞":
            if pos[2] == "地名":
                place.add(surf)
        else:
            word.add(surf)
    files, stats = {}, collections.OrderedDict()
    for kind, fname, cross, cross_flag in (("surname", "surnames.tsv.gz", "given", "g"),
                                           ("given", "given_names.tsv.gz", "surname", "s")):
        lines = ["# surface\treadings\tflags"]
        dropped = 0
        flag_count = collections.Counter()
        for surf in sorted(core[kind]):
            if not keep(surf):
                dropped += 1
                continue
            readings = sorted(r for r in core[kind][surf] if r)
            flags = set()
            if surf in small[kind]:
                flags.add("c")
            if surf in core[cross]:
                flags.add(cross_flag)
            if surf in place:
                flags.add("p")
            if surf in word:
                flags.add("w")
            for f in flags:
                flag_count[f] += 1
            lines.append("%s\t%s\t%s" % (surf, ",".join(readings), "".join(sorted(flags))))
        files[fname] = gz(("\n".join(lines) + "\n").encode())
        stats[kind] = dict(rows=len(lines) - 1, dropped_no_han_or_latin=dropped,
                           readings=sum(len(l.split("\t")[1].split(",")) for l in lines[1:]),
                           flags=dict(sorted(flag_count.items())))
    return files, stats


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    files, stats = render()
    if args.check:
        bad = [n for n, data in files.items()
               if not os.path.exists(os.path.join(HERE, n))
               or not same_content(n, open(os.path.join(HERE, n), "rb").read(), data)]
        if bad:
            print("differs:", ", ".join(bad))
            sys.exit(1)
        print("up to date")
        return
    for name, data in files.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
    print(json.dumps(versions()))
    for name in sorted(files):
        print("%-20s %9d bytes  sha256 %s" % (name, len(files[name]), hashlib.sha256(files[name]).hexdigest()[:16]))
    print(json.dumps(stats, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
