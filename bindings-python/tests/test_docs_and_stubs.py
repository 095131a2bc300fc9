"""Every public name has a docstring, and the type stubs agree with the runtime."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest

import mamori

PUBLIC_CLASSES = [mamori.Scanner, mamori.Stream, mamori.Report, mamori.Finding,
                  mamori.Confidence, mamori.Verdict, mamori.ScanIterator,
                  mamori.MamoriError, mamori.ConfigError, mamori.StreamClosedError]


def test_docstrings_on_every_public_name():
    assert mamori.__doc__ and len(mamori.__doc__) > 100
    missing = []
    for cls in PUBLIC_CLASSES:
        if not (cls.__doc__ or "").strip():
            missing.append(cls.__name__)
        if issubclass(cls, Exception):
            continue
        for name, member in vars(cls).items():
            if name.startswith("_") and name not in ("__enter__", "__exit__"):
                continue
            if name in ("__enter__",):
                continue
            if not (getattr(member, "__doc__", None) or "").strip():
                missing.append(f"{cls.__name__}.{name}")
    assert missing == [], missing


def test_package_files_are_installed():
    pkg = Path(mamori.__file__).parent
    assert (pkg / "py.typed").is_file()
    assert (pkg / "__init__.pyi").is_file()


def test_signatures_are_introspectable():
    sig = inspect.signature(mamori.Scanner)
    assert list(sig.parameters) == [
        "kinds", "keywords", "regexes", "policy", "min_confidence", "context_window",
        "require_context", "reveal_values", "max_findings", "limits", "value_key"]
    assert sig.parameters["limits"].default is None
    assert sig.parameters["min_confidence"].default == "low"
    assert sig.parameters["context_window"].default == 300
    assert sig.parameters["max_findings"].default == 20000
    assert list(inspect.signature(mamori.Scanner.scan_bytes).parameters) == ["self", "data", "name"]
    assert list(inspect.signature(mamori.Scanner.scan_bytes_async).parameters) == [
        "self", "data", "name"]
    assert list(inspect.signature(mamori.Scanner.scan_file_async).parameters) == ["self", "path"]


def mypy_env(tmp_path: Path) -> dict[str, str]:
    """mypy's cache goes to a temporary directory, not into the source tree."""
    return {**os.environ, "MYPY_CACHE_DIR": str(tmp_path / "mypy-cache")}


def test_stubs_match_runtime_with_stubtest(tmp_path):
    """mypy's stubtest compares __init__.pyi with the installed package."""
    pytest.importorskip("mypy")
    proc = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "mamori"],
        capture_output=True, text=True, env=mypy_env(tmp_path), cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_example_script_type_checks(tmp_path):
    """The stubs are usable: mypy --strict accepts a typical script."""
    pytest.importorskip("mypy")
    script = Path(__file__).parent.parent / "examples" / "scan_file_server.py"
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--ignore-missing-imports",
         "--no-incremental", str(script)],
        capture_output=True, text=True, env=mypy_env(tmp_path), cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_module_docstring_example():
    import doctest

    result = doctest.testmod(mamori, verbose=False)
    assert result.attempted > 0 and result.failed == 0
