//! The summary of one scan: findings, counts, distinct counts and the verdict.

use crate::finding::Finding;
use crate::kind::Kind;
use crate::policy::{Policy, PolicyCounts, Verdict};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The distinct sets hold value hashes already (FNV-1a of the normalised value), so they are
/// used as they are instead of being hashed again.
#[derive(Default, Clone, Copy, Debug)]
pub(crate) struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

type HashSet64 = HashSet<u64, BuildHasherDefault<PreHashed>>;

/// Distinct values remembered per kind; beyond this, distinct counts stop growing and
/// `distinct_saturated` is set, so memory stays bounded on any input.
pub const MAX_DISTINCT_PER_KEY: usize = 1 << 20;

/// The result of a scan.
///
/// ```
/// let scanner = mamori::Scanner::builder().build().unwrap();
/// let thread = "山田 TEL 03-1234-5678\n".repeat(3);
/// let report = scanner.scan(thread.as_bytes());
/// assert_eq!(report.counts["phone"], 3);
/// assert_eq!(report.distinct_counts["phone"], 1); // one signature, repeated
/// let json = report.to_json();
/// assert!(json.contains("\"masked\":\"03-****-5678\""));
/// assert!(!json.contains("1234-5678"), "raw values are not serialised");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Findings in order of their start offset (at most the configured `max_findings`).
    pub findings: Vec<Finding>,
    /// True when more findings existed than `max_findings`; counts still include them all.
    pub findings_truncated: bool,
    /// Occurrences per kind name (custom rules under their own name).
    pub counts: BTreeMap<String, u64>,
    /// Distinct normalised values per kind name.
    pub distinct_counts: BTreeMap<String, u64>,
    /// True when a distinct count hit its memory cap and is a lower bound.
    pub distinct_saturated: bool,
    /// Occurrences of personal kinds (everything but corporate numbers, keywords and rules).
    pub personal_items: u64,
    /// Distinct personal values.
    pub distinct_personal_items: u64,
    /// Bytes of input scanned.
    pub bytes_scanned: u64,
    /// What the configured policy says to do.
    pub verdict: Verdict,
}

impl Report {
    /// The report as a JSON string (the shape the CLI and bindings share).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    /// Findings of one kind.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.kind == kind)
    }
}

/// Accumulates findings into a report with bounded memory.
#[derive(Debug)]
pub(crate) struct ReportBuilder {
    findings: Vec<Finding>,
    max_findings: usize,
    truncated: bool,
    counts: BTreeMap<String, u64>,
    distinct: HashMap<String, HashSet64>,
    saturated: bool,
    personal: u64,
    personal_distinct: HashSet64,
    policy_counts: PolicyCounts,
    policy_distinct: HashMap<String, HashSet64>,
    policy_personal_distinct: HashSet64,
}

fn insert_capped(set: &mut HashSet64, h: u64, saturated: &mut bool) {
    if set.len() < MAX_DISTINCT_PER_KEY {
        set.insert(h);
    } else if !set.contains(&h) {
        *saturated = true;
    }
}

impl ReportBuilder {
    pub fn new(max_findings: usize) -> Self {
        ReportBuilder {
            findings: Vec::new(),
            max_findings,
            truncated: false,
            counts: BTreeMap::new(),
            distinct: HashMap::new(),
            saturated: false,
            personal: 0,
            personal_distinct: HashSet64::default(),
            policy_counts: PolicyCounts::default(),
            policy_distinct: HashMap::new(),
            policy_personal_distinct: HashSet64::default(),
        }
    }

    pub fn add(&mut self, f: Finding, policy: &Policy) {
        let key = f.count_key();
        match self.counts.get_mut(key) {
            Some(n) => *n += 1,
            None => {
                self.counts.insert(key.to_string(), 1);
            }
        }
        if !self.distinct.contains_key(key) {
            self.distinct.insert(key.to_string(), HashSet64::default());
        }
        if let Some(set) = self.distinct.get_mut(key) {
            insert_capped(set, f.value_hash, &mut self.saturated);
        }
        if f.kind.is_personal() {
            self.personal += 1;
            insert_capped(
                &mut self.personal_distinct,
                f.value_hash,
                &mut self.saturated,
            );
        }
        if f.confidence.level >= policy.min_confidence {
            let pc = &mut self.policy_counts;
            if !self.policy_distinct.contains_key(key) {
                self.policy_distinct
                    .insert(key.to_string(), HashSet64::default());
                pc.per_key.insert(key.to_string(), (0, 0));
            }
            if let (Some(set), Some(entry)) =
                (self.policy_distinct.get_mut(key), pc.per_key.get_mut(key))
            {
                insert_capped(set, f.value_hash, &mut self.saturated);
                entry.0 += 1;
                entry.1 = set.len() as u64;
            }
            if f.kind.is_personal() {
                insert_capped(
                    &mut self.policy_personal_distinct,
                    f.value_hash,
                    &mut self.saturated,
                );
                pc.personal.0 += 1;
                pc.personal.1 = self.policy_personal_distinct.len() as u64;
            }
            if matches!(f.kind, Kind::Keyword | Kind::Custom) {
                pc.rule_severity = pc.rule_severity.max(Some(f.severity));
            }
            if !pc.kinds_seen.contains(&f.kind) {
                pc.kinds_seen.push(f.kind);
            }
        }
        if self.findings.len() < self.max_findings {
            self.findings.push(f);
        } else {
            self.truncated = true;
        }
    }

    pub fn finish(self, policy: &Policy, bytes_scanned: u64) -> Report {
        let verdict = policy.decide(&self.policy_counts);
        Report {
            findings: self.findings,
            findings_truncated: self.truncated,
            counts: self.counts,
            distinct_counts: self
                .distinct
                .into_iter()
                .map(|(k, v)| (k, v.len() as u64))
                .collect(),
            distinct_saturated: self.saturated,
            personal_items: self.personal,
            distinct_personal_items: self.personal_distinct.len() as u64,
            bytes_scanned,
            verdict,
        }
    }
}
