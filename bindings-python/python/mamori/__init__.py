"""mamori (守り): detection of Japanese personal information and confidential keywords.

Finds My Numbers (check digit verified), corporate numbers, phone numbers of the Japanese
numbering plan, postal codes, payment cards, e-mail addresses, bank accounts, passport,
residence-card, pension and driver's-licence numbers, postal addresses (split into
prefecture, municipality, town and the rest) and personal names, plus custom keywords and
regular expressions, in all the ways Japanese text writes them (full-width digits, dash
variants, numbers broken across lines). ``Report.persons`` estimates how many people an
input exposes.

    >>> import mamori
    >>> scanner = mamori.Scanner(keywords=["社外秘"])
    >>> report = scanner.scan_text("マイナンバー：6214-9832-0257")
    >>> report.findings[0].kind, report.findings[0].masked, report.verdict.action
    ('my_number', '****-****-0257', 'block')

Build a :class:`Scanner` once and share it between threads: every scan releases the GIL.
"""

from __future__ import annotations

from ._errors import ConfigError, MamoriError, StreamClosedError
from ._native import (
    DEFAULT_CONTEXT_WINDOW,
    KINDS,
    MAX_CONTEXT_WINDOW,
    Confidence,
    Finding,
    Report,
    ScanIterator,
    Scanner,
    Stream,
    Verdict,
    __version__,
    parse_keyword_file,
)

__all__ = [
    "DEFAULT_CONTEXT_WINDOW",
    "KINDS",
    "MAX_CONTEXT_WINDOW",
    "Confidence",
    "ConfigError",
    "Finding",
    "MamoriError",
    "Report",
    "ScanIterator",
    "Scanner",
    "Stream",
    "StreamClosedError",
    "Verdict",
    "__version__",
    "parse_keyword_file",
]
