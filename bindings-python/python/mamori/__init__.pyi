"""Type stubs of the mamori package (the classes are implemented in Rust, mamori._native)."""

import os
from collections.abc import Coroutine, Iterable, Iterator, Mapping
from types import TracebackType
from typing import Any, Final, Literal, TypedDict, final

from typing_extensions import Buffer, NotRequired, Self

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

__version__: Final[str]
KINDS: Final[tuple[str, ...]]
DEFAULT_CONTEXT_WINDOW: Final[int]
MAX_CONTEXT_WINDOW: Final[int]

_LevelName = Literal["low", "medium", "high"]
_SeverityName = Literal["low", "medium", "high"]
_ActionName = Literal["allow", "review", "block"]
_KindName = Literal[
    "my_number",
    "corporate_number",
    "phone",
    "postal_code",
    "credit_card",
    "email",
    "bank_account",
    "passport",
    "residence_card",
    "basic_pension_number",
    "drivers_license",
    "address",
    "person_name",
    "keyword",
    "custom",
]

class _KeywordDict(TypedDict):
    """A keyword with a label shown instead of it and a severity for the policy."""

    text: str
    label: NotRequired[str | None]
    severity: NotRequired[_SeverityName]

class _RegexDict(TypedDict):
    """A custom regular expression reported as kind ``custom`` under ``name``."""

    name: str
    pattern: str
    severity: NotRequired[_SeverityName]
    score: NotRequired[float]

class _ThresholdsDict(TypedDict, total=False):
    """Review and block thresholds, in items."""

    review: int | None
    block: int | None

class _PolicyDict(TypedDict, total=False):
    """The verdict policy; missing fields keep their defaults."""

    block_on_any: list[str]
    review_at_personal: int | None
    block_at_personal: int | None
    review_at_persons: int | None
    block_at_persons: int | None
    per_kind: dict[str, _ThresholdsDict]
    block_on_severity: _SeverityName | None
    count_distinct: bool
    min_confidence: _LevelName
    on_unscannable: _ActionName

class _LimitsDict(TypedDict, total=False):
    """Safety limits of document, mail and archive extraction (the core's ``Limits``);
    missing fields keep their defaults."""

    max_depth: int
    max_total_bytes: int
    max_member_bytes: int
    max_ratio: int
    ratio_floor_bytes: int
    max_members: int
    max_time_ms: int
    spill_threshold: int
    max_unscannable: int
    max_sheet_cells: int

class _ConfidenceDict(TypedDict):
    """A confidence in the JSON shape."""

    score: float
    level: _LevelName

class _AddressPartsDict(TypedDict):
    """``[start, end]`` spans of an address's parts, in the unit of the finding's offsets."""

    prefecture: NotRequired[list[int]]
    municipality: list[int]
    town: NotRequired[list[int]]
    rest: list[int]

class _UnscannableDict(TypedDict):
    """A part of the input that could not be inspected, and why."""

    location: str
    reason: Literal["encrypted", "corrupt", "limit_exceeded", "unsupported_format", "raw_text_only"]
    detail: str

class MamoriError(Exception):
    """Base class of every error mamori raises itself (I/O errors stay ``OSError``)."""

class ConfigError(MamoriError, ValueError):
    """An invalid scanner configuration. Also a ``ValueError``."""

class StreamClosedError(MamoriError, ValueError):
    """``feed()`` or ``finish()`` on a finished or closed stream. Also a ``ValueError``."""

@final
class Confidence:
    """How sure the engine is of a finding: a score and its band."""

    @property
    def score(self) -> float:
        """Confidence score, 0.0 to 1.0."""
    @property
    def level(self) -> _LevelName:
        """Confidence band: ``low`` (score < 0.5), ``medium`` (< 0.8) or ``high``."""
    def to_dict(self) -> _ConfidenceDict:
        """``{"score": ..., "level": ...}``, the JSON shape."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Finding:
    """One detected item; ``repr()`` never shows the raw value."""

    @property
    def kind(self) -> str:
        """Kind name, one of ``KINDS``."""
    @property
    def rule(self) -> str | None:
        """The keyword's label (when one was given) or the custom regex's name; for
        ``person_name`` the form found (``full_name``, ``surname`` or ``reading``); for
        ``phone`` the region (``JP``, ``US``...); for ``credit_card`` the scheme (``visa``,
        ``mir``..., ``unknown``); ``known_sample`` for a published sample My Number."""
    @property
    def severity(self) -> _SeverityName:
        """The harm a leak of this item does."""
    @property
    def confidence(self) -> Confidence:
        """How sure the engine is: ``score`` (0.0 to 1.0) and ``level``."""
    @property
    def start(self) -> int:
        """Start offset: characters for ``scan_text`` reports, bytes otherwise (into the
        extracted text of ``location`` when the item is inside a document)."""
    @property
    def end(self) -> int:
        """End offset (exclusive): characters for ``scan_text`` reports, bytes otherwise."""
    @property
    def byte_start(self) -> int:
        """UTF-8 byte offset of the first byte of the item."""
    @property
    def byte_end(self) -> int:
        """UTF-8 byte offset just past the item."""
    @property
    def line(self) -> int:
        """1-based line of the start."""
    @property
    def column(self) -> int:
        """1-based column of the start, in characters."""
    @property
    def location(self) -> str | None:
        """Where the item is (``a.zip!b/名簿.xlsx#顧客!C12``, ``mail.eml#From``, ``!b/c.csv``
        without a name; the name for plain UTF-8 text given one); None when nothing names a
        plain-text input."""
    @property
    def text(self) -> str | None:
        """The item as written; None unless ``reveal_values=True``."""
    @property
    def value_id(self) -> str | None:
        """The value's keyed identity (16 hex digits); None unless built with ``value_key``."""
    @property
    def masked(self) -> str:
        """The item with its identifying part hidden; safe to log."""
    @property
    def hotwords(self) -> list[str]:
        """Context words near the item that raised its confidence."""
    @property
    def parts(self) -> _AddressPartsDict | None:
        """For an ``address``: ``[start, end]`` spans of ``prefecture`` (when written),
        ``municipality``, ``town`` (when known) and ``rest``, in the unit of ``start``/``end``;
        None for other kinds."""
    def to_dict(self) -> dict[str, Any]:
        """The finding as a dict (the JSON shape of ``Report.to_json``)."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Verdict:
    """The policy's decision and the rules that led to it."""

    @property
    def action(self) -> _ActionName:
        """``allow``, ``review`` or ``block``."""
    @property
    def reasons(self) -> list[str]:
        """Human-readable reasons (empty for allow)."""
    def to_dict(self) -> dict[str, Any]:
        """``{"action": ..., "reasons": [...]}``."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Report:
    """The result of one scan."""

    @property
    def findings(self) -> list[Finding]:
        """Findings in order of their start offset (at most ``max_findings``)."""
    @property
    def findings_truncated(self) -> bool:
        """True when there were more findings than ``max_findings``."""
    @property
    def counts(self) -> dict[str, int]:
        """Occurrences per kind name (custom regexes under their own name)."""
    @property
    def distinct_counts(self) -> dict[str, int]:
        """Distinct normalised values per kind name."""
    @property
    def distinct_saturated(self) -> bool:
        """True when a distinct count hit its memory cap and is a lower bound."""
    @property
    def personal_items(self) -> int:
        """Occurrences of personal kinds."""
    @property
    def distinct_personal_items(self) -> int:
        """Distinct personal values."""
    @property
    def counted_personal_items(self) -> int:
        """Personal items the policy counts (at or above its ``min_confidence``, distinct
        values when it counts distinct ones): the number its personal-items rule compares."""
    @property
    def persons(self) -> int:
        """Estimated number of distinct people the input exposes (person records: table rows,
        forms, signatures; records sharing a name counted once)."""
    @property
    def verdict(self) -> Verdict:
        """What the policy says to do."""
    @property
    def unscannable(self) -> list[_UnscannableDict]:
        """Parts that could not be inspected (encrypted, corrupt, over a limit, unsupported);
        filled by ``scan_file`` and ``scan_bytes`` (``scan_text`` and streams read plain text)."""
    @property
    def stopped(self) -> bool:
        """True when the scan was stopped early (``ScanIterator.close()``)."""
    @property
    def bytes_scanned(self) -> int:
        """Bytes of input scanned (of extracted text for documents)."""
    @property
    def name(self) -> str | None:
        """The ``name`` given to ``scan_bytes`` or the path given to ``scan_file``."""
    def to_dict(self) -> dict[str, Any]:
        """The report as plain dicts and lists (the shape of ``to_json``)."""
    def to_json(self, indent: int | None = None) -> str:
        """The report as a JSON string."""

@final
class Stream:
    """A streaming scan made by ``Scanner.stream()``; a context manager."""

    def feed(self, chunk: Buffer | str) -> list[Finding]:
        """Feeds the next chunk; returns the findings that became final (byte offsets)."""
    def finish(self) -> Report:
        """Ends the input and returns the report of the whole stream."""
    @property
    def report(self) -> Report | None:
        """The report once the stream is finished, else None."""
    @property
    def bytes_fed(self) -> int | None:
        """Bytes fed so far (None once closed without a report)."""
    @property
    def closed(self) -> bool:
        """True once finished or closed."""
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        _exc: BaseException | None = None,
        _tb: TracebackType | None = None,
    ) -> bool: ...

@final
class ScanIterator(Iterator[Finding]):
    """The findings of one scan as it finds them (``Scanner.iter_file``/``iter_bytes``);
    a context manager."""

    def __next__(self) -> Finding: ...
    def close(self) -> None:
        """Stops the scan at its next event and waits for it to end."""
    @property
    def report(self) -> Report | None:
        """The report once the scan has ended (exhausted or closed), else None."""
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        _exc_type: type[BaseException] | None = None,
        _exc: BaseException | None = None,
        _tb: TracebackType | None = None,
    ) -> bool: ...

@final
class Scanner:
    """A compiled detector set: build once, reuse, share between threads."""

    def __new__(
        cls,
        kinds: Iterable[str] | None = None,
        keywords: Iterable[str | _KeywordDict | Mapping[str, Any]] | None = None,
        regexes: Iterable[_RegexDict | Mapping[str, Any] | tuple[str, str]] | None = None,
        policy: _PolicyDict | Mapping[str, Any] | None = None,
        min_confidence: str = "low",
        context_window: int = 300,
        require_context: Iterable[str] | None = None,
        reveal_values: bool = False,
        max_findings: int = 20000,
        limits: _LimitsDict | Mapping[str, int] | None = None,
        value_key: bytes | str | None = None,
    ) -> Self: ...
    @classmethod
    def from_config(
        cls, config: Mapping[str, Any], value_key: bytes | str | None = None
    ) -> Self:
        """Builds a scanner from a dict in the core's configuration shape."""
    def config(self) -> dict[str, Any]:
        """The configuration as a dict (the shape ``from_config`` accepts)."""
    def scan_text(self, text: str) -> Report:
        """Scans a str; offsets are character indices into ``text``."""
    def scan_bytes(self, data: Buffer, name: str | None = None) -> Report:
        """Extracts and scans bytes or any bytes-like object like a file (the core's
        ``scan_bytes``; format detected by content): Japanese encodings, HTML, XML, RTF,
        docx/xlsx/pptx, PDF, e-mail and zip/tar/gzip archives, with ``Finding.location``
        and ``Report.unscannable`` filled in. ``name`` is optional: a format hint, the
        start of every location and ``Report.name``."""
    def scan_bytes_async(
        self, data: Buffer, name: str | None = None
    ) -> Coroutine[Any, Any, Report]:
        """``await``-able ``scan_bytes``, run in the event loop's default executor."""
    def scan_file(self, path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> Report:
        """Scans a file through the core's ``scan_path``: documents, mail and archives are
        extracted (``Finding.location`` says where, ``Report.unscannable`` lists what could
        not be read). Raises ``OSError`` when the file itself cannot be read."""
    def scan_file_async(
        self, path: str | bytes | os.PathLike[str] | os.PathLike[bytes]
    ) -> Coroutine[Any, Any, Report]:
        """``await``-able ``scan_file``, run in the event loop's default executor."""
    def iter_file(
        self, path: str | bytes | os.PathLike[str] | os.PathLike[bytes]
    ) -> ScanIterator:
        """Scans a file like ``scan_file``, yielding findings as they are found."""
    def iter_bytes(self, data: Buffer, name: str | None = None) -> ScanIterator:
        """Scans bytes like ``scan_bytes``, yielding findings as they are found."""
    def stream(self) -> Stream:
        """Starts a streaming scan."""

def parse_keyword_file(data: bytes) -> list[dict[str, Any]]:
    """A keyword file (one keyword per line, optional ``label`` and ``severity`` columns,
    ``#`` comments; UTF-8, UTF-16 with a BOM or Shift_JIS) as dicts
    ``{"text", "label", "severity"}`` for ``Scanner(keywords=...)``."""
