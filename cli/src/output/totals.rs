//! What the whole scan found, and the exit status it gives.

use crate::settings::FailOn;
use serde::Serialize;
use std::collections::BTreeMap;

/// A file that could not be read (or a path that could not be walked).
#[derive(Clone, Debug, Serialize)]
pub struct ErrorRecord {
    pub path: String,
    pub error: String,
}

/// What the whole scan found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Totals {
    pub files_scanned: u64,
    pub files_with_findings: u64,
    pub bytes_scanned: u64,
    pub finding_count: u64,
    pub counts: BTreeMap<String, u64>,
    /// Files per verdict (`allow`, `review`, `block`).
    pub verdicts: BTreeMap<String, u64>,
    pub errors: u64,
    pub elapsed_seconds: f64,
}

impl Totals {
    /// The exit status: 2 on errors, 1 when `fail_on` is met, else 0.
    pub fn exit_code(&self, fail_on: FailOn) -> i32 {
        let n = |a: &str| self.verdicts.get(a).copied().unwrap_or(0);
        let failed = match fail_on {
            FailOn::Finding => self.finding_count > 0,
            FailOn::Review => n("review") + n("block") > 0,
            FailOn::Block => n("block") > 0,
            FailOn::Never => false,
        };
        if self.errors > 0 {
            2
        } else if failed {
            1
        } else {
            0
        }
    }
}
