//! The summary of one scan: findings, counts, distinct counts and the verdict.

use crate::finding::{Finding, Unscannable};
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
/// `distinct_saturated` is set, so memory stays bounded on any input. 65,536 is far above
/// any gateway threshold and keeps each set near 1 MiB (a 200 MB archive of customer files
/// otherwise held tens of MiB of hashes).
pub const MAX_DISTINCT_PER_KEY: usize = 1 << 16;

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
    /// Personal items the policy counts: findings at or above its `min_confidence`, distinct
    /// values when it counts distinct ones. The number its `personal items: N >= M` rule
    /// compares; the one to show next to the verdict.
    #[serde(default)]
    pub counted_personal_items: u64,
    /// Estimated number of distinct people the input exposes: the findings the policy counts,
    /// grouped into person records (a table row, a form, a signature), records sharing a name
    /// counted once.
    #[serde(default)]
    pub persons: u64,
    /// Bytes of input scanned.
    pub bytes_scanned: u64,
    /// Parts of the input that could not be inspected (encrypted, corrupt, over a limit).
    #[serde(default)]
    pub unscannable: Vec<Unscannable>,
    /// True when a [`Sink`](crate::Sink) stopped the scan before the end of the input.
    #[serde(default)]
    pub stopped: bool,
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

/// Counts for one count key (a kind, or a custom rule's name).
#[derive(Debug, Default)]
struct KeyStats {
    name: String,
    count: u64,
    distinct: HashSet64,
    /// The same, for findings the policy counts (at or above its confidence).
    policy_count: u64,
    policy_distinct: HashSet64,
}

/// Accumulates findings into a report with bounded memory.
#[derive(Debug)]
pub(crate) struct ReportBuilder {
    findings: Vec<Finding>,
    max_findings: usize,
    truncated: bool,
    /// Built-in kinds at their `Kind` index, custom rules after them.
    keys: Vec<KeyStats>,
    custom_index: HashMap<String, usize>,
    saturated: bool,
    personal: u64,
    personal_distinct: HashSet64,
    policy_personal: u64,
    policy_personal_distinct: HashSet64,
    rule_severity: Option<crate::finding::Severity>,
    kinds_seen: Vec<Kind>,
    unscannable: Vec<Unscannable>,
    /// Parts past the listing cap, counted but summarised in one entry.
    unscannable_unlisted: u64,
    persons: u64,
    stopped: bool,
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
            keys: Kind::ALL
                .iter()
                .map(|k| KeyStats { name: k.as_str().to_string(), ..KeyStats::default() })
                .collect(),
            custom_index: HashMap::new(),
            saturated: false,
            personal: 0,
            personal_distinct: HashSet64::default(),
            policy_personal: 0,
            policy_personal_distinct: HashSet64::default(),
            rule_severity: None,
            kinds_seen: Vec::new(),
            unscannable: Vec::new(),
            unscannable_unlisted: 0,
            stopped: false,
            persons: 0,
        }
    }

    fn key_index(&mut self, f: &Finding) -> usize {
        match (&f.kind, &f.rule) {
            (Kind::Custom, Some(name)) => {
                if let Some(&i) = self.custom_index.get(&**name) {
                    return i;
                }
                self.keys.push(KeyStats { name: name.to_string(), ..KeyStats::default() });
                self.custom_index.insert(name.to_string(), self.keys.len() - 1);
                self.keys.len() - 1
            }
            (k, _) => *k as usize,
        }
    }

    pub fn add(&mut self, f: Finding, policy: &Policy) {
        let index = self.key_index(&f);
        let key = &mut self.keys[index];
        key.count += 1;
        insert_capped(&mut key.distinct, f.value_hash, &mut self.saturated);
        let counted = f.confidence.level >= policy.min_confidence;
        if counted {
            key.policy_count += 1;
            insert_capped(&mut key.policy_distinct, f.value_hash, &mut self.saturated);
        }
        if f.kind.is_personal() {
            self.personal += 1;
            insert_capped(&mut self.personal_distinct, f.value_hash, &mut self.saturated);
            if counted {
                self.policy_personal += 1;
                insert_capped(
                    &mut self.policy_personal_distinct,
                    f.value_hash,
                    &mut self.saturated,
                );
            }
        }
        if counted {
            if matches!(f.kind, Kind::Keyword | Kind::Custom) {
                self.rule_severity = self.rule_severity.max(Some(f.severity));
            }
            if !self.kinds_seen.contains(&f.kind) {
                self.kinds_seen.push(f.kind);
            }
        }
        if self.findings.len() < self.max_findings {
            self.findings.push(f);
        } else {
            self.truncated = true;
        }
    }

    /// Adds the people one text unit (a file, an archive member, a mail part) exposes.
    pub fn add_persons(&mut self, n: u64) {
        self.persons += n;
    }

    /// Records a part that could not be inspected.
    pub fn add_unscannable(&mut self, u: Unscannable) {
        self.unscannable.push(u);
    }

    /// Records `n` parts that could not be inspected and are not listed one by one, with the
    /// entry that summarises them (the policy counts all `n`).
    pub fn add_unlisted_unscannable(&mut self, n: u64, summary: Unscannable) {
        self.unscannable.push(summary);
        self.unscannable_unlisted += n;
    }

    /// A sink stopped the scan: the report covers what was read until then.
    pub fn mark_stopped(&mut self) {
        self.stopped = true;
    }

    /// The policy's action on what has been added so far.
    pub fn action(&self, policy: &Policy) -> crate::policy::Action {
        policy.decide(&self.policy_counts()).action
    }

    fn policy_counts(&self) -> PolicyCounts {
        let used = || self.keys.iter().filter(|k| k.count > 0);
        PolicyCounts {
            per_key: used()
                .map(|k| (k.name.clone(), (k.policy_count, k.policy_distinct.len() as u64)))
                .collect(),
            personal: (self.policy_personal, self.policy_personal_distinct.len() as u64),
            rule_severity: self.rule_severity,
            kinds_seen: self.kinds_seen.clone(),
            unscannable: self.unscannable.len() as u64 - (self.unscannable_unlisted > 0) as u64
                + self.unscannable_unlisted,
            persons: self.persons,
        }
    }

    pub fn finish(self, policy: &Policy, bytes_scanned: u64) -> Report {
        let used = || self.keys.iter().filter(|k| k.count > 0);
        let policy_counts = self.policy_counts();
        let verdict = policy.decide(&policy_counts);
        let counted_personal_items = policy.pick(policy_counts.personal);
        Report {
            counts: used().map(|k| (k.name.clone(), k.count)).collect(),
            distinct_counts: used().map(|k| (k.name.clone(), k.distinct.len() as u64)).collect(),
            findings: self.findings,
            findings_truncated: self.truncated,
            distinct_saturated: self.saturated,
            personal_items: self.personal,
            distinct_personal_items: self.personal_distinct.len() as u64,
            counted_personal_items,
            persons: self.persons,
            bytes_scanned,
            unscannable: self.unscannable,
            stopped: self.stopped,
            verdict,
        }
    }
}
