#!/usr/bin/env bash
# Checks the one minimum Rust version, `rust-version` in the workspace Cargo.toml, without
# installing that toolchain: one "ok: ..." or "FAIL: ..." line per check.
#
#   1. every workspace crate inherits it;
#   2. no package in Cargo.lock declares a higher rust-version (cargo metadata --locked);
#   3. every document that names a minimum Rust version names this one;
#   4. nothing turns off clippy's `incompatible_msrv` lint, which reads rust-version and
#      rejects std APIs stabilised after it (run by `cargo clippy` in scripts/test-all.sh).
#
# Needs cargo and python3. Exits non-zero when a check fails.
set -euo pipefail
cd "$(dirname "$0")/.."

meta=$(mktemp)
trap 'rm -f "$meta"' EXIT
cargo metadata --format-version 1 --locked >"$meta"
python3 - "$meta" <<'PY'
import json, re, subprocess, sys
from pathlib import Path

meta = json.load(open(sys.argv[1]))
failed = False

def report(ok, what):
    global failed
    print(("ok: " if ok else "FAIL: ") + what)
    failed |= not ok

def version(v):
    return tuple(int(x) for x in v.split("."))[:2] if v else None

members = set(meta["workspace_members"])
packages = meta["packages"]
ws = [p for p in packages if p["id"] in members]
declared = {p["name"]: p.get("rust_version") for p in ws}
msrv = version(re.search(r"(?m)^rust-version\s*=\s*\"([0-9.]+)\"", Path("Cargo.toml").read_text()).group(1))
name = ".".join(map(str, msrv))
stray = {n: v for n, v in declared.items() if version(v) != msrv}
report(not stray, f"workspace crates declare rust-version {name}" + (f"; not: {stray}" if stray else ""))

above = sorted(f"{p['name']} {p['version']} needs {p['rust_version']}"
               for p in packages if p["id"] not in members
               and p.get("rust_version") and version(p["rust_version"]) > msrv)
report(not above, f"{len(packages) - len(ws)} locked dependencies need Rust {name} or less"
       + ("".join(f"\n  {a}" for a in above)))

files = subprocess.run(["git", "ls-files", "*.md", "**/*.md", "*.toml", "**/*.toml", "*.json", "**/*.json"],
                       capture_output=True, text=True, check=True).stdout.split()
mentions, wrong = 0, []
for f in files:
    if f.endswith("CHANGELOG.md") or "node_modules" in f or f.endswith("package-lock.json"):
        continue
    text = Path(f).read_text(errors="replace")
    for m in re.finditer(r"(?i)\b(?:Rust|rust-version\s*=\s*\"|rustc)\s*(?:toolchain\s*)?(1\.[0-9]+)", text):
        mentions += 1
        if version(m.group(1)) != msrv:
            line = text.count("\n", 0, m.start()) + 1
            wrong.append(f"{f}:{line}: {m.group(0)}")
report(not wrong, f"{mentions} mentions of a Rust version in the docs say {name}"
       + "".join(f"\n  {w}" for w in wrong))

sources = subprocess.run(["git", "grep", "-l", "incompatible_msrv", "--", "*.rs", "*.toml"],
                         capture_output=True, text=True).stdout.split()
report(not sources, "clippy::incompatible_msrv is not turned off anywhere" + (f": {sources}" if sources else ""))
sys.exit(1 if failed else 0)
PY
