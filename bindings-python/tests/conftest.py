"""Shared fixtures: paths of the repository and the Rust core's reference tool."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

BINDINGS = Path(__file__).resolve().parent.parent
ROOT = BINDINGS.parent
CORPUS = ROOT / "corpora" / "text"
DOCUMENTS = ROOT / "corpora" / "documents"


def _target_dir() -> Path:
    return Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))


@pytest.fixture(scope="session")
def corpus_files() -> list[Path]:
    files = sorted(CORPUS.glob("*.txt"))
    assert files, f"no corpus files in {CORPUS} (run corpora/generate.py)"
    return files


@pytest.fixture(scope="session")
def core_report() -> Path:
    """Path of the Rust reference tool (bindings-python/examples/core_report.rs).

    test.sh builds it and passes MAMORI_CORE_REPORT; otherwise it is built here with cargo.
    """
    given = os.environ.get("MAMORI_CORE_REPORT")
    if given:
        path = Path(given)
        assert path.is_file(), f"MAMORI_CORE_REPORT={given} does not exist"
        return path
    cargo = shutil.which("cargo")
    if cargo is None:
        pytest.skip("cargo not found: cannot build the Rust reference tool")
    subprocess.run(
        [cargo, "build", "--release", "-q", "-p", "mamori-python",
         "--no-default-features", "--example", "core_report"],
        cwd=ROOT, check=True, env={**os.environ, "CARGO_BUILD_JOBS": os.environ.get("CARGO_BUILD_JOBS", "1")},
    )
    return _target_dir() / "release" / "examples" / "core_report"


def run_core(
    tool: Path, files: list[Path], config: dict | None = None, entry: str = "scan"
) -> dict[str, dict]:
    """The Rust core's JSON report per file name, from the core entry point ``entry``:
    ``scan`` (plain text: ``scan_text``, ``scan_bytes`` without a name, streams),
    ``bytes`` (``scan_bytes(data, name=path.name)``) or ``path`` (``scan_file``)."""
    args = [str(tool), "--entry", entry]
    if config is not None:
        args += ["--config", json.dumps(config)]
    proc = subprocess.run(args + [str(f) for f in files], capture_output=True)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    out = proc.stdout
    reports = {}
    for line in out.decode().splitlines():
        item = json.loads(line)
        reports[Path(item["file"]).name] = item["report"]
    return reports


EXTRA_FINDING_KEYS = ("byte_start", "byte_end")


def as_core_shape(
    report: dict, *, byte_offsets: bool, plain: bool = True, text: str | None = None
) -> dict:
    """Strips what the binding adds to the core's JSON shape, checking it on the way.

    ``plain``: the report comes from a plain-text scan (no location, nothing unscannable).
    ``text``: the ``str`` given to ``scan_text`` (``byte_offsets=False``), to turn the
    character spans of address ``parts`` back into the core's byte spans.
    """
    report = dict(report)
    if plain:
        assert report["unscannable"] == []
    report.pop("name")
    findings = []
    for f in report["findings"]:
        f = dict(f)
        if plain:
            assert f["location"] is None
        if byte_offsets:
            assert (f["start"], f["end"]) == (f["byte_start"], f["byte_end"])
        else:
            if "parts" in f:
                assert text is not None, "character parts need the scanned text"
                f["parts"] = {k: [f["byte_start"] + len(text[f["start"]:s].encode()),
                                  f["byte_start"] + len(text[f["start"]:e].encode())]
                              for k, (s, e) in f["parts"].items()}
            f["start"], f["end"] = f["byte_start"], f["byte_end"]
        for key in EXTRA_FINDING_KEYS:
            del f[key]
        if f["location"] is None:
            del f["location"]  # the core omits a null location
        findings.append(f)
    report["findings"] = findings
    return report
