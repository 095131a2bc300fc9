//! Scoring shared by the corpus tests: true/false positive tallies and how a false positive
//! is reported (masked values only).
#![allow(dead_code)] // each test binary uses part of it

use mamori::Finding;

/// The built-in kinds the corpora label, in report order.
pub const KINDS: [&str; 11] = [
    "my_number",
    "corporate_number",
    "phone",
    "postal_code",
    "credit_card",
    "email",
    "bank_account",
    "passport",
    "residence_card",
    "basic_pension_number",
    "drivers_license",
];

/// True positives, false positives and false negatives of one kind.
#[derive(Default, Clone, Copy, Debug)]
pub struct Tally {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Tally {
    pub fn items(&self) -> usize {
        self.tp + self.fn_
    }
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn add(&mut self, other: Tally) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

pub fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// One line describing a false positive, naming the truth kinds it overlaps.
pub fn fp_line(file: &str, f: &Finding, overlapping: &[&str]) -> String {
    let note = if overlapping.is_empty() {
        String::new()
    } else {
        format!(" (overlaps truth: {})", overlapping.join(", "))
    };
    format!(
        "FP {file} {} {}..{} {} [{} {:.2}]{note}",
        f.kind,
        f.start,
        f.end,
        f.masked,
        f.confidence.level.as_str(),
        f.confidence.score
    )
}
