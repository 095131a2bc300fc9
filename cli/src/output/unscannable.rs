//! The parts of a file that could not be inspected, as every format lists them: one entry
//! per part, except that one file with many parts of the same reason (a zip of 80,000
//! encrypted members, a zip bomb) lists the first [`LISTED_PER_REASON`] and then one entry
//! standing for the rest, whose `count` is their true number.

use mamori::{Unscannable, UnscannableReason};
use serde::Serialize;
use std::collections::BTreeMap;

/// Parts of one reason listed one by one in a file before the rest are counted.
pub const LISTED_PER_REASON: usize = 10;

/// One entry of a file's not-inspected list: a part, or the parts left out of the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotInspected {
    /// The part (`a.zip!b/secret.xlsx`); for the parts left out, the file.
    pub location: String,
    pub reason: UnscannableReason,
    /// For people: which limit, which error, or `and 85,625 more encrypted`.
    pub detail: String,
    /// How many parts the entry stands for: 1 for a part, more for the parts left out.
    pub count: u64,
    /// True for an entry standing for the parts left out.
    #[serde(skip)]
    pub more: bool,
}

/// The snake_case name of a reason, as the JSON shapes write it.
pub fn reason_name(reason: UnscannableReason) -> &'static str {
    match reason {
        UnscannableReason::Encrypted => "encrypted",
        UnscannableReason::Corrupt => "corrupt",
        UnscannableReason::LimitExceeded => "limit_exceeded",
        UnscannableReason::UnsupportedFormat => "unsupported_format",
        UnscannableReason::RawTextOnly => "raw_text_only",
    }
}

pub use crate::report::numbers::thousands;

/// `1 part`, `85,625 parts`.
pub fn plural_parts(n: u64) -> String {
    format!("{} {}", thousands(n), if n == 1 { "part" } else { "parts" })
}

/// The core keeps at most `max_unscannable` entries per report and says how many it left
/// out in a last entry's text only (`85625 more unscannable parts not listed
/// (max_unscannable)`); this reads that number back so totals stay true.
fn left_out_by_core(u: &Unscannable) -> Option<u64> {
    const TAIL: &str = " more unscannable parts not listed (max_unscannable)";
    if u.reason != UnscannableReason::LimitExceeded {
        return None;
    }
    u.detail.strip_suffix(TAIL)?.parse().ok()
}

/// The not-inspected list of the file at `file_location` (every part already located
/// from the scan root), in the core's order, summarised per reason.
pub fn summarise(file_location: &str, parts: &[Unscannable]) -> Vec<NotInspected> {
    let entry = |u: &Unscannable| NotInspected {
        location: u.location.clone(),
        reason: u.reason,
        detail: u.detail.clone(),
        count: 1,
        more: false,
    };
    let mut list = Vec::new();
    // Per reason: parts seen, and the first part not listed.
    let mut seen: BTreeMap<UnscannableReason, (u64, Option<&Unscannable>)> = BTreeMap::new();
    let mut left_out_by_the_core = 0u64;
    for u in parts {
        if let Some(n) = left_out_by_core(u) {
            left_out_by_the_core += n;
            continue;
        }
        let (n, first_unlisted) = seen.entry(u.reason).or_default();
        *n += 1;
        if *n <= LISTED_PER_REASON as u64 {
            list.push(entry(u));
        } else if first_unlisted.is_none() {
            *first_unlisted = Some(u);
        }
    }
    let more = |reason, count: u64, detail: String| NotInspected {
        location: file_location.to_string(),
        reason,
        detail,
        count,
        more: true,
    };
    for (&reason, &(n, first_unlisted)) in &seen {
        let rest = n.saturating_sub(LISTED_PER_REASON as u64);
        match (rest, first_unlisted) {
            // A line counting one part says less than the part itself.
            (1, Some(u)) => list.push(entry(u)),
            (2.., _) => list.push(more(
                reason,
                rest,
                format!("and {} more {}", thousands(rest), reason_name(reason)),
            )),
            _ => {}
        }
    }
    if left_out_by_the_core > 0 {
        let detail = format!(
            "and {} more, reasons not recorded (max_unscannable)",
            thousands(left_out_by_the_core)
        );
        list.push(more(UnscannableReason::LimitExceeded, left_out_by_the_core, detail));
    }
    list
}

/// The number of parts a list stands for.
pub fn total(list: &[NotInspected]) -> u64 {
    list.iter().map(|p| p.count).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(location: &str, reason: UnscannableReason) -> Unscannable {
        Unscannable { location: location.into(), reason, detail: "d".into() }
    }

    #[test]
    fn numbers_get_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(85_625), "85,625");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn many_parts_of_one_reason_are_counted_after_the_first_ten() {
        let mut parts: Vec<_> = (0..25)
            .map(|i| part(&format!("a.zip!{i}.bin"), UnscannableReason::Encrypted))
            .collect();
        parts.push(part("a.zip!x.png", UnscannableReason::UnsupportedFormat));
        let list = summarise("a.zip", &parts);
        assert_eq!(list.len(), 12);
        assert_eq!(list[9].location, "a.zip!9.bin");
        assert_eq!(list[10].location, "a.zip!x.png");
        let last = &list[11];
        assert_eq!((last.location.as_str(), last.count, last.more), ("a.zip", 15, true));
        assert_eq!(last.detail, "and 15 more encrypted");
        assert_eq!(total(&list), 26);
    }

    #[test]
    fn one_part_over_is_listed_not_counted() {
        let parts: Vec<_> =
            (0..11).map(|i| part(&format!("z!{i}"), UnscannableReason::Corrupt)).collect();
        let list = summarise("z", &parts);
        assert_eq!(list.len(), 11);
        assert!(list.iter().all(|p| p.count == 1 && !p.more));
        assert_eq!(list[10].location, "z!10");
    }

    #[test]
    fn parts_the_core_left_out_are_counted() {
        let mut parts = vec![part("z!a", UnscannableReason::Encrypted)];
        parts.push(Unscannable {
            location: "z".into(),
            reason: UnscannableReason::LimitExceeded,
            detail: "85625 more unscannable parts not listed (max_unscannable)".into(),
        });
        let list = summarise("z", &parts);
        assert_eq!(list.len(), 2);
        assert_eq!(list[1].count, 85_625);
        assert_eq!(list[1].detail, "and 85,625 more, reasons not recorded (max_unscannable)");
        assert_eq!(total(&list), 85_626);
    }
}
