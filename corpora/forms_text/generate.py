#!/usr/bin/env python3
"""Labelled text for the written forms of e-mail addresses, personal names and keywords.

    pip install faker==37.12.0
    python3 corpora/forms_text/generate.py          # rewrites the corpus files here
    python3 corpora/forms_text/generate.py --check  # exit 1 if a committed file differs

Sources of the values (none comes from mamori):
- E-mail addresses: python-email-validator's tests/test_syntax.py (valid internationalised
  and quoted addresses), the examples of Wikipedia's "Email address" article (section
  "Internationalization"), the examples of the mamori issue that asked for these forms,
  and addresses made from Faker ja_JP romanised names and kanji names.
- Names: Faker ja_JP (`last_name`, `first_name`, `last_kana_name`, `first_kana_name`,
  `last_romanized_name`, `first_romanized_name`); hiragana given names are Faker's katakana
  given names written in hiragana.
- Keywords: a fixed list (keywords.txt), written in the text in width, case and blank
  variants.

Ground truth: ground_truth.jsonl, one object per labelled span: file, kind (email,
person_name, keyword), byte start and end (end exclusive), value, form. decoys.txt holds
none: every finding there is a false positive.
"""
import json
import pathlib
import random
import sys

from faker import Faker

HERE = pathlib.Path(__file__).resolve().parent
SEED = 20261202

# python-email-validator tests/test_syntax.py: test_email_valid, test_email_valid_intl_local_part
# and test_email_valid_only_if_quoted_local_part (those under IANA top-level domains).
EMAIL_VALIDATOR = [
    "jeff@臺網中心.tw",
    "юзер@екзампл.ком",
    "葉士豪@臺網中心.tw",
    "葉士豪@臺網中心.台灣",
    "ñoñó@example.tld",
    "我買@example.tld",
    "甲斐黒川日本@example.tld",
    "чебурашкаящик-с-апельсинами.рф@example.tld",
    "ιωάννης@εεττ.gr",
    '"quoted with space"@example.com',
    '"quoted.with..unicode.λ"@example.com',
    '"unnecessarily.quoted.local.part"@example.com',
]
# Wikipedia, "Email address", section "Internationalization" (examples under delegated TLDs).
WIKIPEDIA = [
    "Pelé@example.com",
    "我買@屋企.香港",
    "медведь@с-балалайкой.рф",
    "संपर्क@डाटामेल.भारत",
]
# The issue's examples.
ISSUE = [
    "甲斐黒川日本@example.tld",
    "葉士豪@臺網中心.tw",
    "юзер@екзампл.ком",
    "a@xn--d1acufc.xn--p1ai",
    '"quoted local part"@example.org',
    "山田@example.jp",
]
IDN_DOMAINS = ["example.みんな", "пример.рф", "例え.jp", "臺網中心.tw", "екзампл.ком", "example.コム"]
# Text before an address: particles, labels, punctuation.
BEFORE = ["連絡先は", "メール：", "宛先を", "担当の", "こちらのアドレス ", "送信先", "Mail: ", "（", "「", "E-mail "]
AFTER = ["まで", "へお送りください。", "です。", "）", "」", " にご連絡ください。", "までお願いします", "\n"]

KEYWORDS = ["Project Orion", "社外秘", "極秘", "Blue Falcon 計画", "コードネーム ミカヅキ", "ACME Corp"]
DEPTS = ["営業部", "総務部", "開発部", "経理部", "人事部"]

DECOYS = """\
単価＠500円、1個＠100円です。
logo@2x.png と icon@3x.webp を差し替え。jquery@3.7.1.min.js も更新。
@yamada さんへ。みなさん@東京 で会いましょう。会議は10時@本社で。
foo@bar と user@例え.テストです の宛先は無効。価格@ご相談。
担当：システム部
担当者：サポートセンター
氏名：未記入
氏名: N/A
氏名: Test User
名前：ファイル名
担当：マーケティング チーム
お客様 ありがとうございました。皆様 よろしくお願いいたします。
本日はお疲れさまでした。赤ちゃんが生まれました。諸君、聞いてくれ。
ちゃんと確認してください。さまざまな意見があります。神さまに祈る。お母さまによろしく。
お名前: Sales Team
ProjectOrion は別物、XProject Orion も別物。
Project

Orion は段落が分かれている。
BlueFalcon計画 は空白なし。
"""


def kata_to_hira(s):
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in s)


def full_width(s):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


class Doc:
    def __init__(self, name):
        self.name, self.parts, self.labels = name, [], []

    def add(self, text):
        self.parts.append(text)

    def item(self, kind, value, form):
        start = len("".join(self.parts).encode())
        self.parts.append(value)
        self.labels.append({"file": self.name, "kind": kind, "start": start,
                            "end": start + len(value.encode()), "value": value, "form": form})

    def text(self):
        return "".join(self.parts)


def keyword_variant(rng, kw):
    out = kw
    blank = rng.choice([" ", "\u3000", "\r\n", "\n", " "])
    out = out.replace(" ", blank)
    mode = rng.randrange(4)
    if mode == 0:
        out = out.upper()
    elif mode == 1:
        out = "".join(full_width(c) if rng.random() < 0.5 else c for c in out)
    elif mode == 2:
        out = full_width(out)
    # Half-width katakana for the katakana keyword, sometimes.
    if "ミカヅキ" in out and rng.random() < 0.5:
        out = out.replace("コードネーム", "ｺｰﾄﾞﾈｰﾑ").replace("ミカヅキ", "ﾐｶﾂﾞｷ")
    if kw == "社外秘" and rng.random() < 0.5:
        out = rng.choice(["社外\n秘", "社 外 秘", "社外\r\n秘", "社外　秘"])
    return out


def build():
    rng = random.Random(SEED)
    Faker.seed(SEED)
    ja = Faker("ja_JP")
    docs = []

    # E-mail addresses in Japanese sentences.
    d = Doc("emails.txt")
    fixed = [(a, "email_validator") for a in EMAIL_VALIDATOR] + \
            [(a, "wikipedia") for a in WIKIPEDIA] + [(a, "issue") for a in ISSUE]
    for addr, form in fixed * 3:
        d.add(rng.choice(BEFORE))
        d.item("email", addr, form)
        d.add(rng.choice(AFTER) + "\n")
    for _ in range(60):
        r = rng.randrange(5)
        if r == 0:
            addr, form = f"{ja.last_romanized_name().lower()}.{ja.first_romanized_name().lower()}@{ja.free_email_domain()}", "faker_ascii"
        elif r == 1:
            addr, form = f"{ja.last_name()}{ja.first_name()}@{rng.choice(IDN_DOMAINS)}", "faker_kanji_local"
        elif r == 2:
            addr, form = full_width(f"{ja.last_romanized_name().lower()}@example.co.jp").replace("＠", "＠"), "full_width"
        elif r == 3:
            addr, form = f'"{ja.first_romanized_name()} {ja.last_romanized_name()}"@example.org', "quoted"
        else:
            addr, form = f"{ja.user_name()}@{rng.choice(IDN_DOMAINS)}", "idn_domain"
        d.add(rng.choice(BEFORE))
        d.item("email", addr, form)
        d.add(rng.choice(AFTER) + "\n")
    docs.append(d)

    # Names in mails and forms.
    d = Doc("names.txt")
    for _ in range(150):
        last = ja.last_name()
        hira = kata_to_hira(ja.first_kana_name())
        r = rng.randrange(9)
        if r == 0:
            d.add(f"{rng.choice(DEPTS)}\n")
            d.item("person_name", f"{last} {hira}", "hiragana_given")
            d.add("様\n\nいつもお世話になっております。\n")
        elif r == 1:
            d.item("person_name", f"{last}{hira}", "hiragana_given")
            d.add("さん、資料をお送りします。\n")
        elif r in (2, 3, 4):
            honorific = ["さま", "君", "ちゃん"][r - 2]
            d.add("本日は")
            d.item("person_name", last, honorific)
            d.add(f"{honorific}にご説明いただきました。\n")
        elif r == 5:
            d.add(rng.choice(["氏名: ", "お名前：", "氏名："]))
            d.item("person_name", f"{ja.last_romanized_name().upper()} {ja.first_romanized_name()}", "romaji_label")
            d.add("\n")
        elif r == 6:
            d.add(rng.choice(["お名前: ", "氏名："]))
            d.item("person_name", f"{ja.first_romanized_name()} {ja.last_romanized_name()}", "romaji_label")
            d.add("\n")
        elif r == 7:
            d.add("氏名：")
            d.item("person_name", f"{ja.last_kana_name()} {ja.first_kana_name()}", "katakana_label")
            d.add("\n")
        else:
            d.add("申請者：")
            d.item("person_name", f"{last} {hira}", "hiragana_label")
            d.add("\n")
        d.add("\n")
    docs.append(d)

    # A CSV with an English `name` column and one with a 氏名 column, romaji values.
    d = Doc("names_en.csv")
    d.add("name,department\n")
    for _ in range(60):
        d.item("person_name", f"{ja.first_romanized_name()} {ja.last_romanized_name()}", "romaji_name_column")
        d.add(f",{rng.choice(DEPTS)}\n")
    docs.append(d)
    d = Doc("names_ja.csv")
    d.add("氏名,所属\n")
    for _ in range(60):
        d.item("person_name", f"{ja.last_romanized_name().upper()} {ja.first_romanized_name()}", "romaji_shimei_column")
        d.add(f",{rng.choice(DEPTS)}\n")
    docs.append(d)

    # Keywords in width, case and blank variants.
    d = Doc("keywords_text.txt")
    for _ in range(60):
        kw = rng.choice(KEYWORDS)
        d.add(rng.choice(["件名：", "本件は", "【", "資料 ", "※"]))
        d.item("keyword", keyword_variant(rng, kw), "variant")
        d.add(rng.choice(["】の件", " に関する資料です。", "につき取扱注意。", "\n"]) + "\n")
    docs.append(d)

    decoys = Doc("decoys.txt")
    decoys.add(DECOYS)
    docs.append(decoys)
    return docs


def main():
    check = "--check" in sys.argv
    docs = build()
    outputs = {d.name: d.text() for d in docs}
    outputs["keywords.txt"] = "\n".join(KEYWORDS) + "\n"
    outputs["ground_truth.jsonl"] = "".join(
        json.dumps(l, ensure_ascii=False) + "\n" for d in docs for l in d.labels)
    for d in docs:
        body = d.text().encode()
        for l in d.labels:
            assert body[l["start"]:l["end"]].decode() == l["value"], l
    bad = 0
    for name, text in outputs.items():
        path = HERE / name
        data = text.encode()
        if check:
            if not path.exists() or path.read_bytes() != data:
                print(f"differs: {name}")
                bad = 1
        else:
            path.write_bytes(data)
    sys.exit(bad)


if __name__ == "__main__":
    main()
