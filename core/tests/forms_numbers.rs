//! Precision and recall of the default scanner on the written forms of phones, payment cards
//! and postal codes in `corpora/forms` (made by `corpora/forms/generate.py` from
//! phonenumbers, Faker and python-stdnum), and agreement on the finding's `rule`: the
//! phone's region (`JP`, `US`…) and the card's scheme (`visa`, `mir`, `unknown`…).
//!
//! A finding matches a truth item of its kind when their byte spans overlap; each item is
//! matched once. Findings of kinds the corpus does not label are ignored.
//!
//! `cargo test -p mamori --test forms_numbers -- --nocapture` prints the table and every
//! miss (masked values only).

mod common;
use common::{fp_line, overlaps, Tally};
use mamori::Scanner;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

const KINDS: [&str; 3] = ["phone", "credit_card", "postal_code"];

struct Truth {
    kind: String,
    start: usize,
    end: usize,
    rule: Option<String>,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpora/forms")
}

fn load_truth() -> BTreeMap<String, Vec<Truth>> {
    let path = corpus_dir().join("ground_truth.jsonl");
    let text = fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run corpora/forms/generate.py)", path.display()));
    let mut by_file: BTreeMap<String, Vec<Truth>> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("ground truth line parses");
        let s = |k: &str| v[k].as_str().map(str::to_string);
        let n = |k: &str| v[k].as_u64().expect("offset") as usize;
        let kind = s("kind").expect("kind");
        assert!(KINDS.contains(&kind.as_str()), "unexpected kind {kind}");
        by_file.entry(s("file").expect("file")).or_default().push(Truth {
            kind,
            start: n("start"),
            end: n("end"),
            rule: s("rule"),
        });
    }
    by_file
}

#[test]
fn forms_precision_recall_and_rule() {
    let scanner = Scanner::builder().build().unwrap();
    let truth = load_truth();
    let mut tallies: BTreeMap<&str, Tally> = KINDS.iter().map(|k| (*k, Tally::default())).collect();
    let (mut rules_checked, mut rule_misses) = (0usize, Vec::new());
    let mut misses = Vec::new();
    for (file, items) in &truth {
        let text = fs::read(corpus_dir().join(file)).expect("corpus file");
        let report = scanner.scan(&text);
        let mut matched = vec![false; items.len()];
        for f in report.findings.iter().filter(|f| KINDS.contains(&f.kind.as_str())) {
            let kind = f.kind.as_str();
            let hit = items.iter().enumerate().position(|(i, t)| {
                !matched[i] && t.kind == kind && overlaps((f.start, f.end), (t.start, t.end))
            });
            let tally = tallies.get_mut(kind).unwrap();
            match hit {
                Some(i) => {
                    matched[i] = true;
                    tally.tp += 1;
                    if let Some(want) = &items[i].rule {
                        rules_checked += 1;
                        let got = f.rule.as_deref().unwrap_or("-");
                        if got != want {
                            rule_misses
                                .push(format!("{file} {} rule {got}, want {want}", f.masked));
                        }
                    }
                }
                None => {
                    tally.fp += 1;
                    misses.push(fp_line(file, f, &[]));
                }
            }
        }
        for (t, m) in items.iter().zip(&matched) {
            if !m {
                tallies.get_mut(t.kind.as_str()).unwrap().fn_ += 1;
                misses.push(format!("FN {file} {} {}..{}", t.kind, t.start, t.end));
            }
        }
    }
    println!("\ncorpus corpora/forms: {} files", truth.len());
    println!(
        "{:<12} {:>6} {:>5} {:>5} {:>5} {:>9} {:>7}",
        "kind", "items", "TP", "FP", "FN", "precision", "recall"
    );
    for (kind, t) in &tallies {
        println!(
            "{kind:<12} {:>6} {:>5} {:>5} {:>5} {:>9.4} {:>7.4}",
            t.items(),
            t.tp,
            t.fp,
            t.fn_,
            t.precision(),
            t.recall()
        );
    }
    println!("rule agreement: {}/{rules_checked}", rules_checked - rule_misses.len());
    for m in misses.iter().chain(&rule_misses) {
        println!("  {m}");
    }
    for (kind, t) in &tallies {
        assert!(t.items() > 0, "{kind}: no items in the corpus");
        assert!(t.precision() >= 1.0, "{kind}: precision {:.4}", t.precision());
        assert!(t.recall() >= 0.98, "{kind}: recall {:.4}", t.recall());
    }
    assert!(rule_misses.is_empty(), "{} findings with the wrong rule", rule_misses.len());
}

/// The written forms named when the corpus was made, one by one with their rule.
#[test]
fn named_forms() {
    let scanner = Scanner::builder().build().unwrap();
    for (text, kind, rule) in [
        ("+1 415 555 0132", "phone", Some("US")),
        ("+44 (20) 7123 4567", "phone", Some("GB")),
        ("+49 30 1234567", "phone", Some("DE")),
        ("+33 1 42 68 53 00", "phone", Some("FR")),
        ("+55 11 98456 5666", "phone", Some("BR")),
        ("+81-090-1234-5678", "phone", Some("JP")),
        ("+81 090 1234 5678", "phone", Some("JP")),
        ("+8109012345678", "phone", Some("JP")),
        ("user=07014735131", "phone", Some("JP")),
        ("03.1234.5678", "phone", Some("JP")),
        ("郵便番号：9218046", "postal_code", None),
        ("郵便番号は2060033です", "postal_code", None),
        ("マイナンバー 6141-0652-600-0", "my_number", None),
        ("123456789018", "my_number", Some("known_sample")),
    ] {
        let report = scanner.scan(text.as_bytes());
        let f = report.findings.first().unwrap_or_else(|| panic!("{text}: nothing found"));
        assert_eq!((f.kind.as_str(), f.rule.as_deref()), (kind, rule), "{text}");
    }
    // Groups joined by full stops are read as telephone numbers only.
    for text in
        ["カード番号 4111.1111.1111.1111", "マイナンバー 6214.9832.0257", "v1.2.3 192.168.10.200"]
    {
        let report = scanner.scan(text.as_bytes());
        assert!(report.findings.is_empty(), "{text}: {:?}", report.findings);
    }
    // An unlabelled mobile is reported at medium confidence.
    let report = scanner.scan("明日 09012345678 に".as_bytes());
    assert_eq!(report.findings[0].confidence.level.as_str(), "medium");
}

/// `+` numbers of every region but Japan: found exactly when phonenumbers'
/// `is_valid_number` says valid, with its region.
#[test]
fn international_numbers_agree_with_phonenumbers() {
    let scanner = Scanner::builder().build().unwrap();
    let path = corpus_dir().join("phone_validity.jsonl");
    let text = fs::read_to_string(&path).expect("phone_validity.jsonl");
    let (mut total, mut disagree) = (0usize, Vec::new());
    let (mut valid, mut found_valid, mut invalid, mut found_invalid) = (0, 0, 0, 0);
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("vector parses");
        let e164 = v["e164"].as_str().unwrap();
        let want = v["region"].as_str();
        let report = scanner.scan(e164.as_bytes());
        let phone = report.findings.iter().find(|f| f.kind.as_str() == "phone");
        let got = phone.map(|f| f.rule.as_deref().unwrap_or("-"));
        total += 1;
        if want.is_some() {
            valid += 1;
            found_valid += usize::from(got.is_some());
        } else {
            invalid += 1;
            found_invalid += usize::from(got.is_some());
        }
        if got != want {
            disagree.push(format!("{e164}: found {got:?}, phonenumbers {want:?}"));
        }
    }
    println!(
        "\n+ numbers: {total} vectors; valid {found_valid}/{valid} found, invalid {found_invalid}/{invalid} found; {} disagreements",
        disagree.len()
    );
    for d in disagree.iter().take(30) {
        println!("  {d}");
    }
    assert!(disagree.is_empty(), "{} disagreements with phonenumbers", disagree.len());
}
