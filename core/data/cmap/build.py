#!/usr/bin/env python3
"""Build mamori's Adobe-Japan1 CID -> Unicode table from the `pdfminer.six` PyPI package.

pdfminer.six ships Adobe's CMap resources (BSD-3-Clause, Adobe) converted to gzipped JSON
in pdfminer/cmap/.  This script reads three of them:

  to-unicode-Adobe-Japan1.json.gz  CID2UNICHR_H / CID2UNICHR_V: one character per CID,
                                   pdfminer's "most popular" pick among the RKSJ, EUC and
                                   UniJIS-UTF8 columns of Adobe's Adobe-Japan1-7 cid2code.txt
  UniJIS-UTF32-H.json.gz           Adobe's Unicode (UTF-32) -> CID CMap, horizontal
  UniJIS-UTF32-V.json.gz           the same, vertical

and writes, next to itself, adobe_japan1_ucs.bin (all integers little-endian):

  magic    4 bytes  b"AJ1U"
  count    u16      number of CIDs in the table (highest mapped CID + 1)
  nastral  u16      number of entries in the astral table
  cids     count x u16, indexed by CID:
             0               the CID has no Unicode value here (CID 0 is .notdef)
             0xD800..0xDFFF  astral[value - 0xD800] (surrogates are never code points)
             else            the BMP code point
  astral   nastral x u32, code points beyond the BMP

One code point per CID, chosen in this order:
  1. CID2UNICHR_H (the horizontal pick; e.g. box-drawing CIDs keep their horizontal meaning);
  2. CID2UNICHR_V (vertical-form CIDs, e.g. vertical small kana, map to the base character);
  3. the smallest code point that UniJIS-UTF32-H, then UniJIS-UTF32-V, maps to the CID
     (pdfminer's to-unicode table has no characters beyond the BMP; this adds the
     CJK Extension B and compatibility-supplement ideographs).
A CJK compatibility ideograph (U+F900..U+FAFF, U+2F800..U+2FA1F) is replaced by its
canonical (NFC) equivalent, the unified ideograph: text then matches keywords typed with
the ordinary character, as Adobe's own Adobe-Japan1-UCS2 CMap does (it writes the unified
ideograph plus a variation selector; the selector is dropped here).
CIDs that none of these reach (proportional, italic, ruby and other glyph variants whose
cid2code rows have no code in those columns) stay 0.

The output depends only on those three files (their sha256 are checked), so running it
twice gives byte-identical output.

Usage:
    python3 -m venv /tmp/cmapvenv
    /tmp/cmapvenv/bin/pip install pdfminer.six==20260107
    /tmp/cmapvenv/bin/python core/data/cmap/build.py

Options:
    --check       rebuild into memory and exit 1 if the committed file differs
    --cmap-dir D  read the .json.gz files from D instead of the installed package
"""

import argparse
import gzip
import hashlib
import json
import os
import struct
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "adobe_japan1_ucs.bin")
PDFMINER_VERSION = "20260107"
SOURCES = {
    "to-unicode-Adobe-Japan1.json.gz": "b2c210ab1ebbad6a3c688b389b3199dec46b243375d43745a16e91e867836600",
    "UniJIS-UTF32-H.json.gz": "fcec8a600b14b48f5771103839b51753b516b39a3ad2de679c31b58bedbf5425",
    "UniJIS-UTF32-V.json.gz": "d7ebdfc5ac3d405f75b6fd45c6d0d63974c912e807dc05cb7913b94964ebbd54",
}

# Checked against the data, not assumed: (CID, code point).  Values read from Adobe's
# UniJIS-UTF32-H CMap shipped by pdfminer.six (the Unicode -> CID direction).
KNOWN = [
    (1, 0x0020),      # space
    (17, 0x0030),     # '0' (CIDs 17..26 are the digits)
    (34, 0x0041),     # 'A'
    (633, 0x3000),    # ideographic space
    (634, 0x3001),    # 、
    (780, 0xFF10),    # ０ full-width digit zero
    (842, 0x3041),    # ぁ
    (843, 0x3042),    # あ
    (7891, 0x30FC),   # ー vertical form -> base character
]


def cmap_dir(arg):
    if arg:
        return arg
    import pdfminer  # noqa: PLC0415

    ver = getattr(pdfminer, "__version__", "?")
    if ver != PDFMINER_VERSION:
        print(f"note: pdfminer.six {ver} installed, table made from {PDFMINER_VERSION}", file=sys.stderr)
    return os.path.join(os.path.dirname(pdfminer.__file__), "cmap")


def load(d, name):
    raw = open(os.path.join(d, name), "rb").read()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SOURCES[name]:
        sys.exit(f"{name}: sha256 {digest} differs from {SOURCES[name]} (update SOURCES and README)")
    return json.loads(gzip.decompress(raw).decode("utf-8"))


def invert_code2cid(trie):
    """CODE2CID is a trie of byte values (as strings); UTF-32BE codes -> CID."""
    out = {}

    def walk(node, prefix):
        for k in sorted(node, key=int):
            v = node[k]
            code = prefix + bytes([int(k)])
            if isinstance(v, dict):
                walk(v, code)
            else:
                out.setdefault(int(v), []).append(int.from_bytes(code, "big"))

    walk(trie, b"")
    return out


def build(d):
    tu = load(d, "to-unicode-Adobe-Japan1.json.gz")
    uh = invert_code2cid(load(d, "UniJIS-UTF32-H.json.gz")["CODE2CID"])
    uv = invert_code2cid(load(d, "UniJIS-UTF32-V.json.gz")["CODE2CID"])
    table = {}
    src = {"H": 0, "V": 0, "UTF32-H": 0, "UTF32-V": 0}
    for key, name in (("CID2UNICHR_H", "H"), ("CID2UNICHR_V", "V")):
        for cid, ch in tu[key].items():
            cid = int(cid)
            if cid in table:
                continue
            assert len(ch) == 1, (cid, ch)
            table[cid] = ord(ch)
            src[name] += 1
    for inv, name in ((uh, "UTF32-H"), (uv, "UTF32-V")):
        for cid in sorted(inv):
            if cid not in table:
                table[cid] = min(inv[cid])
                src[name] += 1
    assert 0 not in table
    folded = 0
    for cid, cp in table.items():
        if 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F:
            nfc = unicodedata.normalize("NFC", chr(cp))
            if len(nfc) == 1 and nfc != chr(cp):
                table[cid] = ord(nfc)
                folded += 1
    # The Unicode -> CID CMap and the table agree (except where the pick differs on purpose).
    disagree = sorted(c for c, cps in uh.items()
                      if table.get(c) not in cps
                      and table.get(c) not in [ord(unicodedata.normalize("NFC", chr(x))) for x in cps])
    missing = sorted(c for c in uh if c not in table)
    assert not missing, missing[:10]
    for cid, cp in KNOWN:
        assert table.get(cid) == cp, (cid, hex(table.get(cid, 0)), hex(cp))
        assert cp in uh.get(cid, []) or cp in uv.get(cid, []), (cid, hex(cp))
    count = max(table) + 1
    astral = sorted({cp for cp in table.values() if cp > 0xFFFF})
    assert len(astral) <= 0x800
    for cp in table.values():
        assert not 0xD800 <= cp <= 0xDFFF and cp != 0
    aidx = {cp: i for i, cp in enumerate(astral)}
    vals = [0] * count
    for cid, cp in table.items():
        vals[cid] = 0xD800 + aidx[cp] if cp > 0xFFFF else cp
    out = b"AJ1U" + struct.pack("<HH", count, len(astral))
    out += struct.pack(f"<{count}H", *vals)
    out += struct.pack(f"<{len(astral)}I", *astral)
    stats = dict(src, compat_folded=folded, mapped=len(table), count=count, astral=len(astral), bytes=len(out),
                 disagree_with_utf32h=[(c, hex(table[c]), [hex(x) for x in uh[c]]) for c in disagree])
    return out, stats


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--cmap-dir")
    args = ap.parse_args()
    out, stats = build(cmap_dir(args.cmap_dir))
    print(json.dumps(stats, ensure_ascii=False))
    if args.check:
        old = open(OUT, "rb").read() if os.path.exists(OUT) else b""
        if old != out:
            print(f"{OUT} differs from a rebuild", file=sys.stderr)
            sys.exit(1)
        print("up to date")
        return
    with open(OUT, "wb") as fh:
        fh.write(out)
    print(f"wrote {OUT}: {len(out)} bytes, sha256 {hashlib.sha256(out).hexdigest()}")


if __name__ == "__main__":
    main()
