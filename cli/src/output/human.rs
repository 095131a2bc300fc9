//! `--format human` (the default): per file with findings or parts that could not be
//! inspected, the path, verdict and counts, then one line per finding (the file with its
//! member or attachment, the place inside it, a line and column where they help, kind,
//! confidence, masked value, context words) and one per part not inspected (where, and
//! why); two totals lines at the end.

use super::place::{position, Place};
use super::unscannable::{plural_parts, reason_name};
use super::{action_name, kind_label, End, File, NotInspected, Totals, Writer};
use mamori::{Action, Finding, Report, Severity};

/// ANSI colours, or none.
pub struct Paint(pub bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    pub fn severity(&self, sev: Severity, s: &str) -> String {
        let code = match sev {
            Severity::High => "1;31",
            Severity::Medium => "33",
            Severity::Low => "36",
        };
        self.wrap(code, s)
    }
    pub fn verdict(&self, a: Action, s: &str) -> String {
        let code = match a {
            Action::Block => "1;31",
            Action::Review => "1;33",
            Action::Allow => "32",
        };
        self.wrap(code, s)
    }
    /// What needs a person's look: parts not inspected.
    pub fn warn(&self, s: &str) -> String {
        self.wrap("33", s)
    }
    pub fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    pub fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
}

/// Widest file and place columns; longer ones push the rest of their line right.
const MAX_FILE_WIDTH: usize = 40;
const MAX_PLACE_WIDTH: usize = 24;

/// Column widths of one file's block (0: the column is left out).
#[derive(Clone, Copy, Default)]
struct Widths {
    file: usize,
    place: usize,
    position: usize,
}

/// Writes a block per file with findings or parts that could not be inspected.
pub struct Human {
    paint: Paint,
    show_values: bool,
    /// Column widths of the current block.
    widths: Widths,
    /// Whether the current block's findings are all written (the truncation note too).
    findings_done: bool,
}

impl Human {
    pub fn new(color: bool, show_values: bool) -> Human {
        Human { paint: Paint(color), show_values, widths: Widths::default(), findings_done: false }
    }

    /// The note for findings beyond `max_findings`, once, after the last finding shown.
    fn close_findings(&mut self, file: &File, s: &mut String) {
        if std::mem::replace(&mut self.findings_done, true) {
            return;
        }
        let r = &file.result;
        if r.report.findings_truncated {
            let shown = r.report.findings.len() as u64;
            s.push_str(&format!(
                "  {}\n",
                self.paint.dim(&format!(
                    "... {} more findings not shown (--max-findings)",
                    r.finding_count().saturating_sub(shown)
                ))
            ));
        }
    }
}

fn is_shown(file: &File) -> bool {
    file.result.finding_count() > 0 || file.unscannable_count > 0
}

fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

impl Writer for Human {
    fn begin_file(&mut self, file: &File, s: &mut String) {
        if !is_shown(file) {
            return;
        }
        let r = &file.result;
        let findings = r.report.findings.iter().map(|f| (place(file, f), position_of(file, f)));
        let parts = file.unscannable.iter().map(|u| (part_place(file, u), String::new()));
        let mut w = Widths::default();
        for (place, pos) in findings.chain(parts) {
            w.file = w.file.max(width(place.file));
            w.place = w.place.max(width(place.inner));
            w.position = w.position.max(width(&pos));
        }
        w.file = w.file.min(MAX_FILE_WIDTH);
        w.place = w.place.min(MAX_PLACE_WIDTH);
        self.widths = w;
        self.findings_done = false;
        let p = &self.paint;
        let rep = &r.report;
        let action = rep.verdict.action;
        s.push_str(&format!(
            "{}  {}  {}\n",
            p.bold(&r.path),
            p.verdict(action, &action_name(action).to_uppercase()),
            file_counts_text(file)
        ));
        if !rep.verdict.reasons.is_empty() {
            s.push_str(&format!("  {}\n", p.dim(&rep.verdict.reasons.join("; "))));
        }
    }

    fn finding(&mut self, file: &File, f: &Finding, s: &mut String) {
        let p = &self.paint;
        let value = match (&f.text, self.show_values) {
            (Some(t), true) => t.as_str(),
            _ => f.masked.as_str(),
        };
        let where_ = self.columns(place(file, f), &position_of(file, f));
        let kind = pad(&kind_label(f), 20);
        let mut line = format!(
            "  {where_}{} {:<6} {}",
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

    fn unscannable(&mut self, file: &File, part: &NotInspected, s: &mut String) {
        self.close_findings(file, s);
        let where_ = self.columns(part_place(file, part), "");
        let p = &self.paint;
        let line = if part.more {
            format!("  {where_}{}", p.warn(&format!("not inspected: {}", part.detail)))
        } else {
            let what = format!("not inspected ({})", reason_name(part.reason));
            format!("  {where_}{}  {}", p.warn(&what), p.dim(&part.detail))
        };
        s.push_str(line.trim_end());
        s.push('\n');
    }

    fn end_file(&mut self, file: File, s: &mut String) {
        if !is_shown(&file) {
            return;
        }
        self.close_findings(&file, s);
        s.push('\n');
    }

    fn finish(&mut self, end: &End<'_>, out: &mut String) {
        out.push_str(&totals_line(end.totals, &self.paint));
    }
}

impl Human {
    /// The file, place and position columns of a line, padded to the block's widths, each
    /// followed by two spaces; a column no line of the block uses is left out.
    fn columns(&self, place: Place<'_>, position: &str) -> String {
        let w = self.widths;
        let mut s = format!("{}  ", pad(place.file, w.file));
        if w.place > 0 {
            s.push_str(&format!("{}  ", pad(place.inner, w.place)));
        }
        if w.position > 0 {
            s.push_str(&format!("{}  ", pad(position, w.position)));
        }
        s
    }
}

/// Where a finding is: its own location, or its file's, split into file and place.
fn place<'a>(file: &'a File, f: &'a Finding) -> Place<'a> {
    let location = f.location.as_deref().unwrap_or(&file.result.location);
    Place::split(location, &file.result.location)
}

fn part_place<'a>(file: &'a File, part: &'a NotInspected) -> Place<'a> {
    Place::split(&part.location, &file.result.location)
}

/// A finding's line and column, where they help (see [`position`]).
fn position_of(file: &File, f: &Finding) -> String {
    position(place(file, f).inner, f.line, f.column)
}

/// `s` padded with spaces to `width` terminal columns (CJK characters count two).
pub fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `my_number 1, phone 3`, biggest first.
pub fn counts_text(rep: &Report) -> String {
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

/// The counts of a file, then how many of its parts could not be inspected.
pub fn file_counts_text(file: &File) -> String {
    let counts = counts_text(&file.result.report);
    let n = file.unscannable_count;
    let unread = format!("{} not inspected", plural_parts(n));
    match (counts.is_empty(), n) {
        (_, 0) => counts,
        (true, _) => unread,
        (false, _) => format!("{counts}; {unread}"),
    }
}

/// The two lines that end the human output and the summary table: what was read, then
/// what the output lists (the files shown above, by verdict) and what it holds.
pub fn totals_line(t: &Totals, p: &Paint) -> String {
    let read = format!(
        "{}, {} on disk, {} of text read in {:.2}s",
        plural(t.files_scanned, "file", "files"),
        human_bytes(t.bytes_on_disk),
        human_bytes(t.bytes_scanned),
        t.elapsed_seconds,
    );
    let mut listed = if t.files_listed == 0 {
        "nothing to list: no findings, every part read".to_string()
    } else {
        // Verdicts of the listed files only, worst first, so they add up to the number.
        let by_verdict: Vec<String> = ["block", "review", "allow"]
            .iter()
            .filter_map(|&a| {
                t.listed_verdicts.get(a).filter(|&&n| n > 0).map(|n| format!("{n} {a}"))
            })
            .collect();
        let mut parts = Vec::new();
        if t.finding_count > 0 {
            parts.push(format!(
                "{} in {}",
                plural(t.finding_count, "finding", "findings"),
                plural(t.files_with_findings, "file", "files")
            ));
        }
        if t.unscannable_count > 0 {
            parts.push(format!(
                "{} not inspected in {}",
                plural_parts(t.unscannable_count),
                plural(t.files_with_unscannable, "file", "files")
            ));
        }
        format!(
            "{} listed ({}): {}",
            plural(t.files_listed, "file", "files"),
            by_verdict.join(", "),
            parts.join(", ")
        )
    };
    if t.errors > 0 {
        listed.push_str(&format!("; {} (see above)", plural(t.errors, "error", "errors")));
    }
    format!("{}\n{}\n", p.dim(&read), p.dim(&listed))
}
