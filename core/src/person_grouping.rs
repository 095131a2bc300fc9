//! Person records ("personal zones"): which findings belong to one person, and how many
//! distinct people an input exposes.
//!
//! Findings arrive in offset order with their line numbers. A zone gathers the personal
//! findings of one person: a table row, a form block, a mail signature. A new zone starts
//!
//! - after a gap (more than [`GAP_LINES`] lines, or [`GAP_BYTES`] bytes, since the zone's
//!   last finding);
//! - at a second name or My Number with another value (the next person of a form or list);
//! - on a new line when the zone so far is one line holding several items (a table row:
//!   each row is a person even without a name column).
//!
//! Only findings the policy counts (at or above its `min_confidence`) take part, so the
//! person count agrees with the policy's item counts.
//!
//! A zone with at least one identifying item counts as a person; zones that share a name
//! (or My Number) count once, so a signature repeated down a thread is one person.
//! Postal codes alone are places, not people. A kana reading next to a kanji name is the
//! same person (it does not start a zone).

use crate::finding::Finding;
use crate::kind::{Kind, Level};

/// Most blank or item-free lines inside one zone.
pub const GAP_LINES: u64 = 4;
/// Most bytes between two findings of one zone.
pub const GAP_BYTES: usize = 800;

#[derive(Debug, Default, Clone)]
struct Zone {
    first_line: u64,
    last_line: u64,
    last_end: usize,
    items: u32,
    /// Value hash of the zone's name (kanji) and of its My Number.
    name: Option<u64>,
    my_number: Option<u64>,
    reading: Option<u64>,
}

/// Groups findings into zones and counts distinct people.
#[derive(Debug, Default)]
pub(crate) struct PersonGrouper {
    zone: Option<Zone>,
    /// Identities (name or My Number hashes) of people already counted.
    seen: std::collections::HashSet<u64>,
    persons: u64,
}

/// Identities remembered for de-duplication; past this, every zone counts.
const MAX_IDENTITIES: usize = 1 << 16;

impl PersonGrouper {
    /// Takes the next finding (in offset order); personal ones at or above `min_level` (the
    /// policy's) join a zone.
    pub fn observe(&mut self, f: &Finding, min_level: Level) {
        if !f.kind.is_personal() || f.kind == Kind::PostalCode || f.confidence.level < min_level {
            return;
        }
        let reading = f.kind == Kind::PersonName && f.rule.as_deref() == Some("reading");
        let name = f.kind == Kind::PersonName && !reading;
        let split = match &self.zone {
            None => true,
            Some(z) => {
                let gap = f.line > z.last_line + GAP_LINES || f.start > z.last_end + GAP_BYTES;
                let second_name = name && z.name.is_some_and(|h| h != f.value_hash);
                let second_reading = reading && z.reading.is_some_and(|h| h != f.value_hash);
                let second_id =
                    f.kind == Kind::MyNumber && z.my_number.is_some_and(|h| h != f.value_hash);
                let row_done = z.items >= 2 && z.first_line == z.last_line && f.line > z.last_line;
                gap || second_name || second_reading || second_id || row_done
            }
        };
        if split {
            self.close();
            self.zone = Some(Zone { first_line: f.line, ..Zone::default() });
        }
        if let Some(z) = self.zone.as_mut() {
            z.last_line = f.line;
            z.last_end = z.last_end.max(f.end);
            z.items += 1;
            if name && z.name.is_none() {
                z.name = Some(f.value_hash);
            }
            if reading && z.reading.is_none() {
                z.reading = Some(f.value_hash);
            }
            if f.kind == Kind::MyNumber && z.my_number.is_none() {
                z.my_number = Some(f.value_hash);
            }
        }
    }

    /// Ends the current zone, counting it unless its person was already counted.
    fn close(&mut self) {
        let Some(z) = self.zone.take() else { return };
        let ids = [z.name, z.my_number];
        let known = ids.iter().flatten().any(|h| self.seen.contains(h));
        if !known {
            self.persons += 1;
        }
        for h in ids.into_iter().flatten() {
            if self.seen.len() < MAX_IDENTITIES {
                self.seen.insert(h);
            }
        }
    }

    /// Closes the last zone and returns the number of distinct people.
    pub fn finish(&mut self) -> u64 {
        self.close();
        self.persons
    }
}
