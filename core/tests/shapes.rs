//! Precision / recall of the default scanner per leak shape and kind, on the labelled corpus
//! in `corpora/shapes` (made by `corpora/shapes/generate.py` from Faker, phonenumbers and
//! python-stdnum, independent of the detectors' own tables; see its README).
//!
//! Each file is scanned with `Scanner::scan_path`, as a user's file would be. For a text
//! file the findings' offsets are the file's bytes: a finding matches a truth item of the
//! same kind whose span it overlaps and whose value it reads the same (digits, or the
//! lower-cased address of an e-mail). Each truth item is matched at most once. A mail goes
//! through extraction, so its offsets are relative to the extracted parts: there the
//! distinct (kind, value) pairs found are compared with the distinct pairs labelled.
//!
//! Gates per (shape, kind) with at least `MIN_ITEMS` items: precision and recall at least
//! 0.95 for My Number, phone, card and corporate number, 0.85 for the other kinds. A kind
//! with fewer items in a shape must have no false positive there. The `decoys` family holds
//! look-alikes only (besides two labelled header addresses): it must yield no finding of
//! any built-in kind, addresses and personal names included. Elsewhere addresses and names
//! are not counted (the persons corpus measures them).
//!
//! `cargo test -p mamori --test shapes -- --nocapture` prints the table and every false
//! positive / false negative (masked, never the raw value).

mod common;
use common::{fp_line, overlaps, Tally, KINDS};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Kinds counted only in the decoys family, where any finding of them is false.
const DECOY_ONLY_KINDS: [&str; 2] = ["address", "person_name"];
const DECOYS: &str = "decoys";

const STRICT: [&str; 4] = ["my_number", "corporate_number", "phone", "credit_card"];
const STRICT_MIN: f64 = 0.95;
const LOOSE_MIN: f64 = 0.85;
const MIN_ITEMS: usize = 5;

struct Truth {
    kind: String,
    /// Byte span in the file; `None` for items of a mail (matched by value).
    span: Option<(usize, usize)>,
    value: String,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpora/shapes")
}

/// The comparable value of an item: the lower-cased address of an e-mail, the upper-cased
/// letters and digits of a passport or residence card, the digits of anything else
/// (full-width forms folded).
fn norm(kind: &str, text: &str) -> String {
    let folded = text.chars().map(|c| match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    });
    match kind {
        "email" => folded.collect::<String>().trim().to_lowercase(),
        "passport" | "residence_card" => {
            folded.filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect()
        }
        _ => folded.filter(char::is_ascii_digit).collect(),
    }
}

/// Only the last few characters survive (an e-mail keeps the first letter of its local
/// part and its domain).
fn mask(kind: &str, value: &str) -> String {
    if kind == "email" {
        if let Some((local, domain)) = value.split_once('@') {
            let first: String = local.chars().take(1).collect();
            return format!("{first}***@{domain}");
        }
    }
    let chars: Vec<char> = value.chars().collect();
    let keep = if chars.len() >= 10 { 4 } else { 2 };
    chars.iter().enumerate().map(|(i, c)| if i + keep < chars.len() { '*' } else { *c }).collect()
}

fn load_truth(dir: &Path) -> BTreeMap<String, Vec<Truth>> {
    let path = dir.join("ground_truth.jsonl");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("cannot read {}: {e} (run corpora/shapes/generate.py)", path.display())
    });
    let mut by_file: BTreeMap<String, Vec<Truth>> = BTreeMap::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("ground_truth.jsonl line {}: {e}", n + 1));
        let s = |k: &str| {
            v[k].as_str()
                .unwrap_or_else(|| panic!("ground_truth.jsonl line {}: no {k:?}", n + 1))
                .to_string()
        };
        let (file, kind, value) = (s("file"), s("kind"), s("value"));
        assert!(KINDS.contains(&kind.as_str()), "line {}: unknown kind {kind:?}", n + 1);
        let span = match (v["start"].as_u64(), v["end"].as_u64()) {
            (Some(a), Some(b)) => Some((a as usize, b as usize)),
            _ => None,
        };
        assert_eq!(
            span.is_none(),
            is_mail(&file),
            "line {}: mail items have no span, text items have one",
            n + 1
        );
        by_file.entry(file).or_default().push(Truth { kind, span, value });
    }
    by_file
}

fn is_mail(file: &str) -> bool {
    file.ends_with(".eml")
}

/// Every generated file: `<shape>/<name>`.
fn corpus_files(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for shape in fs::read_dir(dir).expect("corpora/shapes exists") {
        let shape = shape.expect("dir entry").path();
        if !shape.is_dir() {
            continue;
        }
        let shape_name = shape.file_name().unwrap().to_string_lossy().into_owned();
        for f in fs::read_dir(&shape).expect("shape dir") {
            let name = f.expect("dir entry").file_name().to_string_lossy().into_owned();
            files.push(format!("{shape_name}/{name}"));
        }
    }
    files.sort();
    files
}

fn shape_of(file: &str) -> &str {
    file.split('/').next().unwrap_or(file)
}

/// Tallies per (shape, kind), kinds in report order: `KINDS` then `DECOY_ONLY_KINDS`.
type Tallies = BTreeMap<(String, usize), Tally>;

fn kind_name(index: usize) -> &'static str {
    KINDS.iter().chain(DECOY_ONLY_KINDS.iter()).nth(index).expect("kind index")
}

fn tally<'a>(t: &'a mut Tallies, shape: &str, kind: &str) -> &'a mut Tally {
    let index = KINDS
        .iter()
        .chain(DECOY_ONLY_KINDS.iter())
        .position(|k| *k == kind)
        .expect("a counted kind");
    t.entry((shape.to_string(), index)).or_default()
}

#[test]
fn precision_and_recall_per_shape() {
    let dir = corpus_dir();
    let truth = load_truth(&dir);
    let files = corpus_files(&dir);
    for f in truth.keys() {
        assert!(files.contains(f), "ground truth names a missing file {f}");
    }
    let item_count: usize = truth.values().map(Vec::len).sum();
    assert!(item_count >= 1000, "ground truth too small: {item_count} items");

    let scanner = mamori::Scanner::builder().reveal_values(true).build().expect("default config");
    let mut tallies: Tallies = BTreeMap::new();
    let mut notes: Vec<String> = Vec::new();
    let empty: Vec<Truth> = Vec::new();

    for file in &files {
        let shape = shape_of(file);
        let path = dir.join(file);
        let items = truth.get(file).unwrap_or(&empty);
        let report = scanner
            .scan_path(&path)
            .unwrap_or_else(|e| panic!("cannot scan {}: {e}", path.display()));
        assert!(report.unscannable.is_empty(), "{file}: {:?}", report.unscannable);
        assert!(!report.findings_truncated, "{file}: findings truncated");
        let counted = |kind: &str| {
            KINDS.contains(&kind) || (shape == DECOYS && DECOY_ONLY_KINDS.contains(&kind))
        };
        let findings: Vec<&mamori::Finding> =
            report.findings.iter().filter(|f| counted(f.kind.as_str())).collect();
        let value_of =
            |f: &mamori::Finding| norm(f.kind.as_str(), f.text.as_deref().unwrap_or_default());

        if is_mail(file) {
            // Distinct (kind, value) pairs: a mail's parts are scanned apart and an address
            // may be written twice (link target and text).
            let want: BTreeSet<(String, String)> =
                items.iter().map(|t| (t.kind.clone(), t.value.clone())).collect();
            let got: BTreeSet<(String, String)> =
                findings.iter().map(|f| (f.kind.as_str().to_string(), value_of(f))).collect();
            for (kind, value) in want.union(&got) {
                let t = tally(&mut tallies, shape, kind);
                match (
                    want.contains(&(kind.clone(), value.clone())),
                    got.contains(&(kind.clone(), value.clone())),
                ) {
                    (true, true) => t.tp += 1,
                    (false, true) => {
                        t.fp += 1;
                        notes.push(format!("FP {file} {kind} {}", mask(kind, value)));
                    }
                    (true, false) => {
                        t.fn_ += 1;
                        notes.push(format!("FN {file} {kind} {}", mask(kind, value)));
                    }
                    (false, false) => unreachable!(),
                }
            }
            continue;
        }

        let bytes = fs::read(&path).expect("readable");
        for t in items {
            let (s, e) = t.span.expect("text items have spans");
            let written = bytes.get(s..e).and_then(|b| std::str::from_utf8(b).ok());
            assert_eq!(
                written.map(|w| norm(&t.kind, w)).as_deref(),
                Some(t.value.as_str()),
                "{file}: truth span {s}..{e} does not hold its value"
            );
        }
        let name = path.file_name().unwrap().to_string_lossy();
        let mut matched = vec![false; items.len()];
        let mut sorted = findings.clone();
        sorted.sort_by_key(|f| (f.start, f.end));
        for f in sorted {
            assert_eq!(
                f.location.as_deref(),
                Some(&*name),
                "{file}: text read through a decoder, offsets are not the file's"
            );
            let kind = f.kind.as_str();
            let value = value_of(f);
            let hit = items.iter().enumerate().position(|(i, t)| {
                !matched[i]
                    && t.kind == kind
                    && t.value == value
                    && overlaps(t.span.expect("span"), (f.start, f.end))
            });
            let entry = tally(&mut tallies, shape, kind);
            match hit {
                Some(i) => {
                    matched[i] = true;
                    entry.tp += 1;
                }
                None => {
                    entry.fp += 1;
                    let under: Vec<&str> = items
                        .iter()
                        .filter(|t| overlaps(t.span.expect("span"), (f.start, f.end)))
                        .map(|t| t.kind.as_str())
                        .collect();
                    notes.push(fp_line(file, f, &under));
                }
            }
        }
        for (i, t) in items.iter().enumerate() {
            if !matched[i] {
                tally(&mut tallies, shape, &t.kind).fn_ += 1;
                let (s, e) = t.span.expect("span");
                notes.push(format!("FN {file} {} {s}..{e} {}", t.kind, mask(&t.kind, &t.value)));
            }
        }
    }

    print_table(&files, item_count, &tallies);
    for line in notes
        .iter()
        .filter(|l| l.starts_with("FP"))
        .chain(notes.iter().filter(|l| l.starts_with("FN")))
    {
        println!("{line}");
    }

    let mut failures = Vec::new();
    for ((shape, kind), t) in &tallies {
        let kind = kind_name(*kind);
        if shape == DECOYS || t.items() < MIN_ITEMS {
            if t.fp > 0 {
                failures.push(format!("{shape}/{kind}: {} false positive(s)", t.fp));
            }
            continue;
        }
        let min = if STRICT.contains(&kind) { STRICT_MIN } else { LOOSE_MIN };
        if t.precision() < min {
            failures.push(format!("{shape}/{kind}: precision {:.4} < {min}", t.precision()));
        }
        if t.recall() < min {
            failures.push(format!("{shape}/{kind}: recall {:.4} < {min}", t.recall()));
        }
    }
    assert!(failures.is_empty(), "shape thresholds not met:\n  {}", failures.join("\n  "));
}

fn print_table(files: &[String], item_count: usize, tallies: &Tallies) {
    println!();
    println!("corpus corpora/shapes: {} files, {item_count} truth items", files.len());
    println!(
        "{:<13} {:<21} {:>5} {:>5} {:>5} {:>5} {:>9} {:>7}",
        "shape", "kind", "items", "TP", "FP", "FN", "precision", "recall"
    );
    let row = |shape: &str, kind: &str, t: &Tally| {
        println!(
            "{:<13} {:<21} {:>5} {:>5} {:>5} {:>5} {:>9.4} {:>7.4}",
            shape,
            kind,
            t.items(),
            t.tp,
            t.fp,
            t.fn_,
            t.precision(),
            t.recall()
        );
    };
    let mut shapes: Vec<&str> = tallies.keys().map(|(s, _)| s.as_str()).collect();
    shapes.dedup();
    let mut all = Tally::default();
    for shape in shapes {
        let mut total = Tally::default();
        for ((s, kind), t) in tallies.iter().filter(|((s, _), _)| s == shape) {
            row(s, kind_name(*kind), t);
            total.add(*t);
        }
        row(shape, "(all kinds)", &total);
        all.add(total);
    }
    row("all", "(all kinds)", &all);
    println!();
}
