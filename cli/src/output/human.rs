//! `--format human` (the default): per file with findings, the path, verdict and counts,
//! then one line per finding; a totals line at the end.

use super::{action_name, kind_label, End, Totals, Writer};
use crate::scan::FileResult;
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
    pub fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    pub fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
}

/// Writes a block per file with findings.
pub struct Human {
    paint: Paint,
    show_values: bool,
}

impl Human {
    pub fn new(color: bool, show_values: bool) -> Human {
        Human { paint: Paint(color), show_values }
    }
}

impl Writer for Human {
    fn begin_file(&mut self, r: &FileResult, s: &mut String) {
        if r.finding_count() == 0 {
            return;
        }
        let p = &self.paint;
        let rep = &r.report;
        let action = rep.verdict.action;
        s.push_str(&format!(
            "{}  {}  {}\n",
            p.bold(&r.path),
            p.verdict(action, &action_name(action).to_uppercase()),
            counts_text(rep)
        ));
        if !rep.verdict.reasons.is_empty() {
            s.push_str(&format!("  {}\n", p.dim(&rep.verdict.reasons.join("; "))));
        }
    }

    fn finding(&mut self, _r: &FileResult, f: &Finding, s: &mut String) {
        let p = &self.paint;
        let value = match (&f.text, self.show_values) {
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

    fn end_file(&mut self, r: FileResult, s: &mut String) {
        if r.finding_count() == 0 {
            return;
        }
        let rep = &r.report;
        if rep.findings_truncated {
            let shown = rep.findings.len() as u64;
            s.push_str(&format!(
                "  {}\n",
                self.paint.dim(&format!(
                    "... {} more findings not shown (max_findings)",
                    r.finding_count().saturating_sub(shown)
                ))
            ));
        }
        s.push('\n');
    }

    fn finish(&mut self, end: &End<'_>, out: &mut String) {
        out.push_str(&totals_line(end.totals, &self.paint));
    }
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

/// The line that ends the human output and the summary table.
pub fn totals_line(t: &Totals, p: &Paint) -> String {
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
