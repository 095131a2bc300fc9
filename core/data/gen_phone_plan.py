#!/usr/bin/env python3
"""Generate core/src/detect/phone_plan_table.rs from libphonenumber's JP metadata.

Japanese 10-digit fixed-line numbers are written 0 + 市外局番 (1-4 digits) +
市内局番 (1-4 digits) + 加入者番号 (4 digits). The 市外局番 and 市内局番 always
total 5 digits, so the five digits after the leading 0 ("ABCDE") decide whether a
10-digit number can be a valid fixed-line number and how long its area code is.

For every ABCDE in 10000..=99999 this script asks phonenumbers about the national
number "0" + ABCDE + XXXX for several subscriber parts XXXX. It records whether the
number is valid, its type, and, for FIXED_LINE, the length of the first group of the
NATIONAL format (the area code, including the leading 0). It checks that the verdict
does not depend on XXXX. It collapses the 90,000 answers into a prefix trie and
emits a sorted range table with a binary-searched lookup function.

Usage (Python 3.11):
    python -m venv /tmp/pn && /tmp/pn/bin/pip install phonenumbers==9.0.43
    /tmp/pn/bin/python core/data/gen_phone_plan.py            # (re)write the .rs file
    /tmp/pn/bin/python core/data/gen_phone_plan.py --check    # exit 1 if it is stale
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing
import os
import sys
import time
from pathlib import Path

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

PHONENUMBERS_VERSION = "9.0.43"

ROOT = Path(__file__).resolve().parent.parent  # core/
OUT = ROOT / "src" / "detect" / "phone_plan_table.rs"

# Subscriber parts tried for each ABCDE: the four fixed samples, plus every value of the
# sixth digit (JP leading-digit patterns look at no more than five digits, and this
# confirms it).
SUBSCRIBERS = ("0000", "1234", "5678", "9999") + tuple(f"{d}555" for d in range(10))

# Spot checks emitted as Rust tests. Each expected value is asserted against
# phonenumbers here before it is written, so a metadata change fails the generator
# instead of silently changing the tests. Expected is the area-code length incl. the 0,
# or 0 when the number is not a valid fixed-line number.
SPOT_CHECKS: list[tuple[str, int]] = [
    ("03-1234-5678", 2),  # Tokyo
    ("06-6123-4567", 2),  # Osaka
    ("04-2922-3456", 2),  # Tokorozawa 04-29xx
    ("04-7011-2345", 2),  # Kashiwa 04-70xx
    ("045-123-4567", 3),  # Yokohama
    ("011-211-1111", 3),  # Sapporo
    ("052-223-4567", 3),  # Nagoya
    ("092-123-4567", 3),  # Fukuoka
    ("098-123-4567", 3),  # Naha
    ("04-2912-3456", 3),  # formats as 042-912-3456, not 04-2912
    ("0123-45-6789", 4),
    ("0422-51-2345", 4),  # Musashino
    ("0466-22-1234", 4),  # Fujisawa
    ("0980-12-3456", 4),
    ("05979-1-3456", 4),  # formats as 0597-91-3456; 05979-[2-69] is 5 digits
    ("01267-2-3456", 5),
    ("04992-2-1234", 5),  # Izu Oshima
    ("04998-2-1234", 5),  # Ogasawara
    ("05769-2-3456", 5),
    ("09969-2-1234", 5),
    ("099-123-4567", 5),  # formats as 09912-3-4567
    ("011-123-4567", 0),  # 市内局番 starting with 1
    ("03-0123-4567", 0),  # 市内局番 starting with 0
    ("0100-12-3456", 0),
    ("0120-123-456", 0),  # TOLL_FREE
    ("0570-123-456", 0),  # UAN
    ("0990-123-456", 0),  # PREMIUM_RATE
    ("0180-123-456", 0),  # invalid in libphonenumber
    ("0170-123-456", 0),  # invalid in libphonenumber
    ("060-123-4567", 0),  # PERSONAL_NUMBER (10-digit 060)
    ("090-123-4567", 0),  # mobile needs 11 digits
    ("0800-123-456", 0),  # 0800 toll free needs 11 digits
]

class GenError(Exception):
    """A metadata surprise the generator refuses to paper over."""


TYPE_NAMES = {
    getattr(PhoneNumberType, name): name
    for name in dir(PhoneNumberType)
    if name.isupper() and isinstance(getattr(PhoneNumberType, name), int)
}


def verdict(national: str) -> tuple[str, int]:
    """(type name or "INVALID", area length incl. the 0 for FIXED_LINE else 0)."""
    try:
        num = phonenumbers.parse(national, "JP")
    except phonenumbers.NumberParseException:
        # "010" is Japan's international prefix, so 010... may not parse at all.
        return ("UNPARSEABLE", 0)
    if num.country_code != 81 or str(num.national_number) != national[1:]:
        # 010... is read as an international call (to any country, Japan included).
        if national.startswith("010"):
            return ("INTERNATIONAL_010", 0)
        raise GenError(f"{national} parsed as +{num.country_code} {num.national_number}")
    if not phonenumbers.is_valid_number(num):
        return ("INVALID", 0)
    kind = phonenumbers.number_type(num)
    name = TYPE_NAMES.get(kind, str(kind))
    if kind != PhoneNumberType.FIXED_LINE:
        return (name, 0)
    text = phonenumbers.format_number(num, PhoneNumberFormat.NATIONAL)
    groups = text.split("-")
    # Sanity: 0 + area + local exchange = 6 characters, then a 4-digit subscriber part,
    # and the formatting must not have changed the digits.
    if (
        len(groups) != 3
        or "".join(groups) != national
        or len(groups[0]) + len(groups[1]) != 6
        or len(groups[2]) != 4
        or not 2 <= len(groups[0]) <= 5
    ):
        raise GenError(f"unexpected NATIONAL format {text!r} for {national}")
    return (name, len(groups[0]))


def classify(prefix: int) -> tuple[int, tuple[str, int], dict[str, tuple[str, int]] | None]:
    """Answer for one ABCDE: (abcde, chosen verdict, per-subscriber verdicts if they differ)."""
    p = str(prefix)
    per_sub = {s: verdict("0" + p + s) for s in SUBSCRIBERS}
    distinct = set(per_sub.values())
    if len(distinct) == 1:
        return prefix, distinct.pop(), None
    # The verdict depends on the subscriber digits. Treat the prefix as valid if any
    # subscriber form is valid. Prefer FIXED_LINE, since that is what the table is for.
    fixed = {v for v in distinct if v[0] == "FIXED_LINE"}
    if len({v[1] for v in fixed}) > 1:
        raise GenError(f"area length of 0{p}XXXX depends on XXXX: {per_sub}")
    valid = sorted(v for v in distinct if v[0] != "INVALID")
    chosen = fixed.pop() if fixed else (valid[0] if valid else ("INVALID", 0))
    return prefix, chosen, per_sub


def collapse(answers: dict[str, int], prefix: str = "") -> list[tuple[str, int]]:
    """Shortest-prefix rules: a node whose whole subtree shares one answer becomes one rule."""
    if len(prefix) == 5:
        return [(prefix, answers[prefix])]
    digits = "123456789" if prefix == "" else "0123456789"
    children = [collapse(answers, prefix + d) for d in digits]
    if prefix and all(len(c) == 1 and len(c[0][0]) == len(prefix) + 1 for c in children):
        values = {c[0][1] for c in children}
        if len(values) == 1:
            return [(prefix, values.pop())]
    return [rule for c in children for rule in c]


def to_ranges(rules: list[tuple[str, int]]) -> list[tuple[int, int, int]]:
    """Prefix rules -> merged, non-zero (lo, hi, len) ranges over 10000..=99999."""
    ranges: list[list[int]] = []
    for prefix, value in rules:
        lo, hi = int(prefix.ljust(5, "0")), int(prefix.ljust(5, "9"))
        if ranges and ranges[-1][2] == value and ranges[-1][1] + 1 == lo:
            ranges[-1][1] = hi
        else:
            ranges.append([lo, hi, value])
    return [(lo, hi, v) for lo, hi, v in ranges if v != 0]


def lookup(ranges: list[tuple[int, int, int]], abcde: int) -> int:
    for lo, hi, v in ranges:
        if lo <= abcde <= hi:
            return v
    return 0


def render(ranges: list[tuple[int, int, int]], spot: list[tuple[str, int, str, str]]) -> str:
    out: list[str] = []
    w = out.append
    w(f"// @generated by core/data/gen_phone_plan.py from phonenumbers {PHONENUMBERS_VERSION} metadata")
    w("// (libphonenumber, Apache-2.0). Do not edit: change the generator and rerun it.")
    w("//")
    w("// Japanese 10-digit fixed-line numbers are 0 + 市外局番 + 市内局番 + 4-digit 加入者番号,")
    w("// and 市外局番 + 市内局番 always total 5 digits. The five digits after the leading 0")
    w("// (`abcde`) therefore decide validity and the area-code length.")
    w("")
    w("/// `(lo, hi, area_len)`: every `abcde` in `lo..=hi` starts a valid 10-digit fixed-line")
    w("/// number whose area code (including the leading 0) is `area_len` digits long.")
    w("/// Sorted by `lo`, non-overlapping. Values not covered are not fixed-line prefixes.")
    w(f"static FIXED_LINE_AREA_LEN: [(u32, u32, u8); {len(ranges)}] = [")
    for lo, hi, v in ranges:
        w(f"    ({lo}, {hi}, {v}),")
    w("];")
    w("")
    w("/// Area-code length (including the leading 0) of a valid 10-digit fixed-line number whose")
    w("/// five digits after the leading 0 are `abcde` (10000..=99999), or 0 when no valid fixed-line number starts so.")
    w("pub(crate) fn fixed_line_area_len(abcde: u32) -> u8 {")
    w("    let i = FIXED_LINE_AREA_LEN.partition_point(|&(lo, _, _)| lo <= abcde);")
    w("    match i.checked_sub(1).and_then(|j| FIXED_LINE_AREA_LEN.get(j)) {")
    w("        Some(&(_, hi, len)) if abcde <= hi => len,")
    w("        _ => 0,")
    w("    }")
    w("}")
    w("")
    w("#[cfg(test)]")
    w("mod tests {")
    w("    use super::*;")
    w("")
    w("    #[test]")
    w("    fn table_is_sorted_and_in_range() {")
    w("        let mut prev_hi = 9_999;")
    w("        for &(lo, hi, len) in FIXED_LINE_AREA_LEN.iter() {")
    w("            assert!(lo > prev_hi && lo <= hi && hi <= 99_999, \"{lo}..={hi}\");")
    w("            assert!((2..=5).contains(&len), \"{lo}..={hi} -> {len}\");")
    w("            prev_hi = hi;")
    w("        }")
    w("    }")
    w("")
    w("    #[test]")
    w("    fn out_of_range_inputs_are_zero() {")
    w("        for abcde in [0, 1, 9_999, 100_000, u32::MAX] {")
    w("            assert_eq!(fixed_line_area_len(abcde), 0, \"{abcde}\");")
    w("        }")
    w("    }")
    w("")
    w("    /// Verified against phonenumbers " + PHONENUMBERS_VERSION + " (`parse(n, \"JP\")`, NATIONAL format).")
    w("    #[test]")
    w("    fn spot_checks() {")
    for number, expected, kind, formatted in spot:
        abcde = "".join(ch for ch in number if ch.isdigit())[1:6]
        note = f"{kind}, formats as {formatted}" if kind == "FIXED_LINE" else kind
        w(f"        // {number}: {note}")
        w(f"        assert_eq!(fixed_line_area_len({abcde}), {expected});")
    w("    }")
    w("}")
    return "\n".join(out) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT, help=f"output path (default {OUT})")
    ap.add_argument("--check", action="store_true", help="fail if --out differs instead of writing")
    args = ap.parse_args()

    if phonenumbers.__version__ != PHONENUMBERS_VERSION:
        print(f"need phonenumbers=={PHONENUMBERS_VERSION}, have {phonenumbers.__version__}", file=sys.stderr)
        return 2
    started = time.monotonic()

    with multiprocessing.Pool(os.cpu_count() or 1) as pool:
        results = pool.map(classify, range(10000, 100000), chunksize=500)

    answers: dict[str, int] = {}
    kinds: collections.Counter[str] = collections.Counter()
    area_codes: dict[int, set[str]] = collections.defaultdict(set)
    dependent = []
    for prefix, (kind, area_len), per_sub in results:
        p = str(prefix)
        answers[p] = area_len
        kinds[kind] += 1
        if area_len:
            area_codes[area_len].add("0" + p[: area_len - 1])
        if per_sub is not None:
            dependent.append((p, (kind, area_len), per_sub))

    rules = collapse(answers)
    ranges = to_ranges(rules)
    # Exhaustive self-check of the compressed form against the raw answers.
    for p, want in answers.items():
        if lookup(ranges, int(p)) != want:
            raise GenError(f"range table disagrees at {p}")

    spot = []
    for number, expected in SPOT_CHECKS:
        digits = "".join(ch for ch in number if ch.isdigit())
        if len(digits) != 10 or digits[0] != "0":
            raise GenError(f"spot check {number} is not a 10-digit national number")
        num = phonenumbers.parse(number, "JP")
        kind, got = verdict(digits)
        if got != expected or answers[digits[1:6]] != expected:
            raise GenError(f"spot check {number}: expected {expected}, phonenumbers says {kind}/{got}")
        spot.append((number, expected, kind, phonenumbers.format_number(num, PhoneNumberFormat.NATIONAL)))

    text = render(ranges, spot)
    elapsed = time.monotonic() - started

    print(f"phonenumbers {phonenumbers.__version__}; {len(SUBSCRIBERS)} subscriber forms per prefix")
    print("verdicts over ABCDE 10000..99999:", dict(sorted(kinds.items())))
    print("distinct fixed-line area codes by length:", {k: len(v) for k, v in sorted(area_codes.items())})
    print(f"trie rules: {len(rules)} ({sum(1 for _, v in rules if v)} non-zero); merged ranges: {len(ranges)}")
    print(f"prefixes whose verdict depends on the subscriber digits: {len(dependent)}")
    for p, chosen, per_sub in dependent:
        print(f"  0{p}: chose {chosen}; {per_sub}")
    print(f"generated in {elapsed:.1f}s; {len(text.encode())} bytes")

    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else None
        if current != text:
            print(f"{args.out} is stale; rerun without --check", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except GenError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(1)
