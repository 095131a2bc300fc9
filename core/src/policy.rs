//! Gateway policies: turning counts into allow / review / block.

use crate::finding::Severity;
use crate::kind::{Kind, Level};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a gateway should do with the scanned content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Allow,
    Review,
    Block,
}

impl Action {
    /// The snake_case name used in JSON and configs.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Allow => "allow",
            Action::Review => "review",
            Action::Block => "block",
        }
    }
}

/// The decision and the rules that led to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub action: Action,
    /// Human-readable reasons, e.g. `"my_number: 1 >= 1 (block)"`; empty for allow.
    pub reasons: Vec<String>,
}

/// Review and block thresholds for one kind (or custom rule), in items.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    pub review: Option<u64>,
    pub block: Option<u64>,
}

/// Per-kind thresholds and totals, in the style of mail-gateway DLP rules
/// ("block when 10 or more personal items or any My Number").
///
/// Only findings at or above `min_confidence` count. With `count_distinct` (the default) a
/// value repeated in the same input, such as a signature in every mail of a thread, counts once.
///
/// ```
/// use mamori::{Action, Policy, Scanner, Thresholds};
///
/// // Hold a mail for review from 3 phone numbers, block it from 20.
/// let mut policy = Policy { review_at_personal: None, block_at_personal: None, ..Policy::default() };
/// policy.per_kind.insert("phone".into(), Thresholds { review: Some(3), block: Some(20) });
/// let scanner = Scanner::builder().policy(policy).build().unwrap();
///
/// let list: String = (0..5).map(|i| format!("TEL 090-1234-{:04}\n", 5670 + i)).collect();
/// let report = scanner.scan(list.as_bytes());
/// assert_eq!(report.verdict.action, Action::Review);
/// assert_eq!(report.verdict.reasons, vec!["phone: 5 >= 3 (review)".to_string()]);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// Kinds that block on their first counted item.
    pub block_on_any: Vec<Kind>,
    /// Review when at least this many personal items are counted.
    pub review_at_personal: Option<u64>,
    /// Block when at least this many personal items are counted.
    pub block_at_personal: Option<u64>,
    /// Review when the input exposes at least this many people (see [`crate::Report::persons`];
    /// only findings at or above `min_confidence` make a person).
    pub review_at_persons: Option<u64>,
    /// Block when the input exposes at least this many people ("more than 10 people in one
    /// mail": `Some(11)`).
    pub block_at_persons: Option<u64>,
    /// Thresholds per kind name (`"phone"`) or custom rule name.
    pub per_kind: BTreeMap<String, Thresholds>,
    /// Keywords and custom rules of at least this severity block on their first match.
    pub block_on_severity: Option<Severity>,
    /// Count distinct values instead of occurrences.
    pub count_distinct: bool,
    /// Findings below this confidence do not count.
    pub min_confidence: Level,
    /// What to do when part of the input could not be inspected (encrypted, corrupt, over a
    /// limit): a gateway that cannot see inside should not wave it through.
    pub on_unscannable: Action,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            block_on_any: vec![Kind::MyNumber],
            review_at_personal: Some(1),
            block_at_personal: Some(10),
            review_at_persons: None,
            block_at_persons: None,
            per_kind: BTreeMap::new(),
            block_on_severity: Some(Severity::High),
            count_distinct: true,
            min_confidence: Level::Medium,
            on_unscannable: Action::Review,
        }
    }
}

/// Counts the policy looks at, gathered by the report builder.
#[derive(Debug, Default)]
pub(crate) struct PolicyCounts {
    /// Per count key: (occurrences, distinct values).
    pub per_key: BTreeMap<String, (u64, u64)>,
    pub personal: (u64, u64),
    /// Highest severity among counted keyword/custom findings.
    pub rule_severity: Option<Severity>,
    pub kinds_seen: Vec<Kind>,
    /// Parts that could not be inspected.
    pub unscannable: u64,
    /// Distinct people exposed.
    pub persons: u64,
}

impl Policy {
    /// The count a rule compares, of (occurrences, distinct values).
    pub(crate) fn pick(&self, (occurrences, distinct): (u64, u64)) -> u64 {
        if self.count_distinct {
            distinct
        } else {
            occurrences
        }
    }

    pub(crate) fn decide(&self, c: &PolicyCounts) -> Verdict {
        let pick = |pair: (u64, u64)| self.pick(pair);
        let mut action = Action::Allow;
        let mut reasons = Vec::new();
        let mut raise = |to: Action, why: String| {
            action = action.max(to);
            reasons.push(why);
        };
        for k in &self.block_on_any {
            if c.kinds_seen.contains(k) {
                raise(Action::Block, format!("{k}: any occurrence blocks"));
            }
        }
        let personal = pick(c.personal);
        if let Some(n) = self.block_at_personal.filter(|&n| personal >= n) {
            raise(Action::Block, format!("personal items: {personal} >= {n} (block)"));
        } else if let Some(n) = self.review_at_personal.filter(|&n| personal >= n) {
            raise(Action::Review, format!("personal items: {personal} >= {n} (review)"));
        }
        let persons = c.persons;
        if let Some(n) = self.block_at_persons.filter(|&n| persons >= n) {
            raise(Action::Block, format!("persons: {persons} >= {n} (block)"));
        } else if let Some(n) = self.review_at_persons.filter(|&n| persons >= n) {
            raise(Action::Review, format!("persons: {persons} >= {n} (review)"));
        }
        for (key, t) in &self.per_kind {
            let n = c.per_key.get(key).map_or(0, |&p| pick(p));
            if let Some(b) = t.block.filter(|&b| n >= b) {
                raise(Action::Block, format!("{key}: {n} >= {b} (block)"));
            } else if let Some(r) = t.review.filter(|&r| n >= r) {
                raise(Action::Review, format!("{key}: {n} >= {r} (review)"));
            }
        }
        if let (Some(min), Some(seen)) = (self.block_on_severity, c.rule_severity) {
            if seen >= min {
                raise(Action::Block, format!("keyword or rule of severity {}", seen.as_str()));
            } else {
                raise(Action::Review, format!("keyword or rule of severity {}", seen.as_str()));
            }
        } else if c.rule_severity.is_some() {
            raise(Action::Review, "keyword or rule matched".to_string());
        }
        if c.unscannable > 0 && self.on_unscannable != Action::Allow {
            raise(self.on_unscannable, format!("unscannable parts: {}", c.unscannable));
        }
        Verdict { action, reasons }
    }
}
