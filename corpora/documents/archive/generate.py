"""Generate the bzip2, xz, 7z, LZH and RAR files of corpora/documents/archive/ with real tools.

    python3 corpora/documents/archive/generate.py

Makes a venv in /tmp/mamori-archives-venv with pinned py7zr, Faker and python-stdnum if
needed and re-runs itself there. Needs `jlha` (Debian `jlha-utils`, to write LZH) and
`lhasa` (Debian `lhasa`, to check it) on PATH.

Writes the files listed in OWN below and replaces their lines in
corpora/documents/ground_truth.jsonl (every other line is kept). People come from
Faker ja_JP, phone numbers are Faker's mobile numbers (in issued blocks), e-mail addresses are Faker's
example.* addresses and My Numbers are 11 random digits completed with python-stdnum's
check digit. RAR files are written byte by byte here (no free tool writes RAR); their layout
is documented in corpora/documents/README.md.
"""

from __future__ import annotations

import bz2
import io
import json
import lzma
import os
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent
VENV = Path("/tmp/mamori-archives-venv")
PIP_PKGS = ["py7zr==1.1.4", "Faker==40.63.0", "python-stdnum==2.2"]
SEED = 7301

# Files this script owns: their ground-truth lines are replaced on every run.
OWN = [
    "名簿.csv.bz2", "backup.tar.bz2", "logs.tbz2", "list.csv.xz", "backup.tar.xz", "logs.txz",
    "a.7z", "solid.7z", "bzip2.7z", "deflate.7z", "ppmd.7z", "encrypted.7z",
    "encrypted_headers.7z",
    "old.lzh", "level1_lh6.lzh", "level2_lh7.lzh",
    "listing4.rar", "listing5.rar", "encrypted_member5.rar", "encrypted_headers5.rar",
]


def ensure_venv() -> None:
    try:
        import py7zr, faker, stdnum  # noqa: F401
        return
    except ImportError:
        pass
    if os.environ.get("MAMORI_ARCHIVES_VENV") == "1":
        sys.exit("venv has no py7zr/Faker/python-stdnum")
    if not (VENV / "bin" / "python").exists():
        subprocess.check_call([sys.executable, "-m", "venv", str(VENV)])
    subprocess.check_call([str(VENV / "bin" / "pip"), "install", "-q", *PIP_PKGS])
    env = dict(os.environ, MAMORI_ARCHIVES_VENV="1")
    os.execve(str(VENV / "bin" / "python"), [str(VENV / "bin" / "python"), __file__], env)


ensure_venv()

import py7zr  # noqa: E402
from faker import Faker  # noqa: E402
from stdnum.jp import in_ as my_number  # noqa: E402

fake = Faker("ja_JP")
fake.seed_instance(SEED)
rng = random.Random(SEED)
TRUTH: list[dict] = []


def truth(file: str, location: str, kind: str, value: str) -> None:
    TRUTH.append({"file": f"archive/{file}", "location": location, "kind": kind, "value": value})


def mobile() -> str:
    """A Faker mobile number in a block the numbering plan assigns (070/080/090 followed by
    1-9: blocks starting with 0 are not issued, and Faker does not know that)."""
    while True:
        p = fake.phone_number()
        if p[:4] in ("070-", "080-", "090-") and p[4] != "0":
            return p


def new_my_number() -> str:
    body = "".join(rng.choice("0123456789") for _ in range(11))
    return body + my_number.calc_check_digit(body)


def roster(rows: int = 30) -> tuple[str, list[tuple[str, str, str]]]:
    """A CSV roster and its (phone, email, my_number) items."""
    items = []
    lines = ["氏名,住所,携帯電話,メール,マイナンバー"]
    for _ in range(rows):
        phone, mail, mn = mobile(), fake.safe_email(), new_my_number()
        items.append((phone, mail, mn))
        lines.append(f"{fake.name()},{fake.address()},{phone},{mail},{mn}")
    return "\n".join(lines) + "\n", items


def add_truth(file: str, location: str, items) -> None:
    for phone, mail, mn in items:
        truth(file, location, "phone", phone)
        truth(file, location, "email", mail)
        truth(file, location, "my_number", mn)


def tar_bytes(members: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, text in members.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 1743465600
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


# ------------------------------------------------------------------ bzip2 / xz


def gen_compressed() -> None:
    text, items = roster()
    (HERE / "名簿.csv.bz2").write_bytes(bz2.compress(text.encode("utf-8")))
    add_truth("名簿.csv.bz2", "名簿.csv.bz2", items)
    text, items = roster()
    (HERE / "list.csv.xz").write_bytes(lzma.compress(text.encode("utf-8")))
    add_truth("list.csv.xz", "list.csv.xz", items)
    for file, compress in [
        ("backup.tar.bz2", bz2.compress),
        ("logs.tbz2", bz2.compress),
        ("backup.tar.xz", lambda b: lzma.compress(b, preset=6)),
        ("logs.txz", lambda b: lzma.compress(b, preset=9 | lzma.PRESET_EXTREME)),
    ]:
        t1, i1 = roster()
        t2, i2 = roster(10)
        (HERE / file).write_bytes(compress(tar_bytes({"backup/顧客/名簿.csv": t1, "backup/memo.txt": t2})))
        add_truth(file, f"{file}!backup/顧客/名簿.csv", i1)
        add_truth(file, f"{file}!backup/memo.txt", i2)


# ------------------------------------------------------------------ 7z (py7zr)


def gen_7z() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp)
        (src / "dir").mkdir()
        text, items = roster()
        (src / "dir" / "名簿.csv").write_text(text, encoding="utf-8")
        with py7zr.SevenZipFile(HERE / "a.7z", "w") as z:
            z.write(src / "dir" / "名簿.csv", "dir/名簿.csv")
        add_truth("a.7z", "a.7z!dir/名簿.csv", items)

        # Solid: py7zr writes all files into one LZMA2 folder.
        with py7zr.SevenZipFile(HERE / "solid.7z", "w") as z:
            for i in range(3):
                text, items = roster(20)
                name = f"顧客/支店{i}.csv"
                z.writestr(text.encode("utf-8"), name)
                add_truth("solid.7z", f"solid.7z!{name}", items)

        for file, filters in [
            ("bzip2.7z", [{"id": py7zr.FILTER_BZIP2}]),
            ("deflate.7z", [{"id": py7zr.FILTER_DEFLATE}]),
        ]:
            text, items = roster()
            with py7zr.SevenZipFile(HERE / file, "w", filters=filters) as z:
                z.writestr(text.encode("utf-8"), "名簿.csv")
            add_truth(file, f"{file}!名簿.csv", items)

        # Not in the ground truth: PPMd is not read, the encrypted ones need a password.
        text, _ = roster(2)
        with py7zr.SevenZipFile(HERE / "ppmd.7z", "w", filters=[{"id": py7zr.FILTER_PPMD}]) as z:
            z.writestr(text.encode("utf-8"), "名簿.csv")
        for file, header_encryption in [("encrypted.7z", False), ("encrypted_headers.7z", True)]:
            text, _ = roster(2)
            with py7zr.SevenZipFile(HERE / file, "w", password="mamori-7z",
                                    header_encryption=header_encryption) as z:
                z.writestr(text.encode("utf-8"), "秘密/名簿.csv")


# ------------------------------------------------------------------ LZH (jlha)


def gen_lzh() -> None:
    # jlha: `a` add, `o5`/`o6`/`o7` method lh5/lh6/lh7, `0`/`1`/`2` header level, `y` names
    # converted to the multibyte (Shift_JIS) encoding.
    for file, opts, names in [
        ("old.lzh", "a0o5y", ["名簿.csv"]),
        ("level1_lh6.lzh", "a1o6y", ["名簿.csv", "顧客/一覧.csv"]),
        ("level2_lh7.lzh", "a2o7y", ["名簿.csv", "顧客/一覧.csv"]),
    ]:
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp)
            for name in names:
                text, items = roster(40)
                (src / name).parent.mkdir(parents=True, exist_ok=True)
                (src / name).write_text(text, encoding="utf-8")
                add_truth(file, f"{file}!{name}", items)
            env = dict(os.environ, LC_ALL="C.UTF-8")
            subprocess.check_call(["jlha", opts, "out.lzh", *names], cwd=src, env=env,
                                  stdout=subprocess.DEVNULL)
            shutil.copy(src / "out.lzh", HERE / file)
        # lhasa checks every member's CRC.
        subprocess.check_call(["lhasa", "t", str(HERE / file)], stdout=subprocess.DEVNULL)


# ------------------------------------------------------------------ RAR (written here)


def rar4_block(kind: int, flags: int, body: bytes, data: bytes = b"") -> bytes:
    """HEAD_CRC (low 16 bits of the CRC32 of what follows it), HEAD_TYPE, HEAD_FLAGS,
    HEAD_SIZE, then the body; `data` follows the header."""
    size = 7 + len(body)
    rest = bytes([kind]) + flags.to_bytes(2, "little") + size.to_bytes(2, "little") + body
    return (zlib.crc32(rest) & 0xFFFF).to_bytes(2, "little") + rest + data


def rar4_file(name: bytes, data: bytes, flags: int = 0x8000) -> bytes:
    body = (
        len(data).to_bytes(4, "little")        # PACK_SIZE
        + (len(data) * 3).to_bytes(4, "little")  # UNP_SIZE
        + bytes([2])                           # HOST_OS: Windows
        + zlib.crc32(b"").to_bytes(4, "little")  # FILE_CRC
        + (0x5A810000).to_bytes(4, "little")   # FTIME (MS-DOS date/time)
        + bytes([29, 0x33])                    # UNP_VER 2.9, METHOD 0x33 (normal)
        + len(name).to_bytes(2, "little")      # NAME_SIZE
        + (0x20).to_bytes(4, "little")         # ATTR: archive
        + name
    )
    return rar4_block(0x74, flags, body, data)


def vint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def rar5_header(kind: int, flags: int, body: bytes, extra: bytes = b"", data: bytes = b"") -> bytes:
    """CRC32, header size (vint), then type, flags, [extra size], [data size], body, extra."""
    fields = vint(kind) + vint(flags | (1 if extra else 0) | (2 if data else 0))
    if extra:
        fields += vint(len(extra))
    if data:
        fields += vint(len(data))
    h = fields + body + extra
    h = vint(len(h)) + h
    return zlib.crc32(h).to_bytes(4, "little") + h + data


def rar5_file(name: str, data: bytes, extra: bytes = b"") -> bytes:
    raw = name.encode("utf-8")
    body = (
        vint(0x04)                 # file flags: CRC32 present
        + vint(len(data) * 3)      # unpacked size
        + vint(0x20)               # attributes
        + zlib.crc32(b"").to_bytes(4, "little")
        + vint(0x03)               # compression: version 0, method 3 (normal) in bits 7-9
        + vint(0)                  # host OS: Windows
        + vint(len(raw)) + raw
    )
    return rar5_header(2, 0, body, extra, data)


def gen_rar() -> None:
    packed = bytes(rng.randrange(256) for _ in range(48))  # stands for compressed data
    sig4, sig5 = b"Rar!\x1a\x07\x00", b"Rar!\x1a\x07\x01\x00"
    main4 = rar4_block(0x73, 0x0000, bytes(6))  # HighPosAV (2) + PosAV (4), reserved
    end4 = rar4_block(0x7B, 0x4000, b"")
    (HERE / "listing4.rar").write_bytes(
        sig4 + main4
        + rar4_file("名簿.csv".encode("cp932"), packed)
        + rar4_file("顧客\\一覧.csv".encode("cp932"), packed)
        + rar4_file("秘密.csv".encode("cp932"), packed, flags=0x8000 | 0x0004)
        + end4
    )
    main5 = rar5_header(1, 0, vint(0))  # archive flags: none
    end5 = rar5_header(5, 0, vint(0))
    (HERE / "listing5.rar").write_bytes(
        sig5 + main5 + rar5_file("名簿.csv", packed) + rar5_file("顧客/一覧.csv", packed) + end5
    )
    # File encryption record (type 1): version 0, flags 0, KDF count 15, salt, IV.
    enc = vint(1) + vint(0) + vint(0) + bytes([15]) + bytes(16) + bytes(16)
    record = vint(len(enc)) + enc
    (HERE / "encrypted_member5.rar").write_bytes(
        sig5 + main5 + rar5_file("秘密/名簿.csv", packed, record) + end5
    )
    # Archive encryption header (type 4): version 0, flags 0, KDF count 15, salt; the
    # headers after it would be encrypted (here: random bytes).
    enc_header = rar5_header(4, 0, vint(0) + vint(0) + bytes([15]) + bytes(16))
    (HERE / "encrypted_headers5.rar").write_bytes(sig5 + enc_header + packed)


def main() -> None:
    gen_compressed()
    gen_7z()
    gen_lzh()
    gen_rar()
    gt = DOCS / "ground_truth.jsonl"
    own = {f"archive/{f}" for f in OWN}
    kept = [l for l in gt.read_text(encoding="utf-8").splitlines()
            if l.strip() and json.loads(l)["file"] not in own]
    lines = kept + [json.dumps(t, ensure_ascii=False) for t in TRUTH]
    gt.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(TRUTH)} ground-truth lines for {len(OWN)} files")


if __name__ == "__main__":
    main()
