"""Judges what scripts/report-browser-test.sh got from Chromium for the report of samples/.

Reads DIR/samples.json (the scan result), DIR/report.png (the screenshot) and the DOM dumps
DIR/dom.html, DIR/dom-filtered.html (fragment #q=xlsx) and DIR/dom-sorted.html (fragment
#sort=path&dir=asc). Prints one "ok: ..." or "FAIL: ..." line per check; exits 1 on a failure.

    python report-browser-check.py DIR
"""

import json
import sys
from html.parser import HTMLParser
from pathlib import Path

from PIL import Image

# The bar fills of cli/src/report/chart.rs (FOLDER_FILL, KIND_FILL).
FOLDER_FILL = (0xC8, 0x36, 0x4A)
KIND_FILL = (0x1F, 0x7A, 0x8C)
# The chart geometry of chart.rs: bars span up to 560 px and are 18 px high.
SPAN, BAR = 560, 18

failures = 0


def check(ok, what):
    global failures
    print(("ok: " if ok else "FAIL: ") + what)
    failures += 0 if ok else 1


class FileTable(HTMLParser):
    """The rows of table#files: (hidden, path cell text), and the page's markers."""

    def __init__(self):
        super().__init__()
        self.rows, self.ready, self.shown = [], None, None
        self._in_table = self._in_path = self._in_shown = False
        self._hidden = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.ready = a.get("data-ready")
        if tag == "table" and a.get("id") == "files":
            self._in_table = True
        if self._in_table and tag == "tr" and "data-verdict" in a:
            self._hidden = "hidden" in a
        if self._in_table and tag == "td" and a.get("class") == "path":
            self._in_path = True
            self.rows.append([self._hidden, ""])
        if tag == "span" and a.get("id") == "shown":
            self._in_shown = True

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_table = False
        if tag == "td":
            self._in_path = False
        if tag == "span":
            self._in_shown = False

    def handle_data(self, data):
        if self._in_path:
            self.rows[-1][1] += data
        if self._in_shown:
            self.shown = data


def table(path):
    parser = FileTable()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def main(out):
    result = json.loads((out / "samples.json").read_text(encoding="utf-8"))
    paths = [f["path"] for f in result["files"]]
    kinds = result["totals"]["counts"]

    image = Image.open(out / "report.png").convert("RGB")
    check(image.size == (1280, 2000), f"screenshot is 1280x2000 ({image.size})")
    colours = {c: n for n, c in image.getcolors(maxcolors=image.size[0] * image.size[1])}
    white = colours.get((255, 255, 255), 0)
    inked = 1 - white / (image.size[0] * image.size[1])
    check(inked > 0.05, f"page is not blank ({inked:.1%} of pixels not white)")
    # samples/ is one folder holding every personal item: one full-length folder bar.
    folder = colours.get(FOLDER_FILL, 0)
    check(folder >= 0.9 * SPAN * BAR, f"folder chart drawn ({folder} px of #c8364a)")
    biggest = max(kinds.values())
    expected = sum(round(n / biggest * SPAN) * BAR for n in kinds.values())
    kind = colours.get(KIND_FILL, 0)
    check(abs(kind - expected) <= 0.1 * expected, f"kind chart drawn ({kind} px, {expected} expected)")

    dom = table(out / "dom.html")
    check(dom.ready == "1", "the page's script ran")
    check(len(dom.rows) == len(paths), f"file table has {len(dom.rows)} rows, {len(paths)} files")
    check(sorted(p for _, p in dom.rows) == sorted(paths), "file table lists the scanned files")
    check(not any(h for h, _ in dom.rows), "no row hidden without a filter")

    filtered = table(out / "dom-filtered.html")
    visible = sorted(p for h, p in filtered.rows if not h)
    want = sorted(p for p in paths if "xlsx" in p.lower())
    check(0 < len(want) < len(paths) and visible == want, f"filter xlsx shows {visible}")
    check(filtered.shown == str(len(want)), f"row count says {filtered.shown}")

    ordered = [p for _, p in table(out / "dom-sorted.html").rows]
    check(ordered == sorted(paths, key=str.lower), "sort by path ascending")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
