#!/usr/bin/env python3
"""Build mamori's CID -> Unicode tables of Adobe's CJK collections (Japan1, GB1, CNS1,
Korea1) from the `pdfminer.six` PyPI package.

pdfminer.six ships Adobe's CMap resources (BSD-3-Clause, Adobe) converted to gzipped JSON
in pdfminer/cmap/.  For each collection this script reads three of them (Japan1 named here;
the others alike, see COLLECTIONS):

  to-unicode-Adobe-Japan1.json.gz  CID2UNICHR_H / CID2UNICHR_V: one character per CID,
                                   pdfminer's "most popular" pick among the legacy-encoding
                                   and Unicode columns of Adobe's cid2code.txt
  UniJIS-UTF32-H.json.gz           Adobe's Unicode (UTF-32) -> CID CMap, horizontal
  UniJIS-UTF32-V.json.gz           the same, vertical

and writes, next to itself, one table per collection (adobe_japan1_ucs.bin,
adobe_gb1_ucs.bin, adobe_cns1_ucs.bin, adobe_korea1_ucs.bin; integers little-endian):

  magic    4 bytes  b"AJ1U" (Japan1), b"AG1U" (GB1), b"AC1U" (CNS1), b"AK1U" (Korea1)
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
  3. the smallest code point that Uni*-UTF32-H, then Uni*-UTF32-V, maps to the CID
     (pdfminer's to-unicode tables have no characters beyond the BMP; this adds them).
A private-use pick (vendor code points of the Big5-HKSCS, GBK or Shift_JIS columns) is
replaced by the smallest standard code point the UTF-32 CMaps give the CID, or dropped.
A CJK compatibility ideograph (U+F900..U+FAFF, U+2F800..U+2FA1F) is replaced by its
canonical (NFC) equivalent, the unified ideograph: text then matches keywords typed with
the ordinary character, as Adobe's own Adobe-*-UCS2 CMaps do.
CIDs that none of these reach (proportional, italic, ruby and other glyph variants whose
cid2code rows have no code in those columns) stay 0.

The output depends only on the source files (their sha256 are checked), so running it
twice gives byte-identical output.

Usage:
    python3 -m venv /tmp/cmapvenv
    /tmp/cmapvenv/bin/pip install pdfminer.six==20260107
    /tmp/cmapvenv/bin/python core/data/cmap/build.py

Options:
    --check       rebuild into memory and exit 1 if a committed file differs
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
PDFMINER_VERSION = "20260107"

# One table per character collection: output file, magic, the to-unicode file and the
# Unicode (UTF-32) -> CID CMaps of that collection, with the sha256 of each source file.
COLLECTIONS = {
    "Japan1": {
        "out": "adobe_japan1_ucs.bin",
        "magic": b"AJ1U",
        "sources": {
            "to-unicode-Adobe-Japan1.json.gz": "b2c210ab1ebbad6a3c688b389b3199dec46b243375d43745a16e91e867836600",
            "UniJIS-UTF32-H.json.gz": "fcec8a600b14b48f5771103839b51753b516b39a3ad2de679c31b58bedbf5425",
            "UniJIS-UTF32-V.json.gz": "d7ebdfc5ac3d405f75b6fd45c6d0d63974c912e807dc05cb7913b94964ebbd54",
        },
        # Checked against the data, not assumed: (CID, code point).  Values read from Adobe's
        # UniJIS-UTF32-H CMap shipped by pdfminer.six (the Unicode -> CID direction).
        "known": [
            (1, 0x0020),      # space
            (17, 0x0030),     # '0' (CIDs 17..26 are the digits)
            (34, 0x0041),     # 'A'
            (633, 0x3000),    # ideographic space
            (634, 0x3001),    # 、
            (780, 0xFF10),    # ０ full-width digit zero
            (842, 0x3041),    # ぁ
            (843, 0x3042),    # あ
            (7891, 0x30FC),   # ー vertical form -> base character
        ],
    },
    "GB1": {
        "out": "adobe_gb1_ucs.bin",
        "magic": b"AG1U",
        "sources": {
            "to-unicode-Adobe-GB1.json.gz": "87261d41f1506b1df314cd728c56cb64abfc4d86525a7297b165c71da4664d40",
            "UniGB-UTF32-H.json.gz": "521b045741873ed6d6cc7973802b3a3986d99136b8399475356efdcaf70d0476",
            "UniGB-UTF32-V.json.gz": "30e637497add4847100552cf40a65c9c988ca2d9c111bbb72174661418a773bb",
        },
        # Looked up in Adobe's Adobe-GB1-UCS2 CMap (Debian poppler-data), not used to build;
        # the same for CNS1 and Korea1 below.
        "known": [(1, 0x0020), (17, 0x0030), (34, 0x0041), (940, 0x554A), (1875, 0x56FD), (4559, 0x4E2D)],
    },
    "CNS1": {
        "out": "adobe_cns1_ucs.bin",
        "magic": b"AC1U",
        "sources": {
            "to-unicode-Adobe-CNS1.json.gz": "a2083cfb1a847a89243ab7b8b517e9b24d8665447a14549d626604846a8cb1ed",
            "UniCNS-UTF32-H.json.gz": "d42ba4e350a16bfca194bdfa83ab9372f43c55ab206562393e736b94d1291fa9",
            "UniCNS-UTF32-V.json.gz": "fce566ce2a2faeecdfdcc997e8c212b4ab17adb7d0928b3c938451c7f7f5a8c4",
        },
        "known": [(1, 0x0020), (17, 0x0030), (34, 0x0041), (595, 0x4E00), (661, 0x4E2D), (2615, 0x570B)],
    },
    "Korea1": {
        "out": "adobe_korea1_ucs.bin",
        "magic": b"AK1U",
        "sources": {
            "to-unicode-Adobe-Korea1.json.gz": "59dce8cc110fa7a306433272fe58051301390742e6ffcc6b041dc881d27a4da8",
            "UniKS-UTF32-H.json.gz": "4225d9877487800d0732e487ad7169b3c2e5832dffdb59b4e08aa0605633e7d1",
            "UniKS-UTF32-V.json.gz": "be73bdbb2f8c913dbce65a01f684163f0ee3be940b3b5a2b7d1286f25ee40534",
        },
        "known": [(1, 0x0020), (17, 0x0030), (34, 0x0041), (1086, 0xAC00), (1204, 0xAD6D), (3296, 0xD55C)],
    },
}
SOURCES = {name: sha for c in COLLECTIONS.values() for name, sha in c["sources"].items()}


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


def build(d, coll):
    to_unicode, utf32_h, utf32_v = coll["sources"]
    tu = load(d, to_unicode)
    uh = invert_code2cid(load(d, utf32_h)["CODE2CID"])
    uv = invert_code2cid(load(d, utf32_v)["CODE2CID"])
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
    # A private-use pick (vendor code points of Big5-HKSCS or GBK columns) says nothing
    # portable: the collection's Unicode CMap's code point replaces it, or else nothing.
    private = 0
    for cid, cp in sorted(table.items()):
        if 0xE000 <= cp <= 0xF8FF or 0xF0000 <= cp:
            std = [x for x in uh.get(cid, []) + uv.get(cid, []) if not (0xE000 <= x <= 0xF8FF or 0xF0000 <= x)]
            if std:
                table[cid] = min(std)
            else:
                del table[cid]
            private += 1
    assert 0 not in table
    folded = 0
    for cid, cp in table.items():
        if 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F:
            nfc = unicodedata.normalize("NFC", chr(cp))
            if len(nfc) == 1 and nfc != chr(cp):
                table[cid] = ord(nfc)
                folded += 1
    # The Unicode -> CID CMap and the table agree (except where the pick differs on purpose).
    disagree = sorted(c for c, cps in uh.items() if c in table
                      and table.get(c) not in cps
                      and table.get(c) not in [ord(unicodedata.normalize("NFC", chr(x))) for x in cps])
    missing = sorted(c for c, cps in uh.items()
                     if c not in table and not all(0xE000 <= x <= 0xF8FF or 0xF0000 <= x for x in cps))
    assert not missing, missing[:10]
    for cid, cp in coll["known"]:
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
    out = coll["magic"] + struct.pack("<HH", count, len(astral))
    out += struct.pack(f"<{count}H", *vals)
    out += struct.pack(f"<{len(astral)}I", *astral)
    stats = dict(src, private_use_replaced=private, compat_folded=folded, mapped=len(table), count=count, astral=len(astral), bytes=len(out),
                 disagree_with_utf32h=[(c, hex(table[c]), [hex(x) for x in uh[c]]) for c in disagree])
    return out, stats


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--cmap-dir")
    args = ap.parse_args()
    d = cmap_dir(args.cmap_dir)
    stale = []
    for name, coll in COLLECTIONS.items():
        out, stats = build(d, coll)
        path = os.path.join(HERE, coll["out"])
        print(name, json.dumps(stats, ensure_ascii=False))
        if args.check:
            old = open(path, "rb").read() if os.path.exists(path) else b""
            if old != out:
                stale.append(path)
            continue
        with open(path, "wb") as fh:
            fh.write(out)
        print(f"wrote {path}: {len(out)} bytes, sha256 {hashlib.sha256(out).hexdigest()}")
    if args.check:
        for path in stale:
            print(f"{path} differs from a rebuild", file=sys.stderr)
        if stale:
            sys.exit(1)
        print("up to date")


if __name__ == "__main__":
    main()
