//! `--format jsonl`: one JSON object per finding per line.

use super::Writer;
use crate::output::End;
use crate::scan::FileResult;
use mamori::Finding;
use serde::Serialize;

/// One finding as written by `jsonl`, `json` (inside its file) and every binding.
#[derive(Serialize)]
pub struct FindingRecord<'a> {
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
            path: &file.path,
            location: finding.location.is_none().then_some(file.location.as_str()),
            finding,
        }
    }
}

/// Writes each finding as one line.
pub struct Jsonl;

impl Writer for Jsonl {
    fn finding(&mut self, file: &FileResult, finding: &Finding, out: &mut String) {
        out.push_str(
            &serde_json::to_string(&FindingRecord::new(file, finding)).unwrap_or_default(),
        );
        out.push('\n');
    }

    fn finish(&mut self, _end: &End<'_>, _out: &mut String) {}
}
