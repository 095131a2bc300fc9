//! `--format jsonl`: one JSON object per line, for each finding (`"type":"finding"`) and
//! each part that could not be inspected (`"type":"unscannable"`), and for a file whose
//! findings were capped by `--max-findings`, one `"type":"truncated"` record saying how many
//! were left out.

use super::{End, File, NotInspected, Writer};
use crate::scan::FileResult;
use mamori::Finding;
use serde::Serialize;

/// One finding as written by `jsonl`, `json` (inside its file) and every binding.
#[derive(Serialize)]
pub struct FindingRecord<'a> {
    #[serde(rename = "type")]
    pub record_type: &'static str,
    pub path: &'a str,
    /// Only when the finding has none of its own (its `location` is flattened in).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<&'a str>,
    #[serde(flatten)]
    pub finding: &'a Finding,
}

impl<'a> FindingRecord<'a> {
    pub fn new(file: &'a FileResult, finding: &'a Finding) -> FindingRecord<'a> {
        FindingRecord {
            record_type: "finding",
            path: &file.path,
            location: finding.location.is_none().then_some(file.location.as_str()),
            finding,
        }
    }
}

/// One part that could not be inspected (or the parts left out of the list, `count` of
/// them), as written by `jsonl`.
#[derive(Serialize)]
struct UnscannableRecord<'a> {
    #[serde(rename = "type")]
    record_type: &'static str,
    path: &'a str,
    #[serde(flatten)]
    part: &'a NotInspected,
}

/// Writes each finding and each unscannable part as one line.
pub struct Jsonl;

impl Writer for Jsonl {
    fn finding(&mut self, file: &File, finding: &Finding, out: &mut String) {
        let record = FindingRecord::new(&file.result, finding);
        out.push_str(&serde_json::to_string(&record).unwrap_or_default());
        out.push('\n');
    }

    fn stream_finding(&mut self, path: &str, finding: &Finding, out: &mut String) -> bool {
        let record = FindingRecord { record_type: "finding", path, location: None, finding };
        out.push_str(&serde_json::to_string(&record).unwrap_or_default());
        out.push('\n');
        true
    }

    fn unscannable(&mut self, file: &File, part: &NotInspected, out: &mut String) {
        let record =
            UnscannableRecord { record_type: "unscannable", path: &file.result.path, part };
        out.push_str(&serde_json::to_string(&record).unwrap_or_default());
        out.push('\n');
    }

    fn end_file(&mut self, file: File, out: &mut String) {
        let report = &file.result.report;
        if report.findings_truncated {
            let shown = (file.result.streamed + report.findings.len()) as u64;
            let record = serde_json::json!({
                "type": "truncated",
                "path": file.result.path,
                "findings_shown": shown,
                "findings_left_out": file.result.finding_count().saturating_sub(shown),
            });
            out.push_str(&record.to_string());
            out.push('\n');
        }
    }

    fn finish(&mut self, _end: &End<'_>, _out: &mut String) {}
}
