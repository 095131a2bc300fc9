#!/usr/bin/env python3
"""Writes the labelled corpus of written forms of phones, payment cards and postal codes.

Values come from libraries independent of mamori's tables:
- phones: phonenumbers' example numbers per region and type, and nearby numbers it calls
  valid, written in its INTERNATIONAL and E164 formats (region from
  `region_code_for_number`); Japanese numbers also with full stops between the groups.
- cards: Faker's `credit_card_number` per provider; schemes Faker lacks (UnionPay, Maestro
  16/19, Mir, Elo, Hipercard, Dankort, RuPay, Troy, UATP) get a prefix from the scheme's
  published range (Wikipedia, "Payment card number") and a Luhn digit from python-stdnum.
  The expected scheme is the provider's.
- postal codes: Faker ja_JP `postcode` (random, so some are codes Japan Post never
  assigned: they are still labelled postal codes).
- the written forms named when this corpus was made (`+44 (20) 7123 4567`, `03.1234.5678`,
  `郵便番号は2060033です`…), verbatim.
`phone_validity.jsonl` holds every region's example numbers (but Japan's) and near misses
(last digits changed, one digit dropped or added, first digit changed) with phonenumbers'
`is_valid_number` verdict and region, for the `+` reading of other countries' numbers.
Decoys (never in the ground truth): Luhn-valid numbers of no scheme without a card label,
order numbers, JAN codes, amounts, dates, IP addresses and versions written with full stops.

    pip install faker==37.12.0 python-stdnum==2.2 phonenumbers==9.0.43
    python3 corpora/forms/generate.py          # rewrites the files
    python3 corpora/forms/generate.py --check  # exit 1 if a committed file differs

The output is byte-identical for the seed and the pinned versions.
"""

import argparse
import json
import random
import sys
from pathlib import Path

import phonenumbers
from faker import Faker
from phonenumbers import PhoneNumberFormat as Fmt
from phonenumbers import PhoneNumberType as T
from stdnum import luhn

HERE = Path(__file__).resolve().parent
SEED = 20261202
REGIONS = ["US", "CA", "GB", "DE", "FR", "IT", "ES", "NL", "BR", "MX", "AU", "IN", "KR",
           "CN", "SG", "TW", "HK", "TH", "PH", "VN", "CH", "SE", "PL", "RU", "ZA"]

rng = random.Random(SEED)
fake = Faker("ja_JP")
Faker.seed(SEED)


class Doc:
    """One corpus file: text lines and the byte spans of the labelled items."""

    def __init__(self, name):
        self.name, self.text, self.truth = name, "", []

    def line(self, before, value="", after="", kind=None, rule=None, digits=None):
        start = len((self.text + before).encode())
        self.text += before + value + after + "\n"
        if kind:
            item = {"file": self.name, "kind": kind, "start": start,
                    "end": start + len(value.encode()), "value": digits or value}
            if rule:
                item["rule"] = rule
            self.truth.append(item)


def valid_neighbours(num, region, count):
    """Numbers phonenumbers calls valid for `region`, varying the last two digits."""
    out, nsn = [], str(num.national_number)
    for _ in range(40):
        if len(out) == count:
            break
        cand = nsn[:-2] + f"{rng.randrange(100):02d}"
        n = phonenumbers.parse("+" + str(num.country_code) + cand)
        if phonenumbers.is_valid_number(n) and phonenumbers.region_code_for_number(n) == region:
            out.append(n)
    return out


def phones():
    d = Doc("phones.txt")
    for region in REGIONS + ["JP"]:
        for typ in (T.FIXED_LINE, T.MOBILE):
            ex = phonenumbers.example_number_for_type(region, typ)
            if ex is None:
                continue
            for n in [ex] + valid_neighbours(ex, region, 2):
                e164 = phonenumbers.format_number(n, Fmt.E164)
                label = rng.choice(["TEL: ", "Phone ", "連絡先 ", "携帯 ", ""])
                for form in (Fmt.INTERNATIONAL, Fmt.E164):
                    d.line(label, phonenumbers.format_number(n, form), "", "phone", region, e164)
                if region == "JP":
                    national = phonenumbers.format_number(n, Fmt.NATIONAL)
                    d.line(label, national.replace("-", "."), "", "phone", "JP", e164)
    # The written forms named when the corpus was made.
    for text in ["+1 415 555 0132", "+44 (20) 7123 4567", "+49 30 1234567",
                 "+33 1 42 68 53 00", "+55 11 98456 5666", "+81-090-1234-5678",
                 "+81 090 1234 5678", "+8109012345678", "03.1234.5678"]:
        n = phonenumbers.parse(text.replace("+81-090", "+81-90").replace("+81 090", "+81 90")
                               .replace("+8109", "+819"), "JP")
        d.line("連絡先 ", text, "", "phone", phonenumbers.region_code_for_number(n),
               phonenumbers.format_number(n, Fmt.E164))
    d.line("user=", "07014735131", " status=ok", "phone", "JP", "+817014735131")
    for _ in range(10):  # unlabelled contiguous mobiles
        m = f"0{rng.choice('789')}0{rng.randrange(1, 10)}{rng.randrange(10**7):07d}"
        d.line("明日は ", m, " まで", "phone", "JP", "+81" + m[1:])
    # Decoys written with full stops or a plus.
    for text in ["バージョン 2.10.3", "192.168.100.200", "2024.10.16", "円周率 3.14159265358979",
                 "合計 1.234.567", "+999 1234 5678", "1+1234567890", "ver.0.3.1234.5678"]:
        d.line("", text)
    return d


SCHEME_PREFIXES = {  # Wikipedia, "Payment card number": a few prefixes per scheme, lengths
    "unionpay": (["62"], [16, 19]),
    "maestro": (["5018", "5020", "5038", "5893", "6304", "6759", "6761", "6762", "6763"], [16, 19]),
    "mir": (["2200", "2201", "2202", "2203", "2204"], [16]),
    "elo": (["401178", "438935", "457631", "504175", "509000", "636297", "650031"], [16]),
    "hipercard": (["606282", "384100"], [16]),
    "dankort": (["5019"], [16]),
    "rupay": (["608", "817", "508"], [16]),
    "troy": (["9792"], [16]),
    "uatp": (["1"], [15]),
}
FAKER_PROVIDERS = {"visa16": "visa", "visa19": "visa", "mastercard": "mastercard",
                   "amex": "amex", "discover": "discover", "diners": "diners", "jcb16": "jcb"}
GROUPING = {15: [4, 6, 5], 14: [4, 6, 4]}


def grouped(num, sep):
    lens = GROUPING.get(len(num), [4] * (len(num) // 4) + ([len(num) % 4] if len(num) % 4 else []))
    out, i = [], 0
    for n in lens:
        out.append(num[i:i + n])
        i += n
    return sep.join(out)


def luhn_number(prefix, length):
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return body + luhn.calc_check_digit(body)


def cards():
    d = Doc("cards.txt")
    items = []
    for provider, scheme in FAKER_PROVIDERS.items():
        for _ in range(6):
            num = fake.credit_card_number(card_type=provider)
            if scheme == "jcb" and not 3528 <= int(num[:4]) <= 3589:
                continue  # Faker's JCB prefix 35 reaches below the scheme's 3528
            items.append((num, scheme, True))
    for scheme, (prefixes, lengths) in SCHEME_PREFIXES.items():
        for _ in range(4):
            alone = scheme not in ("rupay", "uatp")
            items.append((luhn_number(rng.choice(prefixes), rng.choice(lengths)), scheme, alone))
    for num, scheme, alone in items:
        sep = rng.choice([" ", "-", ""])
        label = rng.choice(["カード番号：", "Card number: ", "クレジットカード ", "card no "])
        d.line(label, grouped(num, sep), "", "credit_card", scheme, num)
        if alone:
            d.line("お客様から ", grouped(num, sep), " と伺いました", "credit_card", scheme, num)
    # Luhn-valid, no scheme's prefix: a card with a card label, nothing without.
    for _ in range(8):
        num = luhn_number(rng.choice(["7", "90", "93"]), 16)
        d.line("カード番号 ", grouped(num, " "), "", "credit_card", "unknown", num)
        d.line("注文番号 ", grouped(num, "-"), " を発送しました")
        d.line("伝票番号 ", num)
    for _ in range(6):  # JAN codes, amounts, dates
        jan = "49" + "".join(rng.choice("0123456789") for _ in range(11))
        d.line("JAN ", jan, " 数量 3")
        d.line("合計金額 ", f"¥{rng.randrange(10**6, 10**9):,}")
        d.line("受付日 ", f"{rng.randrange(2000, 2030)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
               f"{rng.randrange(10**5):05d}")
    return d


def postal():
    d = Doc("postal.txt")
    d.line("郵便番号：", "9218046", "", "postal_code", None, "9218046")
    d.line("郵便番号は", "2060033", "です", "postal_code", None, "2060033")
    for _ in range(20):
        code = fake.postcode().replace("-", "")
        form = rng.choice(["郵便番号：{}", "郵便番号は{}です", "〒{}", "郵便番号 {}"])
        before, after = form.split("{}")
        value = code if rng.random() < 0.5 else code[:3] + "-" + code[3:]
        d.line(before, value, after, "postal_code", None, code)
    return d


def validity():
    """Every region's example numbers and near misses, with phonenumbers' verdict."""
    lines = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        if region == "JP":
            continue  # Japan's plan has its own vectors (core/tests/data)
        for typ in sorted(phonenumbers.PhoneNumberType.values(), key=str):
            ex = phonenumbers.example_number_for_type(region, typ)
            if ex is None:
                continue
            nsn = str(ex.national_number)
            variants = [nsn, nsn[:-3] + f"{rng.randrange(1000):03d}", nsn[:-1],
                        nsn + str(rng.randrange(10)), str(rng.randrange(1, 10)) + nsn[1:]]
            for v in variants:
                e164 = f"+{ex.country_code}{v}"
                if not 8 <= len(e164) - 1 <= 15:
                    continue
                n = phonenumbers.parse(e164)
                if str(n.national_number) != v:
                    continue  # parsing rewrote the digits (NF's 5-digit local form gains a 3)
                valid = phonenumbers.is_valid_number(n)
                item = {"e164": e164, "valid": valid,
                        "region": phonenumbers.region_code_for_number(n) if valid else None}
                lines.append(json.dumps(item))
    return "".join(sorted(set(line + "\n" for line in lines)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    docs = [phones(), cards(), postal()]
    files = {doc.name: doc.text for doc in docs}
    truth = [t for doc in docs for t in doc.truth]
    files["ground_truth.jsonl"] = "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in truth)
    files["phone_validity.jsonl"] = validity()
    stale = False
    for name, text in files.items():
        path = HERE / name
        if args.check:
            stale |= not path.exists() or path.read_text(encoding="utf-8") != text
        else:
            path.write_text(text, encoding="utf-8")
    kinds = {}
    for t in truth:
        kinds[t["kind"]] = kinds.get(t["kind"], 0) + 1
    print(f"{len(truth)} items: {kinds}")
    if stale:
        print("corpora/forms is stale; rerun without --check", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
