//! Reading a scan result into an [`Inventory`]: the JSON document of `mamori scan --format
//! json` (with or without `--summary`), the lines of `--format jsonl` (findings,
//! unscannable parts, `truncated` and `file` records), or the Parquet result of
//! `mamori.spark`.
//!
//! Only masked values are kept: a raw `text` field, present when the scan was run with
//! `--show-values`, is never read.

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::path::Path;

/// Masked examples kept per file (the table shows them so a reader sees what was found).
pub const EXAMPLES_PER_FILE: usize = 3;

/// What the report knows about one scanned file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FileEntry {
    pub path: String,
    /// The policy's action (`block`, `review`, `allow`), when the input holds it.
    pub verdict: Option<String>,
    pub reasons: Vec<String>,
    /// Estimated distinct people exposed, when the input holds it.
    pub persons: Option<u64>,
    /// Personal items: the policy's counted personal items when the input holds them,
    /// otherwise the findings of personal kinds.
    pub personal: u64,
    pub findings: u64,
    /// Occurrences per kind (or custom rule name).
    pub counts: BTreeMap<String, u64>,
    /// Up to [`EXAMPLES_PER_FILE`] masked values.
    pub examples: Vec<String>,
    /// Parts of the file that could not be inspected.
    pub unscannable: u64,
}

/// A part that could not be inspected, or a file that could not be opened.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Unreadable {
    pub path: String,
    pub location: String,
    pub reason: String,
    pub detail: String,
    /// How many parts the entry stands for.
    pub count: u64,
}

/// A whole scan result, whatever format it came in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inventory {
    pub files: Vec<FileEntry>,
    pub unreadable: Vec<Unreadable>,
    /// The input's format, for the page (`json`, `jsonl`, `parquet`).
    pub format: &'static str,
    /// True when every file's verdict and persons came with the input (JSON document or
    /// `file` records); false when they were derived from findings alone.
    pub has_verdicts: bool,
    /// Files the scan read, when the input says (a JSON document's totals); the document
    /// lists only files with findings or unscannable parts.
    pub files_scanned: Option<u64>,
}

/// Reads a scan result file, choosing the reader by content: Parquet's `PAR1` magic, a
/// JSON document starting with `{` and holding `"files"`, or JSON lines.
pub fn read_inventory(path: &Path) -> Result<Inventory> {
    let mut head = [0u8; 4];
    {
        let mut f =
            std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        let n = f.read(&mut head)?;
        if n == 4 && &head == b"PAR1" {
            return super::parquet::read_parquet(path);
        }
    }
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    read_json_or_lines(std::io::BufReader::new(file))
        .with_context(|| format!("cannot read {}", path.display()))
}

/// Reads the JSON document or the JSON lines of `mamori scan` from `input`.
pub fn read_json_or_lines(mut input: impl BufRead) -> Result<Inventory> {
    let mut first = String::new();
    // The document form is pretty-printed: its first line is a lone `{`.
    input.read_line(&mut first)?;
    if first.trim() == "{" {
        let mut rest = first;
        input.read_to_string(&mut rest)?;
        let doc: Document = serde_json::from_str(&rest).context("not a mamori JSON document")?;
        return Ok(from_document(doc));
    }
    // A document on one line (written by another tool, or `jq -c`).
    if let Ok(doc) = serde_json::from_str::<Document>(&first) {
        return Ok(from_document(doc));
    }
    let mut lines = Rows::default();
    if !first.trim().is_empty() {
        lines.add_line(&first, 1)?;
    }
    for (i, line) in input.lines().enumerate() {
        let line = line?;
        if !line.trim().is_empty() {
            lines.add_line(&line, i + 2)?;
        }
    }
    Ok(lines.finish("jsonl"))
}

#[derive(Deserialize)]
struct Document {
    files: Vec<FileRecord>,
    #[serde(default)]
    errors: Vec<ErrorRecord>,
    #[serde(default)]
    totals: Option<DocumentTotals>,
}

#[derive(Deserialize)]
struct DocumentTotals {
    files_scanned: u64,
}

#[derive(Deserialize)]
struct ErrorRecord {
    path: String,
    error: String,
}

#[derive(Deserialize, Default)]
struct Verdict {
    action: String,
    #[serde(default)]
    reasons: Vec<String>,
}

/// A file as `--format json` and the `file` records of `--format jsonl --summary` write it.
#[derive(Deserialize)]
struct FileRecord {
    path: String,
    #[serde(default)]
    verdict: Option<Verdict>,
    #[serde(default)]
    persons: Option<u64>,
    #[serde(default)]
    counted_personal_items: Option<u64>,
    #[serde(default)]
    personal_items: Option<u64>,
    #[serde(default)]
    finding_count: u64,
    #[serde(default)]
    counts: BTreeMap<String, u64>,
    #[serde(default)]
    findings: Vec<FindingRecord>,
    #[serde(default)]
    unscannable: Vec<UnscannableRecord>,
}

/// The field of a document's finding the report uses (its counts come with the file);
/// `text` is deliberately absent.
#[derive(Deserialize)]
struct FindingRecord {
    #[serde(default)]
    masked: String,
}

/// A part not inspected, as a document's file lists it.
#[derive(Deserialize)]
struct UnscannableRecord {
    #[serde(default)]
    location: String,
    reason: String,
    #[serde(default)]
    detail: String,
    #[serde(default = "one")]
    count: u64,
}

fn one() -> u64 {
    1
}

/// The fields of any `--format jsonl` line the report uses, read in one pass; `text` is
/// deliberately absent.
#[derive(Deserialize)]
struct LineRecord {
    #[serde(rename = "type")]
    record_type: String,
    #[serde(default)]
    path: String,
    kind: Option<String>,
    masked: Option<String>,
    location: Option<String>,
    reason: Option<String>,
    detail: Option<String>,
    count: Option<u64>,
    findings_left_out: Option<u64>,
}

/// True for kinds that identify or reach a person; custom rule names are not personal.
pub fn is_personal_kind(kind: &str) -> bool {
    kind.parse::<mamori::Kind>().is_ok_and(|k| k.is_personal())
}

fn push_example(examples: &mut Vec<String>, masked: &str) {
    if examples.len() < EXAMPLES_PER_FILE && !masked.is_empty() {
        examples.push(masked.to_string());
    }
}

fn unreadable_of(path: &str, u: UnscannableRecord) -> Unreadable {
    Unreadable {
        path: path.to_string(),
        location: u.location,
        reason: u.reason,
        detail: u.detail,
        count: u.count,
    }
}

impl FileRecord {
    /// The entry, and the file's unscannable parts.
    fn into_entry(self) -> (FileEntry, Vec<Unreadable>) {
        let mut examples = Vec::new();
        for f in &self.findings {
            push_example(&mut examples, &f.masked);
        }
        let derived: u64 =
            self.counts.iter().filter(|(k, _)| is_personal_kind(k)).map(|(_, n)| n).sum();
        let unreadable: Vec<Unreadable> =
            self.unscannable.into_iter().map(|u| unreadable_of(&self.path, u)).collect();
        let (verdict, reasons) = match self.verdict {
            Some(v) => (Some(v.action), v.reasons),
            None => (None, Vec::new()),
        };
        let entry = FileEntry {
            verdict,
            reasons,
            persons: self.persons,
            personal: self.counted_personal_items.or(self.personal_items).unwrap_or(derived),
            findings: self.finding_count,
            counts: self.counts,
            examples,
            unscannable: unreadable.iter().map(|u| u.count).sum(),
            path: self.path,
        };
        (entry, unreadable)
    }
}

fn from_document(doc: Document) -> Inventory {
    let mut inv = Inventory {
        format: "json",
        has_verdicts: true,
        files_scanned: doc.totals.map(|t| t.files_scanned),
        ..Inventory::default()
    };
    for f in doc.files {
        let (entry, parts) = f.into_entry();
        inv.has_verdicts &= entry.verdict.is_some() && entry.persons.is_some();
        inv.files.push(entry);
        inv.unreadable.extend(parts);
    }
    for e in doc.errors {
        inv.unreadable.push(Unreadable {
            location: e.path.clone(),
            path: e.path,
            reason: "error".into(),
            detail: e.error,
            count: 1,
        });
    }
    inv
}

/// One row of a tabular result (the Parquet of `mamori.spark`): the columns the report uses.
#[cfg_attr(not(feature = "parquet"), allow(dead_code))]
#[derive(Clone, Debug, Default)]
pub struct Row {
    pub path: String,
    pub location: String,
    pub record_type: String,
    pub kind: String,
    pub masked: String,
    pub reason: String,
    pub detail: String,
}

/// Collects records per file, in the order files first appear.
#[derive(Default)]
pub struct Rows {
    order: Vec<String>,
    derived: BTreeMap<String, FileEntry>,
    /// Files that came with a `file` record holding a verdict (it wins over derived counts).
    recorded: BTreeMap<String, FileEntry>,
    unreadable: Vec<Unreadable>,
}

impl Rows {
    fn entry(&mut self, path: &str) -> &mut FileEntry {
        if !self.derived.contains_key(path) {
            self.order.push(path.to_string());
        }
        self.derived
            .entry(path.to_string())
            .or_insert_with(|| FileEntry { path: path.to_string(), ..FileEntry::default() })
    }

    fn finding(&mut self, path: &str, kind: &str, masked: &str) {
        let e = self.entry(path);
        e.findings += 1;
        *e.counts.entry(kind.to_string()).or_default() += 1;
        if is_personal_kind(kind) {
            e.personal += 1;
        }
        push_example(&mut e.examples, masked);
    }

    fn unscannable(&mut self, part: Unreadable) {
        self.entry(&part.path).unscannable += part.count;
        self.unreadable.push(part);
    }

    /// Adds one row of a tabular result.
    #[cfg_attr(not(feature = "parquet"), allow(dead_code))]
    pub fn add(&mut self, row: Row) -> Result<()> {
        match row.record_type.as_str() {
            "finding" => self.finding(&row.path, &row.kind, &row.masked),
            "unscannable" => self.unscannable(Unreadable {
                location: row.location,
                reason: row.reason,
                detail: row.detail,
                count: 1,
                path: row.path,
            }),
            // An inventory row: the file was listed, whatever it held.
            "file" | "unchanged" => {
                self.entry(&row.path);
            }
            other => bail!("unknown row type {other:?}"),
        }
        Ok(())
    }

    /// Adds one line of `--format jsonl`.
    fn add_line(&mut self, line: &str, number: usize) -> Result<()> {
        let bad = |what: &str| format!("line {number}: not a {what} record");
        let record: LineRecord = serde_json::from_str(line).with_context(|| bad("mamori"))?;
        match record.record_type.as_str() {
            "finding" => {
                let kind = record.kind.with_context(|| bad("finding"))?;
                self.finding(&record.path, &kind, record.masked.as_deref().unwrap_or(""));
            }
            "unscannable" => self.unscannable(Unreadable {
                location: record.location.unwrap_or_default(),
                reason: record.reason.with_context(|| bad("unscannable"))?,
                detail: record.detail.unwrap_or_default(),
                count: record.count.unwrap_or(1),
                path: record.path,
            }),
            "truncated" => {
                let left_out = record.findings_left_out.with_context(|| bad("truncated"))?;
                self.entry(&record.path).findings += left_out;
            }
            "file" => {
                // Rare (one per file, with `--summary`): read again in full.
                let f: FileRecord = serde_json::from_str(line).with_context(|| bad("file"))?;
                self.entry(&f.path);
                let (entry, parts) = f.into_entry();
                // A summary's file record carries its unscannable parts itself.
                self.unreadable.extend(parts);
                self.recorded.insert(entry.path.clone(), entry);
            }
            other => bail!("line {number}: unknown record type {other:?}"),
        }
        Ok(())
    }

    /// The inventory of everything added; `format` names the input's format.
    pub fn finish(mut self, format: &'static str) -> Inventory {
        let mut inv = Inventory { format, has_verdicts: true, ..Inventory::default() };
        for path in self.order {
            let derived = self.derived.remove(&path).unwrap_or_default();
            let entry = match self.recorded.remove(&path) {
                Some(mut rec) => {
                    if rec.examples.is_empty() {
                        rec.examples = derived.examples;
                    }
                    rec.unscannable = rec.unscannable.max(derived.unscannable);
                    rec
                }
                None => derived,
            };
            inv.has_verdicts &= entry.verdict.is_some() && entry.persons.is_some();
            inv.files.push(entry);
        }
        inv.has_verdicts &= !inv.files.is_empty();
        inv.unreadable = self.unreadable;
        inv
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Inventory {
        read_json_or_lines(text.as_bytes()).unwrap()
    }

    #[test]
    fn findings_lines_are_counted_per_file() {
        let inv = lines(concat!(
            r#"{"type":"finding","path":"d/a.txt","kind":"phone","masked":"090-****-5678","text":"090-1234-5678"}"#,
            "\n",
            r#"{"type":"finding","path":"d/a.txt","kind":"my_number","masked":"********1234"}"#,
            "\n",
            r#"{"type":"finding","path":"d/a.txt","kind":"keyword","masked":"社外秘"}"#,
            "\n",
            r#"{"type":"truncated","path":"d/a.txt","findings_shown":3,"findings_left_out":5}"#,
            "\n\n",
            r#"{"type":"unscannable","path":"d/b.zip","location":"b.zip!x","reason":"encrypted","detail":"password","count":3}"#,
            "\n",
        ));
        assert_eq!(inv.format, "jsonl");
        assert!(!inv.has_verdicts);
        assert_eq!(inv.files.len(), 2);
        let a = &inv.files[0];
        assert_eq!(a.path, "d/a.txt");
        assert_eq!(a.findings, 8, "3 listed and 5 left out");
        assert_eq!(a.personal, 2, "phone and my_number; a keyword is not personal");
        assert_eq!(a.verdict, None);
        assert_eq!(a.persons, None);
        assert_eq!(a.examples, ["090-****-5678", "********1234", "社外秘"]);
        let b = &inv.files[1];
        assert_eq!((b.findings, b.unscannable), (0, 3));
        assert_eq!(inv.unreadable.len(), 1);
        assert_eq!(inv.unreadable[0].reason, "encrypted");
        assert_eq!(inv.unreadable[0].count, 3);
    }

    #[test]
    fn file_records_bring_verdicts_and_counted_items() {
        let inv = lines(concat!(
            r#"{"type":"file","path":"a.csv","verdict":{"action":"block","reasons":["my_number: any occurrence blocks"]},"finding_count":12,"persons":4,"counted_personal_items":9,"personal_items":11,"counts":{"my_number":1,"phone":10,"keyword":1},"unscannable":[]}"#,
            "\n",
        ));
        assert!(inv.has_verdicts);
        let a = &inv.files[0];
        assert_eq!(a.verdict.as_deref(), Some("block"));
        assert_eq!(a.persons, Some(4));
        assert_eq!(a.personal, 9, "the policy's counted items win");
        assert_eq!(a.findings, 12);
    }

    #[test]
    fn a_document_is_read_whole() {
        let inv = lines(
            r#"{
  "files": [
    {"path": "x/a.pdf", "verdict": {"action": "review", "reasons": ["unscannable parts: 1"]},
     "finding_count": 2, "persons": 1, "personal_items": 2,
     "counts": {"email": 2},
     "findings": [{"type":"finding","path":"x/a.pdf","kind":"email","masked":"t***@example.jp","text":"taro@example.jp"}],
     "unscannable": [{"location": "x/a.pdf#p=3", "reason": "corrupt", "detail": "bad xref", "count": 1}]}
  ],
  "errors": [{"path": "x/locked.doc", "error": "permission denied"}]
}"#,
        );
        assert_eq!(inv.format, "json");
        let a = &inv.files[0];
        assert_eq!((a.personal, a.unscannable), (2, 1));
        assert_eq!(a.examples, ["t***@example.jp"]);
        let reasons: Vec<&str> = inv.unreadable.iter().map(|u| u.reason.as_str()).collect();
        assert_eq!(reasons, ["corrupt", "error"]);
    }

    #[test]
    fn bad_lines_are_errors_with_their_number() {
        let err = read_json_or_lines(
            &b"{\"type\":\"finding\",\"path\":\"a\",\"kind\":\"phone\"}\nnot json\n"[..],
        )
        .unwrap_err();
        assert!(format!("{err:#}").contains("line 2"), "{err:#}");
        let err = read_json_or_lines(&b"{\"type\":\"mystery\"}\n"[..]).unwrap_err();
        assert!(format!("{err:#}").contains("unknown record type"), "{err:#}");
    }
}
