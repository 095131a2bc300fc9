//! Addresses, personal names and person counts of the default scanner on the labelled
//! corpus in `corpora/persons` (made by `corpora/persons/generate.py` from real Japan Post
//! places and dictionary names; see its README for the labelling rules).
//!
//! A finding matches a truth item of the same kind when their byte spans overlap (each truth
//! item at most once). Gates: addresses recall and precision >= 0.95; names precision >= 0.95
//! (every reported name has context: the detector reports none without); person counts of
//! the table files within 5 %. Name recall and the other files' counts are reported.
//!
//! `cargo test -p mamori --test persons -- --nocapture` prints the tables and the misses
//! (masked).

#![cfg(feature = "dictionaries")]

use mamori::{Kind, Scanner};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Default, Clone, Copy, Debug)]
struct Tally {
    tp: usize,
    fp: usize,
    fn_: usize,
    exact: usize,
}

impl Tally {
    fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

struct Truth {
    kind: Kind,
    start: usize,
    end: usize,
    context: bool,
    form: String,
}

fn corpus() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../corpora/persons"))
}

fn truth() -> BTreeMap<String, Vec<Truth>> {
    let text = std::fs::read_to_string(corpus().join("ground_truth.jsonl")).unwrap();
    let mut by_file: BTreeMap<String, Vec<Truth>> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let kind = match v["kind"].as_str().unwrap() {
            "address" => Kind::Address,
            "person_name" => Kind::PersonName,
            other => panic!("unexpected kind {other}"),
        };
        by_file.entry(v["file"].as_str().unwrap().to_string()).or_default().push(Truth {
            kind,
            start: v["start"].as_u64().unwrap() as usize,
            end: v["end"].as_u64().unwrap() as usize,
            context: v["context"].as_bool().unwrap_or(true),
            form: v["form"].as_str().unwrap_or("").split('+').next().unwrap_or("").to_string(),
        });
    }
    by_file
}

#[test]
fn addresses_names_and_persons() {
    let scanner = Scanner::builder().build().unwrap();
    let truth = truth();
    let records: Vec<serde_json::Value> = std::fs::read_to_string(corpus().join("records.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut by_form: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut table_errors = Vec::new();
    let mut count_lines = Vec::new();
    for rec in &records {
        let file = rec["file"].as_str().unwrap();
        let expected_persons = rec["persons"].as_u64().unwrap();
        let bytes = std::fs::read(corpus().join(file)).unwrap();
        let report = scanner.scan(&bytes);
        let items = truth.get(file).map_or(&[][..], |v| &v[..]);
        for (kind, name) in [(Kind::Address, "address"), (Kind::PersonName, "person_name")] {
            let mut matched = vec![false; items.len()];
            let tally = tallies.entry(name).or_default();
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
                        } else if kind == Kind::Address {
                            misses.push(format!(
                                "  boundary {file}:{}: {:?} found {:?}",
                                f.line,
                                String::from_utf8_lossy(&bytes[t.start..t.end]),
                                String::from_utf8_lossy(&bytes[f.start..f.end])
                            ));
                        }
                    }
                    None => {
                        tally.fp += 1;
                        misses.push(format!(
                            "  FP {name} {file}:{}: {:?} ({:.2})",
                            f.line,
                            String::from_utf8_lossy(&bytes[f.start..f.end]),
                            f.confidence.score
                        ));
                    }
                }
            }
            for (i, t) in items.iter().enumerate() {
                if t.kind != kind {
                    continue;
                }
                if kind == Kind::Address {
                    let e = by_form.entry(t.form.clone()).or_default();
                    e.0 += 1;
                    e.1 += matched[i] as usize;
                }
                if !matched[i] {
                    // Names without context are not looked for: counted apart.
                    if kind == Kind::PersonName && !t.context {
                        tallies.entry("person_name (no context)").or_default().fn_ += 1;
                        continue;
                    }
                    tallies.entry(name).or_default().fn_ += 1;
                    misses.push(format!(
                        "  FN {name} {file}: {:?}",
                        String::from_utf8_lossy(&bytes[t.start..t.end])
                    ));
                }
            }
        }
        let err = if expected_persons == 0 {
            report.persons as f64
        } else {
            (report.persons as f64 - expected_persons as f64).abs() / expected_persons as f64
        };
        count_lines.push(format!(
            "  {file:<22} persons {:>5} expected {:>5} error {:>5.1}%",
            report.persons,
            expected_persons,
            err * 100.0
        ));
        if file.starts_with("customers_") && err >= 0.05 {
            table_errors.push(file.to_string());
        }
    }
    println!("kind           tp     fp     fn  precision  recall  exact-span");
    for (name, t) in &tallies {
        println!(
            "{name:<14} {:>5}  {:>5}  {:>5}     {:.4}  {:.4}  {:.4}",
            t.tp,
            t.fp,
            t.fn_,
            t.precision(),
            t.recall(),
            ratio(t.exact, t.tp)
        );
    }
    println!("address recall by written form:");
    for (form, (n, found)) in &by_form {
        println!("  {form:<14} {found:>5}/{n:<5} {:.4}", ratio(*found, *n));
    }
    println!("persons per file:");
    for l in &count_lines {
        println!("{l}");
    }
    for m in misses.iter().take(80) {
        println!("{m}");
    }
    let a = tallies["address"];
    let n = tallies["person_name"];
    assert!(a.recall() >= 0.95, "address recall {:.4} < 0.95", a.recall());
    assert!(a.precision() >= 0.95, "address precision {:.4} < 0.95", a.precision());
    assert!(n.precision() >= 0.95, "person_name precision {:.4} < 0.95", n.precision());
    assert!(table_errors.is_empty(), "person counts off by 5 % or more: {table_errors:?}");
}
