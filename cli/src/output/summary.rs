//! `--summary`: per-file counts and verdicts only, riskiest first (an inventory), as a
//! table (`human`), file records (`jsonl`, `json`) or one row per file (`csv`); each file
//! says how many of its parts could not be inspected.

use super::human::{file_counts_text, totals_line, Paint};
use super::json::{document, FileRecord};
use super::{action_name, csv, End, File, Writer};
use crate::settings::Format;
use crate::walk::path_order;
use mamori::{Action, Kind};
use serde::Serialize;

/// A file record as one `jsonl` line (`"type":"file"`).
#[derive(Serialize)]
struct FileLine<'a> {
    #[serde(rename = "type")]
    record_type: &'static str,
    #[serde(flatten)]
    file: FileRecord<'a>,
}

/// Keeps the listed files and writes them sorted by risk at the end.
pub struct Summary {
    format: Format,
    paint: Paint,
    roots: Vec<String>,
    files: Vec<File>,
}

impl Summary {
    pub fn new(format: Format, color: bool, roots: &[String]) -> Summary {
        Summary { format, paint: Paint(color), roots: roots.to_vec(), files: Vec::new() }
    }
}

impl Writer for Summary {
    fn end_file(&mut self, file: File, _out: &mut String) {
        if file.is_listed() {
            self.files.push(file);
        }
    }

    fn finish(&mut self, end: &End<'_>, out: &mut String) {
        self.files.sort_by(|a, b| {
            risk_key(b).cmp(&risk_key(a)).then(path_order(&a.result.path, &b.result.path))
        });
        let files = &self.files;
        match self.format {
            Format::Human => out.push_str(&table(files, end, &self.paint)),
            Format::Jsonl => {
                for r in files {
                    let line = FileLine { record_type: "file", file: FileRecord::new(r, false) };
                    out.push_str(&serde_json::to_string(&line).unwrap_or_default());
                    out.push('\n');
                }
            }
            Format::Json => out.push_str(&document(&self.roots, files, false, end)),
            Format::Csv => out.push_str(&csv_rows(files)),
            // Refused before the scan starts: SARIF has no summary form.
            Format::Sarif => {}
        }
    }
}

/// Sort key for "riskiest first".
fn risk_key(file: &File) -> (Action, u64, u64, u64, u64) {
    let r = &file.result;
    let rep = &r.report;
    let personal = (rep.counted_personal_items, rep.personal_items);
    (rep.verdict.action, rep.persons, personal.0, personal.1, r.finding_count())
}

fn table(files: &[File], end: &End<'_>, p: &Paint) -> String {
    let mut s = format!(
        "{}\n",
        p.bold(&format!(
            "{:<7} {:>7} {:>8} {:>8}  {}",
            "VERDICT", "PERSONS", "PERSONAL", "FINDINGS", "PATH  (counts per kind)"
        ))
    );
    for file in files {
        let r = &file.result;
        let rep = &r.report;
        let a = rep.verdict.action;
        s.push_str(&format!(
            "{} {:>7} {:>8} {:>8}  {}  {}\n",
            p.verdict(a, &format!("{:<7}", action_name(a))),
            rep.persons,
            rep.counted_personal_items,
            r.finding_count(),
            r.path,
            p.dim(&file_counts_text(file)),
        ));
    }
    s.push('\n');
    s.push_str(&totals_line(end.totals, p));
    s
}

fn csv_rows(files: &[File]) -> String {
    let files: Vec<_> = files.iter().map(|f| (&f.result, f.unscannable_count)).collect();
    // One count column per kind seen, built-in kinds in their stable order first.
    let mut keys: Vec<String> = Kind::ALL
        .iter()
        .map(|k| k.as_str().to_string())
        .filter(|k| files.iter().any(|(r, _)| r.report.counts.contains_key(k)))
        .collect();
    let mut extra: Vec<String> = files
        .iter()
        .flat_map(|(r, _)| r.report.counts.keys())
        .filter(|k| !keys.contains(k))
        .cloned()
        .collect();
    extra.sort();
    extra.dedup();
    keys.extend(extra);
    let mut s = String::from(csv::BOM);
    let mut header = vec![
        "path",
        "location",
        "verdict",
        "reasons",
        "persons",
        "counted_personal_items",
        "distinct_personal_items",
        "personal_items",
        "finding_count",
        "bytes",
        "unscannable",
    ]
    .into_iter()
    .map(str::to_string)
    .collect::<Vec<_>>();
    header.extend(keys.iter().map(|k| csv::text(k)));
    s.push_str(&header.join(","));
    s.push_str("\r\n");
    for (r, unscannable) in files {
        let rep = &r.report;
        let mut cells = vec![
            csv::text(&r.path),
            csv::text(&r.location),
            action_name(rep.verdict.action).to_string(),
            csv::text(&rep.verdict.reasons.join("; ")),
            rep.persons.to_string(),
            rep.counted_personal_items.to_string(),
            rep.distinct_personal_items.to_string(),
            rep.personal_items.to_string(),
            r.finding_count().to_string(),
            rep.bytes_scanned.to_string(),
            unscannable.to_string(),
        ];
        cells.extend(keys.iter().map(|k| rep.counts.get(k).copied().unwrap_or(0).to_string()));
        s.push_str(&cells.join(","));
        s.push_str("\r\n");
    }
    s
}
