//! `--format json`: one document for the whole scan, files sorted by path, each with its
//! findings and the parts that could not be inspected.

use super::jsonl::FindingRecord;
use super::{End, ErrorRecord, File, NotInspected, Totals, Writer};
use crate::walk::path_order;
use mamori::Verdict;
use serde::Serialize;
use std::collections::BTreeMap;

/// One file as written by `json` and `--summary`.
#[derive(Serialize)]
pub struct FileRecord<'a> {
    path: &'a str,
    location: &'a str,
    verdict: &'a Verdict,
    finding_count: u64,
    /// Estimated distinct people exposed (person records).
    persons: u64,
    /// The personal items the policy counts: the number its `personal items: N >= M`
    /// reason compares, and the summary's PERSONAL column.
    counted_personal_items: u64,
    /// Every occurrence of a personal kind, whatever its confidence.
    personal_items: u64,
    distinct_personal_items: u64,
    counts: &'a BTreeMap<String, u64>,
    distinct_counts: &'a BTreeMap<String, u64>,
    bytes: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    findings: Option<Vec<FindingRecord<'a>>>,
    /// Parts that could not be inspected: how many, and the list (summarised per reason).
    unscannable_count: u64,
    unscannable: &'a [NotInspected],
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    findings_truncated: bool,
}

impl<'a> FileRecord<'a> {
    pub fn new(file: &'a File, with_findings: bool) -> FileRecord<'a> {
        let r = &file.result;
        FileRecord {
            path: &r.path,
            location: &r.location,
            verdict: &r.report.verdict,
            finding_count: r.finding_count(),
            persons: r.report.persons,
            counted_personal_items: r.report.counted_personal_items,
            personal_items: r.report.personal_items,
            distinct_personal_items: r.report.distinct_personal_items,
            counts: &r.report.counts,
            distinct_counts: &r.report.distinct_counts,
            bytes: r.report.bytes_scanned,
            error: r.error.as_deref(),
            findings: with_findings
                .then(|| r.report.findings.iter().map(|f| FindingRecord::new(r, f)).collect()),
            findings_truncated: with_findings && r.report.findings_truncated,
            unscannable_count: file.unscannable_count,
            unscannable: &file.unscannable,
        }
    }
}

/// The `json` document.
#[derive(Serialize)]
struct JsonReport<'a> {
    tool: &'static str,
    version: &'static str,
    roots: &'a [String],
    files: Vec<FileRecord<'a>>,
    errors: &'a [ErrorRecord],
    totals: &'a Totals,
}

/// The document for `files` (in the order given), with or without their findings.
pub fn document(roots: &[String], files: &[File], with_findings: bool, end: &End<'_>) -> String {
    let doc = JsonReport {
        tool: "mamori",
        version: env!("CARGO_PKG_VERSION"),
        roots,
        files: files.iter().map(|r| FileRecord::new(r, with_findings)).collect(),
        errors: end.errors,
        totals: end.totals,
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// Keeps the listed files and writes the document at the end.
pub struct Json {
    roots: Vec<String>,
    files: Vec<File>,
}

impl Json {
    pub fn new(roots: &[String]) -> Json {
        Json { roots: roots.to_vec(), files: Vec::new() }
    }
}

impl Writer for Json {
    fn end_file(&mut self, file: File, _out: &mut String) {
        if file.is_listed() {
            self.files.push(file);
        }
    }

    fn finish(&mut self, end: &End<'_>, out: &mut String) {
        self.files.sort_by(|a, b| path_order(&a.result.path, &b.result.path));
        out.push_str(&document(&self.roots, &self.files, true, end));
    }
}
