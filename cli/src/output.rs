//! Output formats. Findings go to standard output, errors and the progress bar to standard
//! error. `jsonl` writes each finding as the engine reports it; `human` and `csv` write a
//! file's block when the file is done; `json`, `sarif` and `--summary` write one document at
//! the end, sorted (by location, or by risk for summaries) so runs can be diffed.

use crate::progress::Progress;
use crate::scan::FileResult;
use crate::settings::{FailOn, Format};
use mamori::{Action, Finding, Kind, Report, Scanner, Severity, Verdict};
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::Mutex;
use std::time::Instant;

/// How to print.
#[derive(Clone, Copy, Debug)]
pub struct OutputOpts {
    pub format: Format,
    pub summary: bool,
    pub show_values: bool,
    pub color: bool,
    pub quiet: bool,
}

impl OutputOpts {
    /// Whether findings are written one by one as they are made (and need not be kept).
    pub fn streams_findings(&self) -> bool {
        self.format == Format::Jsonl && !self.summary && !self.quiet
    }
}

/// One finding as written by `jsonl`, `json` (inside its file) and every binding.
#[derive(Serialize)]
pub struct FindingRecord<'a> {
    pub path: &'a str,
    /// Only when the finding has none of its own (its `location` is flattened in).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<&'a str>,
    #[serde(flatten)]
    pub finding: &'a Finding,
}

/// One file as written by `--summary` and `json`.
#[derive(Serialize)]
struct FileRecord<'a> {
    path: &'a str,
    location: &'a str,
    verdict: &'a Verdict,
    finding_count: u64,
    /// Estimated distinct people exposed (person records).
    persons: u64,
    personal_items: u64,
    distinct_personal_items: u64,
    counts: &'a BTreeMap<String, u64>,
    distinct_counts: &'a BTreeMap<String, u64>,
    bytes: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    findings: Option<Vec<FindingRecord<'a>>>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    findings_truncated: bool,
}

fn file_record(r: &FileResult, with_findings: bool) -> FileRecord<'_> {
    FileRecord {
        path: &r.path,
        location: &r.location,
        verdict: &r.report.verdict,
        finding_count: r.finding_count(),
        persons: r.report.persons,
        personal_items: r.report.personal_items,
        distinct_personal_items: r.report.distinct_personal_items,
        counts: &r.report.counts,
        distinct_counts: &r.report.distinct_counts,
        bytes: r.report.bytes_scanned,
        error: r.error.as_deref(),
        findings: with_findings.then(|| {
            r.report
                .findings
                .iter()
                .map(|f| FindingRecord {
                    path: &r.path,
                    location: f.location.is_none().then_some(r.location.as_str()),
                    finding: f,
                })
                .collect()
        }),
        findings_truncated: with_findings && r.report.findings_truncated,
    }
}

/// The `json` format: one document for the whole scan.
#[derive(Serialize)]
struct JsonReport<'a> {
    tool: &'static str,
    version: &'static str,
    roots: &'a [String],
    files: Vec<FileRecord<'a>>,
    errors: &'a [ErrorRecord],
    totals: &'a Totals,
}

/// The top of a SARIF log (typed so `$schema` and `version` come first).
#[derive(Serialize)]
struct SarifLog {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<serde_json::Value>,
}

/// A file that could not be read (or a path that could not be walked).
#[derive(Clone, Debug, Serialize)]
pub struct ErrorRecord {
    pub path: String,
    pub error: String,
}

/// What the whole scan found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Totals {
    pub files_scanned: u64,
    pub files_with_findings: u64,
    pub bytes_scanned: u64,
    pub finding_count: u64,
    pub counts: BTreeMap<String, u64>,
    /// Files per verdict (`allow`, `review`, `block`).
    pub verdicts: BTreeMap<String, u64>,
    pub errors: u64,
    pub elapsed_seconds: f64,
}

impl Totals {
    /// The exit status: 2 on errors, 1 when `fail_on` is met, else 0.
    pub fn exit_code(&self, fail_on: FailOn) -> i32 {
        let n = |a: &str| self.verdicts.get(a).copied().unwrap_or(0);
        let failed = match fail_on {
            FailOn::Finding => self.finding_count > 0,
            FailOn::Review => n("review") + n("block") > 0,
            FailOn::Block => n("block") > 0,
            FailOn::Never => false,
        };
        if self.errors > 0 {
            2
        } else if failed {
            1
        } else {
            0
        }
    }
}

fn action_name(a: Action) -> &'static str {
    match a {
        Action::Allow => "allow",
        Action::Review => "review",
        Action::Block => "block",
    }
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Low => "low",
        Severity::Medium => "medium",
        Severity::High => "high",
    }
}

/// The name a finding is shown under: its kind, with a keyword's label or a rule's name.
fn kind_label(f: &Finding) -> String {
    match (f.kind, &f.rule) {
        (Kind::Custom, Some(r)) => r.to_string(),
        (Kind::Keyword, Some(r)) => format!("keyword:{r}"),
        (k, _) => k.as_str().to_string(),
    }
}

// ------------------------------------------------------------------- colours

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn severity(&self, sev: Severity, s: &str) -> String {
        let code = match sev {
            Severity::High => "1;31",
            Severity::Medium => "33",
            Severity::Low => "36",
        };
        self.wrap(code, s)
    }
    fn verdict(&self, a: Action, s: &str) -> String {
        let code = match a {
            Action::Block => "1;31",
            Action::Review => "1;33",
            Action::Allow => "32",
        };
        self.wrap(code, s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
}

// ------------------------------------------------------------------- csv

/// One CSV cell: quoted when needed; text that Excel would read as a formula (`=`, `+`,
/// `-`, `@` first) gets a leading `'`.
fn csv_text(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    csv_raw(&guarded)
}

fn csv_raw(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

const CSV_BOM: &str = "\u{feff}";

// ------------------------------------------------------------------- printer

struct State {
    out: Box<dyn Write + Send>,
    /// Set when standard output went away (e.g. `| head`): stop scanning quietly.
    broken: bool,
    totals: Totals,
    /// Files with findings, kept for the formats written at the end.
    files: Vec<FileResult>,
    errors: Vec<ErrorRecord>,
}

/// Receives results from the scanning threads and writes them.
pub struct Printer<'a> {
    opts: OutputOpts,
    scanner: &'a Scanner,
    progress: &'a Progress,
    roots: Vec<String>,
    state: Mutex<State>,
    started: Instant,
}

impl<'a> Printer<'a> {
    pub fn new(
        opts: OutputOpts,
        scanner: &'a Scanner,
        progress: &'a Progress,
        roots: Vec<String>,
        out: Box<dyn Write + Send>,
    ) -> Printer<'a> {
        Printer {
            opts,
            scanner,
            progress,
            roots,
            state: Mutex::new(State {
                out,
                broken: false,
                totals: Totals::default(),
                files: Vec::new(),
                errors: Vec::new(),
            }),
            started: Instant::now(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self, st: &mut State, text: &str) {
        if st.broken || text.is_empty() {
            return;
        }
        let res = self.progress.suspend(|| {
            st.out.write_all(text.as_bytes())?;
            st.out.flush()
        });
        if let Err(e) = res {
            if e.kind() != io::ErrorKind::BrokenPipe {
                eprintln!("mamori: cannot write output: {e}");
            }
            st.broken = true;
        }
    }

    /// True once output can no longer be written.
    pub fn is_broken(&self) -> bool {
        self.lock().broken
    }

    /// Writes what comes before the first result (CSV header).
    pub fn begin(&self) {
        if self.opts.quiet || self.opts.format != Format::Csv || self.opts.summary {
            return;
        }
        let mut cols = vec![
            "path",
            "location",
            "kind",
            "rule",
            "severity",
            "confidence",
            "score",
            "line",
            "column",
            "start",
            "end",
            "masked",
        ];
        if self.opts.show_values {
            cols.push("value");
        }
        cols.extend(["hotwords", "file_verdict"]);
        let mut st = self.lock();
        let header = format!("{CSV_BOM}{}\r\n", cols.join(","));
        // The BOM and header must not be interleaved with anything: write them unbuffered.
        self.write(&mut st, &header);
    }

    /// A finding, the moment the engine reports it (used by `jsonl`).
    pub fn finding(&self, path: &str, location: &str, f: &Finding) {
        if !self.opts.streams_findings() {
            return;
        }
        let rec =
            FindingRecord { path, location: f.location.is_none().then_some(location), finding: f };
        let mut line = serde_json::to_string(&rec).unwrap_or_default();
        line.push('\n');
        let mut st = self.lock();
        if st.broken {
            return;
        }
        // Not flushed per line: the file's end flushes.
        let out = &mut st.out;
        if let Err(e) = self.progress.suspend(|| out.write_all(line.as_bytes())) {
            if e.kind() != io::ErrorKind::BrokenPipe {
                eprintln!("mamori: cannot write output: {e}");
            }
            st.broken = true;
        }
    }

    /// An error that is not tied to a scanned file's result (walking, opening a root).
    pub fn error(&self, path: &str, message: &str) {
        self.progress.suspend(|| eprintln!("mamori: {path}: {message}"));
        let mut st = self.lock();
        st.totals.errors += 1;
        st.errors.push(ErrorRecord { path: path.to_string(), error: message.to_string() });
    }

    /// A file is done.
    pub fn file_done(&self, r: FileResult) {
        if let Some(e) = &r.error {
            self.error(&r.path, e);
        }
        // Never silent: what could not be inspected is said on stderr (the verdict already
        // reflects it through the policy).
        for u in &r.report.unscannable {
            eprintln!(
                "mamori: {}: not inspected ({}): {}",
                u.location,
                serde_json::to_value(u.reason)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default(),
                u.detail
            );
        }
        let n = r.finding_count();
        let text = if self.opts.quiet || n == 0 {
            String::new()
        } else {
            match (self.opts.format, self.opts.summary) {
                (Format::Human, false) => self.human_block(&r),
                (Format::Csv, false) => self.csv_rows(&r),
                _ => String::new(),
            }
        };
        let mut st = self.lock();
        let t = &mut st.totals;
        t.files_scanned += 1;
        t.bytes_scanned += r.report.bytes_scanned;
        t.finding_count += n;
        for (k, v) in &r.report.counts {
            *t.counts.entry(k.clone()).or_default() += v;
        }
        if n > 0 {
            t.files_with_findings += 1;
        }
        *t.verdicts.entry(action_name(r.report.verdict.action).to_string()).or_default() += 1;
        if self.opts.streams_findings() {
            let _ = st.out.flush();
        }
        self.write(&mut st, &text);
        let buffered =
            self.opts.summary || matches!(self.opts.format, Format::Json | Format::Sarif);
        // Files with findings, and files that could not be fully inspected, are listed.
        if buffered && !self.opts.quiet && (n > 0 || !r.report.unscannable.is_empty()) {
            st.files.push(r);
        }
    }

    fn human_block(&self, r: &FileResult) -> String {
        let p = Paint(self.opts.color);
        let rep = &r.report;
        let action = rep.verdict.action;
        let mut s = format!(
            "{}  {}  {}\n",
            p.bold(&r.path),
            p.verdict(action, &action_name(action).to_uppercase()),
            counts_text(rep)
        );
        if !rep.verdict.reasons.is_empty() {
            s.push_str(&format!("  {}\n", p.dim(&rep.verdict.reasons.join("; "))));
        }
        for f in &rep.findings {
            let value = match (&f.text, self.opts.show_values) {
                (Some(t), true) => t.as_str(),
                _ => f.masked.as_str(),
            };
            let pos = format!("{}:{}", f.line, f.column);
            let kind = pad(&kind_label(f), 20);
            let mut line = format!(
                "  {pos:<9} {} {:<6} {}",
                p.severity(f.severity, &kind),
                f.confidence.level.as_str(),
                p.severity(f.severity, value)
            );
            if !f.hotwords.is_empty() {
                line.push_str(&format!("  {}", p.dim(&f.hotwords.join(" "))));
            }
            s.push_str(line.trim_end());
            s.push('\n');
        }
        if rep.findings_truncated {
            let shown = rep.findings.len() as u64;
            s.push_str(&format!(
                "  {}\n",
                p.dim(&format!(
                    "... {} more findings not shown (max_findings)",
                    r.finding_count().saturating_sub(shown)
                ))
            ));
        }
        s.push('\n');
        s
    }

    fn csv_rows(&self, r: &FileResult) -> String {
        let mut s = String::new();
        let verdict = action_name(r.report.verdict.action);
        for f in &r.report.findings {
            let mut cells = vec![
                csv_text(&r.path),
                csv_text(f.location.as_deref().unwrap_or(&r.location)),
                csv_raw(f.kind.as_str()),
                csv_text(f.rule.as_deref().unwrap_or("")),
                csv_raw(severity_name(f.severity)),
                csv_raw(f.confidence.level.as_str()),
                format!("{:.2}", f.confidence.score),
                f.line.to_string(),
                f.column.to_string(),
                f.start.to_string(),
                f.end.to_string(),
                csv_text(&f.masked),
            ];
            if self.opts.show_values {
                cells.push(csv_text(f.text.as_deref().unwrap_or("")));
            }
            cells.push(csv_text(&f.hotwords.join(" ")));
            cells.push(csv_raw(verdict));
            s.push_str(&cells.join(","));
            s.push_str("\r\n");
        }
        s
    }

    /// Writes what the formats keep for the end and returns the totals.
    pub fn finish(self) -> Totals {
        let elapsed = self.started.elapsed().as_secs_f64();
        let mut st = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        st.totals.elapsed_seconds = elapsed;
        let mut files = std::mem::take(&mut st.files);
        if self.opts.summary {
            files.sort_by(|a, b| risk_key(b).cmp(&risk_key(a)).then(a.path.cmp(&b.path)));
        } else {
            files.sort_by(|a, b| a.path.cmp(&b.path).then(a.location.cmp(&b.location)));
        }
        let out = if self.opts.quiet {
            String::new()
        } else {
            match (self.opts.format, self.opts.summary) {
                (Format::Human, false) => human_totals(&st.totals, self.opts.color),
                (Format::Human, true) => human_summary(&files, &st.totals, self.opts.color),
                (Format::Jsonl, true) => files
                    .iter()
                    .map(|r| {
                        serde_json::to_string(&file_record(r, false)).unwrap_or_default() + "\n"
                    })
                    .collect(),
                (Format::Json, summary) => {
                    let doc = JsonReport {
                        tool: "mamori",
                        version: env!("CARGO_PKG_VERSION"),
                        roots: &self.roots,
                        files: files.iter().map(|r| file_record(r, !summary)).collect(),
                        errors: &st.errors,
                        totals: &st.totals,
                    };
                    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
                }
                (Format::Csv, true) => csv_summary(&files),
                (Format::Sarif, _) => {
                    let doc = sarif(self.scanner, &self.roots, &files, &st.errors);
                    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
                }
                _ => String::new(),
            }
        };
        if !st.broken && !out.is_empty() {
            let res = self.progress.suspend(|| {
                st.out.write_all(out.as_bytes())?;
                st.out.flush()
            });
            if let Err(e) = res {
                if e.kind() != io::ErrorKind::BrokenPipe {
                    eprintln!("mamori: cannot write output: {e}");
                }
            }
        }
        let _ = st.out.flush();
        st.totals
    }
}

/// Sort key for "riskiest first".
fn risk_key(r: &FileResult) -> (Action, u64, u64, u64, u64) {
    let rep = &r.report;
    let personal = (rep.distinct_personal_items, rep.personal_items);
    (rep.verdict.action, rep.persons, personal.0, personal.1, r.finding_count())
}

/// `s` padded with spaces to `width` terminal columns (CJK characters count two).
fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `my_number 1, phone 3`, biggest first.
fn counts_text(rep: &Report) -> String {
    let mut counts: Vec<_> = rep.counts.iter().collect();
    counts.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let counts = counts.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ");
    match rep.persons {
        0 => counts,
        1 => format!("1 person: {counts}"),
        n => format!("{n} persons: {counts}"),
    }
}

fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

fn human_totals(t: &Totals, color: bool) -> String {
    let p = Paint(color);
    let n = |a: &str| t.verdicts.get(a).copied().unwrap_or(0);
    let mut s = format!(
        "{} ({}) scanned in {:.2}s: {} with findings",
        plural(t.files_scanned, "file", "files"),
        human_bytes(t.bytes_scanned),
        t.elapsed_seconds,
        t.files_with_findings,
    );
    if t.files_with_findings > 0 {
        s.push_str(&format!(
            " ({} block, {} review), {}",
            n("block"),
            n("review"),
            plural(t.finding_count, "finding", "findings")
        ));
    }
    if t.errors > 0 {
        s.push_str(&format!(", {}", plural(t.errors, "error", "errors")));
    }
    format!("{}\n", p.dim(&s))
}

fn human_summary(files: &[FileResult], t: &Totals, color: bool) -> String {
    let p = Paint(color);
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
    s.push_str(&human_totals(t, color));
    s
}

fn csv_summary(files: &[FileResult]) -> String {
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
    let mut s = String::from(CSV_BOM);
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
    header.extend(keys.iter().map(|k| csv_text(k)));
    s.push_str(&header.join(","));
    s.push_str("\r\n");
    for r in files {
        let rep = &r.report;
        let mut cells = vec![
            csv_text(&r.path),
            csv_text(&r.location),
            action_name(rep.verdict.action).to_string(),
            csv_text(&rep.verdict.reasons.join("; ")),
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

// ------------------------------------------------------------------- sarif

const KIND_DESCRIPTIONS: [(Kind, &str); 14] = [
    (Kind::MyNumber, "My Number (個人番号), check digit verified"),
    (Kind::CorporateNumber, "Corporate number (法人番号) or invoice registration number"),
    (Kind::Phone, "Telephone number of the Japanese numbering plan"),
    (Kind::PostalCode, "Japanese postal code (郵便番号)"),
    (Kind::CreditCard, "Payment card number (issuer range and Luhn checked)"),
    (Kind::Email, "E-mail address"),
    (Kind::BankAccount, "Bank account number"),
    (Kind::Passport, "Passport number (旅券番号)"),
    (Kind::ResidenceCard, "Residence card number (在留カード番号)"),
    (Kind::BasicPensionNumber, "Basic pension number (基礎年金番号)"),
    (Kind::DriversLicense, "Driver's licence number (運転免許証番号)"),
    (Kind::Address, "Postal address (住所), validated against Japan Post place names"),
    (Kind::PersonName, "Personal name (氏名) marked by an honorific, label or name column"),
    (Kind::Keyword, "Confidential keyword from the configuration"),
];

/// An `f32` score as the short decimal it was written as (not 0.8999999761581421).
fn round3(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// A location as a relative URI reference: bytes outside the unreserved set (and the
/// convention's `/`, `!`, `#`, `%`) percent-encoded.
pub fn location_uri(location: &str) -> String {
    let mut out = String::with_capacity(location.len());
    for &b in location.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!#%".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `file:///abs/root/` for a root folder (the base the locations are relative to).
fn root_uri(root: &str) -> Option<String> {
    let abs = std::fs::canonicalize(root).ok()?;
    let base = if abs.is_dir() { abs } else { abs.parent()?.to_path_buf() };
    let mut s = location_uri(&base.to_string_lossy());
    if !s.ends_with('/') {
        s.push('/');
    }
    Some(format!("file://{s}"))
}

/// Which root a path was reached from (the longest root that prefixes it).
fn root_index(roots: &[String], path: &str) -> Option<usize> {
    roots
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            let r = r.strip_prefix("./").unwrap_or(r).trim_end_matches('/');
            r == "." || path == r || path.starts_with(&format!("{r}/"))
        })
        .max_by_key(|(_, r)| r.len())
        .map(|(i, _)| i)
}

fn sarif(
    scanner: &Scanner,
    roots: &[String],
    files: &[FileResult],
    errors: &[ErrorRecord],
) -> SarifLog {
    let mut rules = Vec::new();
    let mut rule_index = BTreeMap::new();
    for (kind, text) in KIND_DESCRIPTIONS {
        rule_index.insert(kind.as_str().to_string(), rules.len());
        rules.push(json!({
            "id": kind.as_str(),
            "name": kind.as_str(),
            "shortDescription": { "text": text },
            "defaultConfiguration": { "level": sarif_level(Severity::of_kind(kind)) },
        }));
    }
    for r in &scanner.config().regexes {
        rule_index.insert(r.name.clone(), rules.len());
        rules.push(json!({
            "id": r.name,
            "name": r.name,
            "shortDescription": { "text": format!("Custom rule {}", r.name) },
            "defaultConfiguration": { "level": sarif_level(r.severity) },
        }));
    }
    let mut bases = serde_json::Map::new();
    for (i, r) in roots.iter().enumerate() {
        if let Some(uri) = root_uri(r) {
            bases.insert(format!("ROOT{i}"), json!({ "uri": uri }));
        }
    }
    let mut results = Vec::new();
    for file in files {
        let base = root_index(roots, &file.path).map(|i| format!("ROOT{i}"));
        for f in &file.report.findings {
            let key = f.count_key();
            let place = f.location.as_deref().unwrap_or(&file.location);
            let mut artifact = json!({ "uri": location_uri(place) });
            if let Some(b) = base.as_ref().filter(|b| bases.contains_key(*b)) {
                artifact["uriBaseId"] = json!(b);
            }
            let mut props = json!({
                "kind": f.kind.as_str(),
                "confidence": f.confidence.level.as_str(),
                "score": round3(f.confidence.score),
                "masked": f.masked,
                "hotwords": f.hotwords,
                "path": file.path,
                "location": place,
                "fileVerdict": action_name(file.report.verdict.action),
            });
            if let Some(r) = &f.rule {
                props["rule"] = json!(r);
            }
            if let Some(t) = &f.text {
                props["value"] = json!(t);
            }
            let mut result = json!({
                "ruleId": key,
                "level": sarif_level(f.severity),
                "message": { "text": format!(
                    "{} ({} confidence): {}",
                    kind_label(f),
                    f.confidence.level.as_str(),
                    f.masked
                ) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "byteOffset": f.start,
                            "byteLength": f.end - f.start,
                        }
                    }
                }],
                "properties": props,
            });
            if let Some(&i) = rule_index.get(key) {
                result["ruleIndex"] = json!(i);
            }
            results.push(result);
        }
    }
    let notifications: Vec<_> = errors
        .iter()
        .map(|e| {
            json!({
                "level": "error",
                "message": { "text": format!("{}: {}", e.path, e.error) },
            })
        })
        .collect();
    let mut run = json!({
        "tool": { "driver": {
            "name": "mamori",
            "version": env!("CARGO_PKG_VERSION"),
            "rules": rules,
        }},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [{
            "executionSuccessful": errors.is_empty(),
            "toolExecutionNotifications": notifications,
        }],
    });
    if !bases.is_empty() {
        run["originalUriBaseIds"] = serde_json::Value::Object(bases);
    }
    SarifLog {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: vec![run],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells() {
        assert_eq!(csv_text("a,b"), "\"a,b\"");
        assert_eq!(csv_text("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_text("+81-3-****-5678"), "'+81-3-****-5678");
        assert_eq!(csv_text("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_text("営業部/顧客.txt"), "営業部/顧客.txt");
    }

    #[test]
    fn uris() {
        assert_eq!(location_uri("a b/c.txt"), "a%20b/c.txt");
        assert_eq!(location_uri("営"), "%E5%96%B6");
        assert_eq!(location_uri("x.zip!y.xlsx#S!C1"), "x.zip!y.xlsx#S!C1");
    }

    #[test]
    fn roots() {
        let roots = vec![".".to_string(), "corpora/text".to_string()];
        assert_eq!(root_index(&roots, "corpora/text/a.txt"), Some(1));
        assert_eq!(root_index(&roots, "b.txt"), Some(0));
    }
}
