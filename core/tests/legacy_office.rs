//! Word 97–2003 (.doc), PowerPoint 97–2003 (.ppt) and OpenDocument (.odt, .ods, .odp)
//! extraction: recall with exact locations over the LibreOffice-made files of
//! `corpora/documents/office/` (see `generate_legacy.py` there), encrypted and damaged
//! variants, and hostile files built here that must end quickly as `unscannable` entries.
//!
//! `cargo test -p mamori --test legacy_office -- --nocapture` prints each file's findings
//! per location and every miss (masked).

use mamori::{Limits, Report, Scanner, UnscannableReason};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpora/documents")
}

fn scanner() -> Scanner {
    Scanner::builder().reveal_values(true).build().unwrap()
}

fn with_limits(limits: Limits) -> Scanner {
    Scanner::builder().reveal_values(true).limits(limits).build().unwrap()
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(corpus().join("office").join(name)).unwrap()
}

/// Digits of a number, the lower-cased e-mail address, a name without blanks.
fn norm(kind: &str, value: &str) -> String {
    match kind {
        "email" => value.to_lowercase(),
        "person_name" => value.chars().filter(|c| !c.is_whitespace()).collect(),
        _ => value.chars().filter(char::is_ascii_digit).collect(),
    }
}

fn mask(v: &str) -> String {
    let n = v.chars().count();
    v.chars().enumerate().map(|(i, c)| if i + 4 < n { '*' } else { c }).collect()
}

/// (location, kind, value) of each ground-truth item of `file`.
fn truth(file: &str) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(corpus().join("ground_truth.jsonl")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["file"] == format!("office/{file}"))
        .map(|v| {
            let s = |k: &str| v[k].as_str().unwrap().to_string();
            (s("location"), s("kind"), s("value"))
        })
        .collect()
}

fn found(report: &Report) -> HashSet<(String, String, String)> {
    report
        .findings
        .iter()
        .map(|f| {
            let kind = f.kind.as_str().to_string();
            let v = norm(&kind, f.text.as_deref().unwrap_or(""));
            (f.location.clone().unwrap_or_default(), kind, v)
        })
        .collect()
}

/// Scans a corpus file and checks every ground-truth item is found at its location;
/// returns the report.
fn recall(file: &str, min_items: usize) -> Report {
    let items = truth(file);
    assert!(items.len() >= min_items, "{file}: {} ground-truth items", items.len());
    let report = scanner().scan_path(corpus().join("office").join(file)).unwrap();
    let got = found(&report);
    let mut per_loc: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &report.findings {
        *per_loc.entry(f.location.as_deref().unwrap_or("")).or_default() += 1;
    }
    println!("{file}: {per_loc:?}");
    let misses: Vec<_> = items
        .iter()
        .filter(|(loc, kind, v)| !got.contains(&(loc.clone(), kind.clone(), norm(kind, v))))
        .map(|(loc, kind, v)| format!("{loc} {kind} {}", mask(v)))
        .collect();
    assert!(report.unscannable.is_empty(), "{file}: {:?}", report.unscannable);
    assert!(misses.is_empty(), "{file}: {} of {} missed: {misses:#?}", misses.len(), items.len());
    report
}

#[test]
fn doc_recall_with_paragraph_locations() {
    recall("議事メモ.doc", 15);
}

#[test]
fn ppt_recall_with_slide_locations() {
    recall("営業提案.ppt", 6);
}

#[test]
#[ignore]
fn dump() {
    let f = std::env::var("DUMP").unwrap();
    let r = scanner().scan_path(corpus().join("office").join(&f)).unwrap();
    for x in &r.findings {
        println!("{:?} {:?} {:?}", x.location, x.kind, x.text);
    }
    println!("{:?}", r.unscannable);
}

#[test]
fn odt_recall_with_paragraph_locations_and_props() {
    recall("議事メモ.odt", 15);
}

#[test]
fn ods_recall_with_cell_locations() {
    recall("会員名簿.ods", 20);
}

#[test]
fn odp_recall_with_slide_locations() {
    recall("営業提案.odp", 6);
}
