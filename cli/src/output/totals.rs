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
    /// Size of the inputs as read (files on disk, standard input as it came).
    pub bytes_on_disk: u64,
    /// Bytes of text the scanner read (extracted from documents, decoded).
    pub bytes_scanned: u64,
    pub finding_count: u64,
    pub counts: BTreeMap<String, u64>,
    /// Files per verdict (`allow`, `review`, `block`).
    pub verdicts: BTreeMap<String, u64>,
    /// Files the output lists (with findings or parts not inspected).
    pub files_listed: u64,
    /// The listed files per verdict.
    pub listed_verdicts: BTreeMap<String, u64>,
    /// Parts that could not be inspected (encrypted, corrupt, over a limit, ...).
    pub unscannable_count: u64,
    pub files_with_unscannable: u64,
    pub errors: u64,
    pub elapsed_seconds: f64,
}

impl Totals {
    /// The exit status: 2 on errors, 1 when `fail_on` is met, else 0.
    pub fn exit_code(&self, fail_on: FailOn) -> i32 {
        let n = |a: &str| self.verdicts.get(a).copied().unwrap_or(0);
        let failed = match fail_on {
            FailOn::Any => self.finding_count > 0 || self.unscannable_count > 0,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_status() {
        let clean = Totals { files_scanned: 1, ..Totals::default() };
        let unread = Totals { unscannable_count: 1, ..clean.clone() };
        let found = Totals { finding_count: 1, ..clean.clone() };
        let mut review = unread.clone();
        review.verdicts.insert("review".into(), 1);
        let broken = Totals { errors: 1, ..found.clone() };
        assert_eq!(clean.exit_code(FailOn::Any), 0);
        assert_eq!(unread.exit_code(FailOn::Any), 1);
        assert_eq!(found.exit_code(FailOn::Any), 1);
        assert_eq!(unread.exit_code(FailOn::Finding), 0);
        assert_eq!(found.exit_code(FailOn::Finding), 1);
        assert_eq!(review.exit_code(FailOn::Review), 1);
        assert_eq!(review.exit_code(FailOn::Block), 0);
        assert_eq!(broken.exit_code(FailOn::Any), 2);
        assert_eq!(broken.exit_code(FailOn::Never), 2);
    }
}
