//! `--summary`: per-file counts and verdicts only, riskiest first (an inventory), as a
//! table (`human`), file records (`jsonl`, `json`) or one row per file (`csv`).

use super::human::{counts_text, totals_line, Paint};
use super::json::{document, FileRecord};
use super::{action_name, csv, is_listed, End, Writer};
use crate::scan::FileResult;
use crate::settings::Format;
use mamori::{Action, Kind};

/// Keeps the listed files and writes them sorted by risk at the end.
pub struct Summary {
    format: Format,
    paint: Paint,
    roots: Vec<String>,
    files: Vec<FileResult>,
}

impl Summary {
    pub fn new(format: Format, color: bool, roots: &[String]) -> Summary {
        Summary { format, paint: Paint(color), roots: roots.to_vec(), files: Vec::new() }
    }
}

impl Writer for Summary {
    fn end_file(&mut self, file: FileResult, _out: &mut String) {
        if is_listed(&file) {
            self.files.push(file);
        }
    }

    fn finish(&mut self, end: &End<'_>, out: &mut String) {
        self.files.sort_by(|a, b| risk_key(b).cmp(&risk_key(a)).then(a.path.cmp(&b.path)));
        let files = &self.files;
        match self.format {
            Format::Human => out.push_str(&table(files, end, &self.paint)),
            Format::Jsonl => {
                for r in files {
                    out.push_str(
                        &serde_json::to_string(&FileRecord::new(r, false)).unwrap_or_default(),
                    );
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
fn risk_key(r: &FileResult) -> (Action, u64, u64, u64, u64) {
    let rep = &r.report;
    let personal = (rep.distinct_personal_items, rep.personal_items);
    (rep.verdict.action, rep.persons, personal.0, personal.1, r.finding_count())
}

fn table(files: &[FileResult], end: &End<'_>, p: &Paint) -> String {
    let mut s = format!(
        "{}\n",
        p.bold(&format!(
            "{:<7} {:>7} {:>8} {:>8}  {}",
            "VERDICT", "PERSONS", "PERSONAL", "FINDINGS", "PATH  (counts per kind)"
        ))
    );
    for r in files {
        let rep = &r.report;
        let a = rep.verdict.action;
        s.push_str(&format!(
            "{} {:>7} {:>8} {:>8}  {}  {}\n",
            p.verdict(a, &format!("{:<7}", action_name(a))),
            rep.persons,
            rep.distinct_personal_items,
            r.finding_count(),
            r.path,
            p.dim(&counts_text(rep)),
        ));
    }
    s.push('\n');
    s.push_str(&totals_line(end.totals, p));
    s
}

fn csv_rows(files: &[FileResult]) -> String {
    // One count column per kind seen, built-in kinds in their stable order first.
    let mut keys: Vec<String> = Kind::ALL
        .iter()
        .map(|k| k.as_str().to_string())
        .filter(|k| files.iter().any(|r| r.report.counts.contains_key(k)))
        .collect();
    let mut extra: Vec<String> = files
        .iter()
        .flat_map(|r| r.report.counts.keys())
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
        "distinct_personal_items",
        "personal_items",
        "finding_count",
        "bytes",
    ]
    .into_iter()
    .map(str::to_string)
    .collect::<Vec<_>>();
    header.extend(keys.iter().map(|k| csv::text(k)));
    s.push_str(&header.join(","));
    s.push_str("\r\n");
    for r in files {
        let rep = &r.report;
        let mut cells = vec![
            csv::text(&r.path),
            csv::text(&r.location),
            action_name(rep.verdict.action).to_string(),
            csv::text(&rep.verdict.reasons.join("; ")),
            rep.persons.to_string(),
            rep.distinct_personal_items.to_string(),
            rep.personal_items.to_string(),
            r.finding_count().to_string(),
            rep.bytes_scanned.to_string(),
        ];
        cells.extend(keys.iter().map(|k| rep.counts.get(k).copied().unwrap_or(0).to_string()));
        s.push_str(&cells.join(","));
        s.push_str("\r\n");
    }
    s
}
