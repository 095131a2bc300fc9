//! Reports and findings as JSON text for `JSON.parse` on the JavaScript side.
//!
//! The shape is the core's `Report` and `Finding` with camelCase field names (`bytesScanned`,
//! `findingsTruncated`; names used as values, such as kinds, stay as they are) plus, as in
//! the Python binding, `name` on the report and `byteStart`, `byteEnd` and `location` (null
//! outside documents) on every finding, and `parts` on an address finding. For
//! `scanText` reports `start`/`end` (and the spans of an address's `parts`) are UTF-16
//! indices into the JavaScript string (`text.slice(f.start, f.end)` is the item); everywhere
//! else they equal the byte offsets.
//!
//! JSON text plus one `JSON.parse` is faster than building the objects through Node-API
//! calls (one call per property), and findings go as arrays (see [`FindingRow`]).

use mamori::{AddressParts, Finding, Kind, Level, Report, Severity, Unscannable, Verdict};
use serde::Serialize;
use std::collections::BTreeMap;

/// A finding as a JSON array, turned into an object by `index.js` (`toFinding`). Parsing
/// arrays and building the objects in JavaScript is about 3 times faster than parsing
/// objects (no key strings to read), and parsing objects is faster than creating them
/// through Node-API; this matters for inputs dense with findings (numbers in the README).
///
/// Order: kind, rule, severity, score, level, start, end, byteStart, byteEnd, line,
/// column, location, masked, text, hotwords, parts (null but for addresses).
#[derive(Serialize)]
struct FindingRow<'a>(
    Kind,
    Option<&'a str>,
    Severity,
    f32,
    Level,
    usize,
    usize,
    usize,
    usize,
    u64,
    u64,
    Option<&'a str>,
    &'a str,
    Option<&'a str>,
    &'a [String],
    Option<&'a AddressParts>,
);

impl<'a> FindingRow<'a> {
    fn new(f: &'a Finding, span: Option<&'a Span>) -> Self {
        let (start, end, parts) = match span {
            Some(s) => (s.start, s.end, s.parts.as_ref()),
            None => (f.start, f.end, f.parts.as_deref()),
        };
        FindingRow(
            f.kind,
            f.rule.as_deref(),
            f.severity,
            f.confidence.score,
            f.confidence.level,
            start,
            end,
            f.start,
            f.end,
            f.line,
            f.column,
            f.location.as_deref(),
            &f.masked,
            f.text.as_deref(),
            &f.hotwords,
            parts,
        )
    }
}

/// The report's fields in camelCase, as JavaScript objects name them.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportJson<'a> {
    name: Option<&'a str>,
    findings: Vec<FindingRow<'a>>,
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

/// UTF-16 code units in UTF-8 `bytes`: one per character, two for characters outside the
/// Basic Multilingual Plane (4-byte sequences).
fn utf16_len(bytes: &[u8]) -> usize {
    bytes.iter().map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0)).sum()
}

/// A finding's span in UTF-16 code units, and its address parts in the same unit.
pub(crate) struct Span {
    start: usize,
    end: usize,
    parts: Option<AddressParts>,
}

/// UTF-16 spans of `findings` in `text` (None when the text is ASCII: the same numbers).
///
/// Findings come in order of their start offset, so one pass over the text converts them
/// all; an out-of-order finding (not produced today) restarts the count from the beginning.
/// The parts of an address lie inside it and are counted from its start.
pub(crate) fn utf16_spans(text: &str, findings: &[Finding]) -> Option<Vec<Span>> {
    if text.is_ascii() {
        return None;
    }
    let bytes = text.as_bytes();
    let clamp = |i: usize| i.min(bytes.len());
    let (mut at_byte, mut at_unit) = (0usize, 0usize);
    let spans = findings
        .iter()
        .map(|f| {
            let (start, end) = (clamp(f.start), clamp(f.end.max(f.start)));
            if start < at_byte {
                (at_byte, at_unit) = (0, 0);
            }
            at_unit += utf16_len(&bytes[at_byte..start]);
            at_byte = start;
            let unit = at_unit;
            // A byte offset as a UTF-16 index (counted from the finding's start inside it).
            let to_unit = |p: usize| {
                let p = clamp(p);
                if p >= start {
                    unit + utf16_len(&bytes[start..p])
                } else {
                    utf16_len(&bytes[..p])
                }
            };
            let span = |[s, e]: [usize; 2]| [to_unit(s), to_unit(e.max(s))];
            let parts = f.parts.as_ref().map(|p| AddressParts {
                prefecture: p.prefecture.map(span),
                municipality: span(p.municipality),
                town: p.town.map(span),
                rest: span(p.rest),
            });
            Span { start: unit, end: unit + utf16_len(&bytes[start..end]), parts }
        })
        .collect();
    Some(spans)
}

/// The report as JSON, with UTF-16 spans when given (one per finding).
pub(crate) fn report_json(r: &Report, name: Option<&str>, spans: Option<&[Span]>) -> String {
    // Serialising plain data (strings, numbers, maps with string keys) cannot fail.
    serde_json::to_string(&report_view(r, name, spans)).unwrap_or_else(|_| "null".to_string())
}

/// The report in its JSON shape.
fn report_view<'a>(
    r: &'a Report,
    name: Option<&'a str>,
    spans: Option<&'a [Span]>,
) -> ReportJson<'a> {
    ReportJson {
        name,
        findings: r
            .findings
            .iter()
            .enumerate()
            .map(|(i, f)| FindingRow::new(f, spans.and_then(|s| s.get(i))))
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
        unscannable: &r.unscannable,
        stopped: r.stopped,
        verdict: &r.verdict,
    }
}

/// Findings of a stream feed as a JSON array of rows (byte offsets).
pub(crate) fn findings_json(findings: &[Finding]) -> String {
    let list: Vec<_> = findings.iter().map(|f| FindingRow::new(f, None)).collect();
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".to_string())
}

/// One finding as a JSON row (byte offsets), for events delivered as they are found.
pub(crate) fn finding_json(f: &Finding) -> String {
    serde_json::to_string(&FindingRow::new(f, None)).unwrap_or_else(|_| "null".to_string())
}
