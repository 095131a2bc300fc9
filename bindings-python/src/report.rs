//! `Report`, `Finding` and `Verdict` as frozen Python objects, and their JSON form.

use crate::errors::py_repr;
use mamori::{Action, AddressParts, Confidence, Finding, Kind, Severity, Unscannable, Verdict};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString};
use serde::Serialize;
use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

pub(crate) fn severity_str(s: Severity) -> &'static str {
    match s {
        Severity::Low => "low",
        Severity::Medium => "medium",
        Severity::High => "high",
    }
}

pub(crate) fn action_str(a: Action) -> &'static str {
    match a {
        Action::Allow => "allow",
        Action::Review => "review",
        Action::Block => "block",
    }
}

/// The score as the shortest decimal that reads back as the same `f32` (0.9, not
/// 0.8999999761581421), so Python sees the numbers the JSON report shows.
fn score(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(x as f64)
}

/// Number of characters in UTF-8 `bytes`: the bytes that are not continuation bytes
/// (`0b10xx_xxxx`), counted eight at a time.
fn count_chars(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let words = bytes.chunks_exact(8);
    let rest = words.remainder();
    let mut continuation = 0usize;
    for w in words {
        let w = u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
        // Bit 7 set and bit 6 clear: `w << 1` moves each byte's bit 6 into its bit 7.
        continuation += (w & !(w << 1) & HIGH).count_ones() as usize;
    }
    continuation += rest.iter().filter(|&&b| b & 0xC0 == 0x80).count();
    bytes.len() - continuation
}

/// A finding's offsets in the unit of its report: characters for `scan_text` reports of
/// non-ASCII text, else bytes (then `parts` is the finding's own).
#[derive(Clone)]
pub(crate) struct Span {
    start: usize,
    end: usize,
    /// The address parts in the same unit as `start`/`end`.
    parts: Option<Box<AddressParts>>,
}

/// Character (code point) spans of `findings` in `text`, for reports of `scan_text`, whose
/// offsets index the Python `str` like `re` does. Findings come sorted by start, so one
/// pass over the text suffices; the parts of an address lie inside it and are counted from
/// its start.
pub(crate) fn char_spans(text: &str, findings: &[Finding]) -> Vec<Span> {
    let bytes = text.as_bytes();
    let chars = |a: usize, b: usize| count_chars(&bytes[a.min(bytes.len())..b.min(bytes.len())]);
    let (mut at_byte, mut at_char) = (0usize, 0usize);
    findings
        .iter()
        .map(|f| {
            if f.start < at_byte {
                (at_byte, at_char) = (0, 0);
            }
            at_char += chars(at_byte, f.start);
            at_byte = f.start;
            let start = at_char;
            // A byte offset as a character offset (from the finding's start when inside it).
            let to_char =
                |p: usize| if p >= f.start { start + chars(f.start, p) } else { chars(0, p) };
            let span = |[s, e]: [usize; 2]| [to_char(s), to_char(e.max(s))];
            let parts = f.parts.as_ref().map(|p| {
                Box::new(AddressParts {
                    prefecture: p.prefecture.map(span),
                    municipality: span(p.municipality),
                    town: p.town.map(span),
                    rest: span(p.rest),
                })
            });
            Span { start, end: start + chars(f.start, f.end.max(f.start)), parts }
        })
        .collect()
}

/// The parts of an address as a dict ``{"prefecture": [s, e], "municipality": [s, e],
/// "town": [s, e], "rest": [s, e]}``, the optional keys left out when absent (the JSON
/// shape of the core).
fn parts_dict<'py>(py: Python<'py>, p: &AddressParts) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let pair = |[s, e]: [usize; 2]| PyList::new(py, [s, e]);
    if let Some(x) = p.prefecture {
        d.set_item(PyString::intern(py, "prefecture"), pair(x)?)?;
    }
    d.set_item(PyString::intern(py, "municipality"), pair(p.municipality)?)?;
    if let Some(x) = p.town {
        d.set_item(PyString::intern(py, "town"), pair(x)?)?;
    }
    d.set_item(PyString::intern(py, "rest"), pair(p.rest)?)?;
    Ok(d)
}

/// One detected item.
///
/// ``start``/``end`` index the scanned input: characters of the ``str`` for
/// :meth:`Scanner.scan_text` (so ``text[f.start:f.end]`` is the item), bytes otherwise (as
/// with :mod:`re` on ``str`` and ``bytes``). ``byte_start``/``byte_end`` are always UTF-8
/// byte offsets. The raw value is only in ``text``, and only when the scanner was built
/// with ``reveal_values=True``; ``repr()`` never shows it.
#[pyclass(module = "mamori", name = "Finding", frozen)]
pub(crate) struct PyFinding {
    f: Finding,
    start: usize,
    end: usize,
    /// The address parts in characters (`scan_text` of non-ASCII text); else `f.parts`.
    char_parts: Option<Box<AddressParts>>,
}

impl PyFinding {
    pub(crate) fn new(f: Finding, span: Option<Span>) -> Self {
        match span {
            Some(s) => PyFinding { f, start: s.start, end: s.end, char_parts: s.parts },
            None => PyFinding { start: f.start, end: f.end, f, char_parts: None },
        }
    }

    fn parts_ref(&self) -> Option<&AddressParts> {
        self.char_parts.as_deref().or(self.f.parts.as_deref())
    }

    fn json(&self) -> FindingJson<'_> {
        FindingJson::new(&self.f, (self.start, self.end), self.parts_ref())
    }
}

#[pymethods]
impl PyFinding {
    /// Kind name: ``my_number``, ``corporate_number``, ``phone``, ``postal_code``,
    /// ``credit_card``, ``email``, ``bank_account``, ``passport``, ``residence_card``,
    /// ``basic_pension_number``, ``drivers_license``, ``address``, ``person_name``,
    /// ``keyword`` or ``custom``.
    #[getter]
    fn kind<'py>(&self, py: Python<'py>) -> Bound<'py, PyString> {
        PyString::intern(py, self.f.kind.as_str())
    }

    /// The keyword's label (when one was given) or the custom regex's name; for
    /// ``person_name`` the form found (``full_name``, ``surname`` or ``reading``); else None.
    #[getter]
    fn rule(&self) -> Option<&str> {
        self.f.rule.as_deref()
    }

    /// ``low``, ``medium`` or ``high``: the harm a leak of this item does.
    #[getter]
    fn severity<'py>(&self, py: Python<'py>) -> Bound<'py, PyString> {
        PyString::intern(py, severity_str(self.f.severity))
    }

    /// How sure the engine is: a :class:`Confidence` with ``score`` (0.0 to 1.0) and
    /// ``level`` (``low``, ``medium`` or ``high``), as ``{"score", "level"}`` in the JSON.
    #[getter]
    fn confidence(&self) -> PyConfidence {
        PyConfidence { c: self.f.confidence }
    }

    /// Start offset: characters for ``scan_text`` reports, bytes otherwise.
    #[getter]
    fn start(&self) -> usize {
        self.start
    }

    /// End offset (exclusive): characters for ``scan_text`` reports, bytes otherwise.
    #[getter]
    fn end(&self) -> usize {
        self.end
    }

    /// UTF-8 byte offset of the first byte of the item.
    #[getter]
    fn byte_start(&self) -> usize {
        self.f.start
    }

    /// UTF-8 byte offset just past the item.
    #[getter]
    fn byte_end(&self) -> usize {
        self.f.end
    }

    /// 1-based line of the start.
    #[getter]
    fn line(&self) -> u64 {
        self.f.line
    }

    /// 1-based column of the start, in characters.
    #[getter]
    fn column(&self) -> u64 {
        self.f.column
    }

    /// Where the item is: the input's name (when it has one), then ``!`` descends into an
    /// archive member or attachment and ``#`` names a place inside a document
    /// (``a.zip!b/名簿.xlsx#顧客!C12``, ``mail.eml#From``; ``!b/c.csv`` or ``#From`` from
    /// ``scan_bytes`` without a name). For plain UTF-8 text the name itself, or None when
    /// nothing names it (``scan_text``, streams, ``scan_bytes`` without a name).
    /// ``start``/``end`` are relative to the extracted text of that place.
    #[getter]
    fn location(&self) -> Option<&str> {
        self.f.location.as_deref()
    }

    /// The item as written, or None unless the scanner has ``reveal_values=True``.
    #[getter]
    fn text(&self) -> Option<&str> {
        self.f.text.as_deref()
    }

    /// The value's keyed identity (16 hex digits), or None unless the scanner was built
    /// with ``value_key``: the same value, however it is written, has the same id under one
    /// key, so results of separate runs and tools can be joined on it without the values.
    #[getter]
    fn value_id(&self) -> Option<&str> {
        self.f.value_id.as_deref()
    }

    /// The item with its identifying part hidden (``****-****-0257``); safe to log.
    #[getter]
    fn masked(&self) -> &str {
        &self.f.masked
    }

    /// Context words near the item that raised its confidence.
    #[getter]
    fn hotwords(&self) -> Vec<String> {
        self.f.hotwords.clone()
    }

    /// For an ``address``: its parts as ``[start, end]`` spans in the unit of
    /// ``start``/``end`` (characters for ``scan_text``, else bytes), in a dict with
    /// ``municipality`` and ``rest`` and, when written, ``prefecture`` and ``town``
    /// (``text[s:e]`` of ``parts["prefecture"]`` is ``東京都``). None for other kinds.
    #[getter]
    fn parts<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        self.parts_ref().map(|p| parts_dict(py, p)).transpose()
    }

    /// The finding as a dict (the JSON shape of :meth:`Report.to_json`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_loads(py, &serde_json::to_string(&self.json()).unwrap_or_default())
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let rule = match &self.f.rule {
            Some(r) => format!(", rule={}", py_repr(py, r)),
            None => String::new(),
        };
        format!(
            "Finding(kind={}{rule}, masked={}, start={}, end={}, line={}, column={}, confidence={})",
            py_repr(py, self.f.kind.as_str()),
            py_repr(py, &self.f.masked),
            self.start,
            self.end,
            self.f.line,
            self.f.column,
            PyConfidence { c: self.f.confidence }.__repr__(py),
        )
    }

    fn __eq__(&self, other: PyRef<'_, Self>) -> bool {
        self.f == other.f && self.start == other.start && self.end == other.end
    }

    fn __hash__(&self) -> isize {
        let mut h = DefaultHasher::new();
        (self.f.kind, &self.f.rule, self.start, self.end, &self.f.masked).hash(&mut h);
        h.finish() as isize
    }
}

/// How sure the engine is of a finding: ``score`` from 0.0 to 1.0 and its band ``level``:
/// ``low`` (score below 0.5), ``medium`` (below 0.8) or ``high``. Compares equal to another
/// ``Confidence`` with the same score and level.
#[pyclass(module = "mamori", name = "Confidence", frozen)]
pub(crate) struct PyConfidence {
    c: Confidence,
}

#[pymethods]
impl PyConfidence {
    /// Confidence score, 0.0 to 1.0 (the shortest decimal of the core's value: 0.9).
    #[getter]
    fn score(&self) -> f64 {
        score(self.c.score)
    }

    /// Confidence band: ``low`` (score < 0.5), ``medium`` (< 0.8) or ``high``.
    #[getter]
    fn level<'py>(&self, py: Python<'py>) -> Bound<'py, PyString> {
        PyString::intern(py, self.c.level.as_str())
    }

    /// ``{"score": ..., "level": ...}``, the JSON shape.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("score", score(self.c.score))?;
        d.set_item("level", self.c.level.as_str())?;
        Ok(d)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Confidence(score={}, level={})",
            score(self.c.score),
            py_repr(py, self.c.level.as_str())
        )
    }

    fn __eq__(&self, other: PyRef<'_, Self>) -> bool {
        self.c.score.to_bits() == other.c.score.to_bits() && self.c.level == other.c.level
    }

    fn __hash__(&self) -> isize {
        let mut h = DefaultHasher::new();
        (self.c.score.to_bits(), self.c.level).hash(&mut h);
        h.finish() as isize
    }
}

/// The policy's decision: ``action`` is ``allow``, ``review`` or ``block``; ``reasons`` says
/// which rules led to it (empty for allow).
#[pyclass(module = "mamori", name = "Verdict", frozen)]
pub(crate) struct PyVerdict {
    v: Verdict,
}

#[pymethods]
impl PyVerdict {
    /// ``allow``, ``review`` or ``block``.
    #[getter]
    fn action<'py>(&self, py: Python<'py>) -> Bound<'py, PyString> {
        PyString::intern(py, action_str(self.v.action))
    }

    /// Human-readable reasons, e.g. ``"my_number: any occurrence blocks"``.
    #[getter]
    fn reasons(&self) -> Vec<String> {
        self.v.reasons.clone()
    }

    /// The verdict as a dict ``{"action": ..., "reasons": [...]}``.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("action", action_str(self.v.action))?;
        d.set_item("reasons", &self.v.reasons)?;
        Ok(d)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let reasons: Vec<String> = self.v.reasons.iter().map(|r| py_repr(py, r)).collect();
        format!(
            "Verdict(action={}, reasons=[{}])",
            py_repr(py, action_str(self.v.action)),
            reasons.join(", ")
        )
    }

    fn __eq__(&self, other: PyRef<'_, Self>) -> bool {
        self.v == other.v
    }

    fn __hash__(&self) -> isize {
        let mut h = DefaultHasher::new();
        (self.v.action, &self.v.reasons).hash(&mut h);
        h.finish() as isize
    }
}

/// The result of one scan.
///
/// ``findings`` (at most ``max_findings``; ``counts`` include them all), ``counts`` and
/// ``distinct_counts`` per kind name (custom regexes under their own name),
/// ``personal_items``, ``persons`` (people exposed), the policy's ``verdict``,
/// ``unscannable`` parts and ``bytes_scanned``. ``to_dict()``/``to_json()`` give the core's JSON report shape plus
/// ``name``, and per finding ``byte_start``, ``byte_end`` and ``location`` (always present);
/// an address finding's ``parts`` are in the unit of its ``start``/``end``.
#[pyclass(module = "mamori", name = "Report", frozen)]
pub(crate) struct PyReport {
    report: Arc<mamori::Report>,
    /// Character spans per finding, for `scan_text` reports of non-ASCII text.
    char_spans: Option<Vec<Span>>,
    name: Option<String>,
    findings: PyOnceLock<Vec<Py<PyFinding>>>,
}

impl PyReport {
    pub(crate) fn new(
        report: Arc<mamori::Report>,
        char_spans: Option<Vec<Span>>,
        name: Option<String>,
    ) -> Self {
        PyReport { report, char_spans, name, findings: PyOnceLock::new() }
    }

    fn span(&self, i: usize) -> Option<&Span> {
        self.char_spans.as_ref().and_then(|s| s.get(i))
    }

    fn json(&self) -> ReportJson<'_> {
        let r = &*self.report;
        ReportJson {
            name: self.name.as_deref(),
            findings: r
                .findings
                .iter()
                .enumerate()
                .map(|(i, f)| match self.span(i) {
                    Some(s) => FindingJson::new(f, (s.start, s.end), s.parts.as_deref()),
                    None => FindingJson::new(f, (f.start, f.end), f.parts.as_deref()),
                })
                .collect(),
            findings_truncated: r.findings_truncated,
            counts: &r.counts,
            distinct_counts: &r.distinct_counts,
            distinct_saturated: r.distinct_saturated,
            personal_items: r.personal_items,
            distinct_personal_items: r.distinct_personal_items,
            counted_personal_items: r.counted_personal_items,
            persons: r.persons,
            bytes_scanned: r.bytes_scanned,
            verdict: &r.verdict,
            unscannable: &r.unscannable,
            stopped: r.stopped,
        }
    }
}

#[pymethods]
impl PyReport {
    /// Findings in order of their start offset (a new list on every access, of the same
    /// :class:`Finding` objects).
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items = self.findings.get_or_try_init(py, || {
            self.report
                .findings
                .iter()
                .enumerate()
                .map(|(i, f)| Py::new(py, PyFinding::new(f.clone(), self.span(i).cloned())))
                .collect::<PyResult<Vec<_>>>()
        })?;
        PyList::new(py, items.iter().map(|f| f.bind(py)))
    }

    /// True when there were more findings than ``max_findings``; counts include them all.
    #[getter]
    fn findings_truncated(&self) -> bool {
        self.report.findings_truncated
    }

    /// Occurrences per kind name (custom regexes under their own name).
    #[getter]
    fn counts(&self) -> BTreeMap<String, u64> {
        self.report.counts.clone()
    }

    /// Distinct normalised values per kind name (a signature repeated in every mail of a
    /// thread counts once).
    #[getter]
    fn distinct_counts(&self) -> BTreeMap<String, u64> {
        self.report.distinct_counts.clone()
    }

    /// True when a distinct count hit its memory cap and is a lower bound.
    #[getter]
    fn distinct_saturated(&self) -> bool {
        self.report.distinct_saturated
    }

    /// Occurrences of personal kinds (all but corporate numbers, keywords and regexes).
    #[getter]
    fn personal_items(&self) -> u64 {
        self.report.personal_items
    }

    /// Distinct personal values.
    #[getter]
    fn distinct_personal_items(&self) -> u64 {
        self.report.distinct_personal_items
    }

    /// Personal items the policy counts (findings at or above its ``min_confidence``,
    /// distinct values when it counts distinct ones): the number its personal-items rule
    /// compares, the one to show next to the verdict.
    #[getter]
    fn counted_personal_items(&self) -> u64 {
        self.report.counted_personal_items
    }

    /// Estimated number of distinct people the input exposes: findings grouped into person
    /// records (a table row, a form, a signature), records sharing a name counted once.
    #[getter]
    fn persons(&self) -> u64 {
        self.report.persons
    }

    /// What the policy says to do: a :class:`Verdict` (``action`` and ``reasons``).
    #[getter]
    fn verdict(&self) -> PyVerdict {
        PyVerdict { v: self.report.verdict.clone() }
    }

    /// Parts that could not be inspected, as dicts ``{"location", "reason", "detail"}``
    /// (reason ``encrypted``, ``corrupt``, ``limit_exceeded``, ``unsupported_format`` or ``raw_text_only``;
    /// ``location`` in the notation of ``Finding.location``). ``scan_file``, ``scan_bytes``
    /// and the iterators extract documents and can fill it; ``scan_text`` and streams read
    /// plain text and leave it empty.
    #[getter]
    fn unscannable<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_loads(
            py,
            &serde_json::to_string(&self.report.unscannable).unwrap_or_else(|_| "[]".into()),
        )
    }

    /// True when the scan was stopped before the end of the input (``close()`` on the
    /// iterator of :meth:`Scanner.iter_file` / :meth:`Scanner.iter_bytes`); the report then
    /// covers what was read until then.
    #[getter]
    fn stopped(&self) -> bool {
        self.report.stopped
    }

    /// Bytes of input scanned (for extracted documents: bytes of extracted text).
    #[getter]
    fn bytes_scanned(&self) -> u64 {
        self.report.bytes_scanned
    }

    /// The ``name`` given to ``scan_bytes``, or the path given to ``scan_file``; else None.
    #[getter]
    fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The report as plain dicts and lists (the shape of :meth:`to_json`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_loads(py, &self.to_json(py, None)?)
    }

    /// The report as a JSON string: the core's report shape (as the CLI prints it) plus
    /// ``name`` and per finding ``byte_start``, ``byte_end`` and ``location`` (null when
    /// not in a document).
    /// Raw values appear only with ``reveal_values=True``.
    #[pyo3(signature = (indent=None))]
    fn to_json(&self, py: Python<'_>, indent: Option<usize>) -> PyResult<String> {
        let json = self.json();
        let out = py.detach(|| match indent {
            None => serde_json::to_string(&json),
            Some(n) => {
                let pad = vec![b' '; n];
                let fmt = serde_json::ser::PrettyFormatter::with_indent(&pad);
                let mut buf = Vec::new();
                let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
                json.serialize(&mut ser).map(|_| String::from_utf8(buf).unwrap_or_default())
            }
        });
        out.map_err(|e| crate::errors::MamoriError::new_err(e.to_string()))
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let counts: Vec<String> =
            self.report.counts.iter().map(|(k, v)| format!("{}: {v}", py_repr(py, k))).collect();
        format!(
            "Report(verdict={}, findings={}, counts={{{}}}, bytes_scanned={})",
            py_repr(py, action_str(self.report.verdict.action)),
            self.report.findings.len(),
            counts.join(", "),
            self.report.bytes_scanned
        )
    }
}

fn json_loads<'py>(py: Python<'py>, s: &str) -> PyResult<Bound<'py, PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    LOADS.import(py, "json", "loads")?.call1((s,))
}

#[derive(Serialize)]
struct FindingJson<'a> {
    kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule: Option<&'a str>,
    severity: Severity,
    confidence: Confidence,
    start: usize,
    end: usize,
    byte_start: usize,
    byte_end: usize,
    line: u64,
    column: u64,
    location: Option<&'a str>,
    masked: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    hotwords: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    parts: Option<&'a AddressParts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_id: Option<&'a str>,
}

impl<'a> FindingJson<'a> {
    fn new(f: &'a Finding, (start, end): (usize, usize), parts: Option<&'a AddressParts>) -> Self {
        FindingJson {
            kind: f.kind,
            rule: f.rule.as_deref(),
            severity: f.severity,
            confidence: f.confidence,
            start,
            end,
            byte_start: f.start,
            byte_end: f.end,
            line: f.line,
            column: f.column,
            location: f.location.as_deref(),
            masked: &f.masked,
            text: f.text.as_deref(),
            hotwords: &f.hotwords,
            parts,
            value_id: f.value_id.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct ReportJson<'a> {
    name: Option<&'a str>,
    findings: Vec<FindingJson<'a>>,
    findings_truncated: bool,
    counts: &'a BTreeMap<String, u64>,
    distinct_counts: &'a BTreeMap<String, u64>,
    distinct_saturated: bool,
    personal_items: u64,
    distinct_personal_items: u64,
    counted_personal_items: u64,
    persons: u64,
    bytes_scanned: u64,
    unscannable: &'a [Unscannable],
    stopped: bool,
    verdict: &'a Verdict,
}
