//! Written forms of e-mail addresses, personal names and keywords, on the labelled corpus in
//! `corpora/forms_text` (made by its `generate.py` from validator test lists, Wikipedia's
//! examples and Faker ja_JP names; see the script for the sources).
//!
//! A finding matches a truth item of the same kind when their byte spans overlap (each truth
//! item at most once); `decoys.txt` has no truth item, so every finding there is a false
//! positive. Gates per kind: precision >= 0.95 and recall >= 0.9; e-mail and keyword spans
//! must also be exact (an address swallowing the sentence before it still overlaps).
//!
//! `cargo test -p mamori --test forms_text -- --nocapture` prints recall per written form.

#![cfg(feature = "dictionaries")]

use mamori::{Kind, Scanner};
use std::collections::BTreeMap;
use std::path::Path;

fn corpus() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../corpora/forms_text"))
}

struct Truth {
    kind: Kind,
    start: usize,
    end: usize,
    form: String,
}

#[derive(Default, Debug)]
struct Tally {
    tp: usize,
    fp: usize,
    fn_: usize,
    exact: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

#[test]
fn forms_precision_and_recall() {
    let keywords = std::fs::read_to_string(corpus().join("keywords.txt")).unwrap();
    let mut builder = Scanner::builder();
    for k in keywords.lines().filter(|l| !l.trim().is_empty()) {
        builder = builder.keyword(k);
    }
    let scanner = builder.build().unwrap();
    let mut truth: BTreeMap<String, Vec<Truth>> = BTreeMap::new();
    for line in std::fs::read_to_string(corpus().join("ground_truth.jsonl")).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let kind = match v["kind"].as_str().unwrap() {
            "email" => Kind::Email,
            "person_name" => Kind::PersonName,
            "keyword" => Kind::Keyword,
            other => panic!("unexpected kind {other}"),
        };
        truth.entry(v["file"].as_str().unwrap().to_string()).or_default().push(Truth {
            kind,
            start: v["start"].as_u64().unwrap() as usize,
            end: v["end"].as_u64().unwrap() as usize,
            form: v["form"].as_str().unwrap().to_string(),
        });
    }
    let files = [
        "emails.txt",
        "names.txt",
        "names_en.csv",
        "names_ja.csv",
        "keywords_text.txt",
        "decoys.txt",
    ];
    let kinds =
        [(Kind::Email, "email"), (Kind::PersonName, "person_name"), (Kind::Keyword, "keyword")];
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut by_form: BTreeMap<(&str, String), (usize, usize)> = BTreeMap::new();
    let mut notes = Vec::new();
    for file in files {
        let bytes = std::fs::read(corpus().join(file)).unwrap();
        let report = scanner.scan(&bytes);
        let items = truth.get(file).map_or(&[][..], |v| &v[..]);
        let show = |s: usize, e: usize| String::from_utf8_lossy(&bytes[s..e]).into_owned();
        for (kind, name) in kinds {
            let tally = tallies.entry(name).or_default();
            let mut matched = vec![false; items.len()];
            for f in report.of_kind(kind) {
                let hit = items.iter().enumerate().find(|(i, t)| {
                    !matched[*i] && t.kind == kind && f.start < t.end && t.start < f.end
                });
                match hit {
                    Some((i, t)) => {
                        matched[i] = true;
                        tally.tp += 1;
                        if (f.start, f.end) == (t.start, t.end) {
                            tally.exact += 1;
                        } else {
                            notes.push(format!(
                                "  span {name} {file}: {:?} found {:?}",
                                show(t.start, t.end),
                                show(f.start, f.end)
                            ));
                        }
                    }
                    None => {
                        tally.fp += 1;
                        notes.push(format!("  FP {name} {file}: {:?}", show(f.start, f.end)));
                    }
                }
            }
            for (i, t) in items.iter().enumerate().filter(|(_, t)| t.kind == kind) {
                let e = by_form.entry((name, t.form.clone())).or_default();
                e.0 += 1;
                e.1 += matched[i] as usize;
                if !matched[i] {
                    tally.fn_ += 1;
                    notes.push(format!("  FN {name} {file}: {:?}", show(t.start, t.end)));
                }
            }
        }
    }
    println!("kind          tp    fp    fn  precision  recall  exact-span");
    for (name, t) in &tallies {
        println!(
            "{name:<12} {:>4}  {:>4}  {:>4}     {:.4}  {:.4}      {:.4}",
            t.tp,
            t.fp,
            t.fn_,
            ratio(t.tp, t.tp + t.fp),
            ratio(t.tp, t.tp + t.fn_),
            ratio(t.exact, t.tp)
        );
    }
    println!("recall by written form:");
    for ((kind, form), (n, found)) in &by_form {
        println!("  {kind:<12} {form:<22} {found:>3}/{n:<3} {:.4}", ratio(*found, *n));
    }
    for n in &notes {
        println!("{n}");
    }
    for (name, t) in &tallies {
        assert!(ratio(t.tp, t.tp + t.fp) >= 0.95, "{name} precision: {t:?}");
        assert!(ratio(t.tp, t.tp + t.fn_) >= 0.9, "{name} recall: {t:?}");
        if *name != "person_name" {
            assert_eq!(t.exact, t.tp, "{name} spans");
        }
    }
}

/// The forms stream as they scan: every corpus file fed in chunks of 1, 7 and 4096 bytes
/// gives the one-shot findings (keyword spans cross chunks, blank runs and voicing marks).
#[test]
fn forms_stream_identically() {
    let keywords = std::fs::read_to_string(corpus().join("keywords.txt")).unwrap();
    let mut builder = Scanner::builder();
    for k in keywords.lines().filter(|l| !l.trim().is_empty()) {
        builder = builder.keyword(k);
    }
    let scanner = builder.build().unwrap();
    for file in ["emails.txt", "names.txt", "names_en.csv", "keywords_text.txt", "decoys.txt"] {
        let input = std::fs::read(corpus().join(file)).unwrap();
        let one_shot = scanner.scan(&input).findings;
        for step in [1, 7, 4096] {
            let mut stream = scanner.stream();
            let mut streamed = Vec::new();
            for chunk in input.chunks(step) {
                streamed.extend(stream.feed(chunk));
            }
            let report = stream.finish();
            assert_eq!(report.findings, one_shot, "{file} in chunks of {step}");
            assert!(streamed.len() <= one_shot.len());
        }
    }
}
