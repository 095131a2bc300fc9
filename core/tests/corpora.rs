//! Precision / recall of the default scanner on the labelled corpus in `corpora/text`.
//!
//! The corpus and its ground truth (`ground_truth.jsonl`, byte spans) are produced by
//! `corpora/generate.py`. A finding matches a truth item of the same kind when their byte
//! spans overlap; each truth item is matched at most once, so a second finding on the same
//! item counts as a false positive. Only the built-in personal-information kinds below are
//! counted (keyword and custom findings are ignored).
//!
//! Run `cargo test -p mamori --test corpora -- --nocapture` to see the table and every
//! false positive / false negative (masked, never the raw value).

mod common;
use common::{fp_line, overlaps, Tally, KINDS};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Kinds held to 0.98 precision and recall; the others to 0.90 (when they have >= 5 items).
const STRICT: [&str; 4] = ["my_number", "corporate_number", "phone", "credit_card"];
const STRICT_MIN: f64 = 0.98;
const LOOSE_MIN: f64 = 0.90;
const LOOSE_MIN_ITEMS: usize = 5;

struct Truth {
    kind: String,
    start: usize,
    end: usize,
    value: String,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpora/text")
}

fn load_truth(dir: &Path) -> BTreeMap<String, Vec<Truth>> {
    let path = dir.join("ground_truth.jsonl");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("cannot read {}: {e} (run corpora/generate.py)", path.display())
    });
    let mut by_file: BTreeMap<String, Vec<Truth>> = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("ground_truth.jsonl line {}: {e}", n + 1));
        let field = |k: &str| {
            v.get(k).unwrap_or_else(|| panic!("ground_truth.jsonl line {}: no {k:?}", n + 1))
        };
        let file = field("file").as_str().expect("file is a string").to_string();
        let kind = field("kind").as_str().expect("kind is a string").to_string();
        assert!(
            KINDS.contains(&kind.as_str()),
            "ground_truth.jsonl line {}: unknown kind {kind:?}",
            n + 1
        );
        let start = field("start").as_u64().expect("start is an integer") as usize;
        let end = field("end").as_u64().expect("end is an integer") as usize;
        assert!(start < end, "ground_truth.jsonl line {}: empty span", n + 1);
        let value = field("value").as_str().expect("value is a string").to_string();
        by_file.entry(file).or_default().push(Truth { kind, start, end, value });
    }
    by_file
}

/// A masked rendering of a ground-truth value for FN reports: only the last few
/// characters survive (the local part of an e-mail address keeps its first letter).
fn mask_value(kind: &str, value: &str) -> String {
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

#[test]
fn corpus_precision_and_recall() {
    evaluate(&corpus_dir());
}

/// Hand-written traps and messy forms (corpora/handwritten/cases.src), independent of the
/// generator above, so the detectors are not tuned to one generator's habits.
#[test]
fn handwritten_hard_cases() {
    evaluate(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpora/handwritten"));
}

/// Scans every file of `dir`, prints precision and recall per kind and asserts the gates.
fn evaluate(dir: &Path) {
    let dir = dir.to_path_buf();
    let truth = load_truth(&dir);

    // every file named in the ground truth, plus every .txt in the directory
    let mut files: BTreeSet<String> = truth.keys().cloned().collect();
    for entry in fs::read_dir(&dir).expect("corpora/text exists") {
        let name = entry.expect("dir entry").file_name().to_string_lossy().into_owned();
        if name.ends_with(".txt") {
            files.insert(name);
        }
    }
    assert!(!files.is_empty(), "no corpus files in {}", dir.display());

    let scanner = mamori::Scanner::builder().build().expect("default config");
    let mut tally: BTreeMap<&str, Tally> = KINDS.iter().map(|k| (*k, Tally::default())).collect();
    let mut fps: Vec<String> = Vec::new();
    let mut fns: Vec<String> = Vec::new();
    let mut total_bytes = 0usize;
    let empty: Vec<Truth> = Vec::new();

    for file in &files {
        let path = dir.join(file);
        let bytes =
            fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        total_bytes += bytes.len();
        let items = truth.get(file).unwrap_or(&empty);
        for t in items {
            assert!(
                t.end <= bytes.len(),
                "{file}: truth span {}..{} past the end of the file ({} bytes)",
                t.start,
                t.end,
                bytes.len()
            );
        }
        let report: mamori::Report = scanner.scan(&bytes);
        if report.findings_truncated {
            println!("WARNING {file}: findings were truncated (max_findings); counts may be off");
        }
        let mut matched = vec![false; items.len()];
        let mut findings: Vec<&mamori::Finding> =
            report.findings.iter().filter(|f| KINDS.contains(&f.kind.as_str())).collect();
        findings.sort_by_key(|f| (f.start, f.end));
        for f in findings {
            let kind = f.kind.as_str();
            let hit = items.iter().enumerate().position(|(i, t)| {
                !matched[i] && t.kind == kind && overlaps((t.start, t.end), (f.start, f.end))
            });
            let entry = tally.get_mut(kind).expect("known kind");
            match hit {
                Some(i) => {
                    matched[i] = true;
                    entry.tp += 1;
                }
                None => {
                    entry.fp += 1;
                    let other: Vec<&str> = items
                        .iter()
                        .filter(|t| overlaps((t.start, t.end), (f.start, f.end)))
                        .map(|t| t.kind.as_str())
                        .collect();
                    fps.push(fp_line(file, f, &other));
                }
            }
        }
        for (i, t) in items.iter().enumerate() {
            if !matched[i] {
                tally.get_mut(t.kind.as_str()).expect("known kind").fn_ += 1;
                fns.push(format!(
                    "FN {file} {} {}..{} {}",
                    t.kind,
                    t.start,
                    t.end,
                    mask_value(&t.kind, &t.value)
                ));
            }
        }
    }

    println!();
    println!(
        "corpus {}: {} files, {} bytes, {} truth items",
        dir.display(),
        files.len(),
        total_bytes,
        truth.values().map(Vec::len).sum::<usize>()
    );
    println!(
        "{:<22} {:>6} {:>5} {:>5} {:>5} {:>9} {:>7}",
        "kind", "items", "TP", "FP", "FN", "precision", "recall"
    );
    let mut all = Tally::default();
    for k in KINDS {
        let t = tally[k];
        all.tp += t.tp;
        all.fp += t.fp;
        all.fn_ += t.fn_;
        println!(
            "{:<22} {:>6} {:>5} {:>5} {:>5} {:>9.4} {:>7.4}",
            k,
            t.tp + t.fn_,
            t.tp,
            t.fp,
            t.fn_,
            t.precision(),
            t.recall()
        );
    }
    println!(
        "{:<22} {:>6} {:>5} {:>5} {:>5} {:>9.4} {:>7.4}",
        "all",
        all.tp + all.fn_,
        all.tp,
        all.fp,
        all.fn_,
        all.precision(),
        all.recall()
    );
    println!();
    for line in fps.iter().chain(fns.iter()) {
        println!("{line}");
    }

    let mut failures: Vec<String> = Vec::new();
    for k in KINDS {
        let t = tally[k];
        let items = t.tp + t.fn_;
        let min = if STRICT.contains(&k) {
            STRICT_MIN
        } else if items >= LOOSE_MIN_ITEMS {
            LOOSE_MIN
        } else {
            continue;
        };
        if t.precision() < min {
            failures.push(format!("{k}: precision {:.4} < {min}", t.precision()));
        }
        if t.recall() < min {
            failures.push(format!("{k}: recall {:.4} < {min}", t.recall()));
        }
    }
    assert!(failures.is_empty(), "corpus thresholds not met:\n  {}", failures.join("\n  "));
}
