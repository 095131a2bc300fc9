#!/usr/bin/env python3
"""Builds cases.txt and ground_truth.jsonl from cases.src (hand-written hard cases).

A marker [[kind|text]] is replaced by text; its byte span becomes one ground-truth item.
Run: python3 corpora/handwritten/build.py
"""
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
MARK = re.compile(r"\[\[([a-z_]+)\|(.+?)\]\]")


def digits(s):
    table = {ord(c): str(i) for i, c in enumerate("０１２３４５６７８９")}
    return "".join(ch for ch in s.translate(table) if ch.isascii() and ch.isalnum()).lower()


def main():
    out = bytearray()
    truth = []
    with open(os.path.join(HERE, "cases.src"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            pos = 0
            for m in MARK.finditer(line):
                out += line[pos:m.start()].encode()
                start = len(out)
                out += m.group(2).encode()
                value = m.group(2)
                if m.group(1) == "email":
                    value = value.translate({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}).lower()
                else:
                    value = digits(value)
                truth.append({"file": "cases.txt", "kind": m.group(1), "start": start, "end": len(out), "value": value})
                pos = m.end()
            out += line[pos:].encode()
    with open(os.path.join(HERE, "cases.txt"), "wb") as f:
        f.write(out)
    with open(os.path.join(HERE, "ground_truth.jsonl"), "w", encoding="utf-8") as f:
        for t in truth:
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
    print(f"{len(truth)} items, {len(out)} bytes")


if __name__ == "__main__":
    main()
