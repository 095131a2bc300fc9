//! `--format csv`: one row per finding and one per part that could not be inspected,
//! UTF-8 with a BOM and CRLF line ends so Excel opens it with Japanese intact.
//!
//! A part that could not be inspected is a row of kind `unscannable` with its reason in the
//! `rule` column and its detail in the `masked` column; the other finding columns stay
//! empty. A file whose findings were capped by `--max-findings` ends with a row of kind
//! `truncated` whose `masked` column says how many findings were left out.

use super::unscannable::reason_name;
use super::{action_name, End, File, NotInspected, Writer};
use mamori::{Finding, Severity};

/// Makes Excel read the file as UTF-8.
pub const BOM: &str = "\u{feff}";

/// One CSV cell: quoted when needed; text that Excel would read as a formula (`=`, `+`,
/// `-`, `@` first) gets a leading `'`.
pub fn text(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    raw(&guarded)
}

/// One CSV cell, quoted when needed, with no formula guard (for fixed words and numbers).
pub fn raw(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Low => "low",
        Severity::Medium => "medium",
        Severity::High => "high",
    }
}

/// Writes the header, then a row per finding.
pub struct Csv {
    show_values: bool,
}

impl Csv {
    pub fn new(show_values: bool) -> Csv {
        Csv { show_values }
    }
}

impl Writer for Csv {
    fn begin(&mut self, out: &mut String) {
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
        if self.show_values {
            cols.push("value");
        }
        cols.extend(["hotwords", "file_verdict"]);
        out.push_str(BOM);
        out.push_str(&cols.join(","));
        out.push_str("\r\n");
    }

    fn finding(&mut self, file: &File, f: &Finding, out: &mut String) {
        let r = &file.result;
        let mut cells = vec![
            text(&r.path),
            text(f.location.as_deref().unwrap_or(&r.location)),
            raw(f.kind.as_str()),
            text(f.rule.as_deref().unwrap_or("")),
            raw(severity_name(f.severity)),
            raw(f.confidence.level.as_str()),
            format!("{:.2}", f.confidence.score),
            f.line.to_string(),
            f.column.to_string(),
            f.start.to_string(),
            f.end.to_string(),
            text(&f.masked),
        ];
        if self.show_values {
            cells.push(text(f.text.as_deref().unwrap_or("")));
        }
        cells.push(text(&f.hotwords.join(" ")));
        cells.push(raw(action_name(r.report.verdict.action)));
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }

    fn unscannable(&mut self, file: &File, part: &NotInspected, out: &mut String) {
        // Columns: path, location, kind, rule (the reason), severity, confidence, score,
        // line, column, start, end, masked (the detail), [value], hotwords, file_verdict.
        let mut cells = vec![
            text(&file.result.path),
            text(&part.location),
            raw("unscannable"),
            raw(reason_name(part.reason)),
        ];
        cells.extend(std::iter::repeat_n(String::new(), 7));
        cells.push(text(&part.detail));
        if self.show_values {
            cells.push(String::new());
        }
        cells.push(String::new());
        cells.push(raw(action_name(file.result.report.verdict.action)));
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }

    fn end_file(&mut self, file: File, out: &mut String) {
        let report = &file.result.report;
        if !report.findings_truncated {
            return;
        }
        let left_out = file.result.finding_count().saturating_sub(report.findings.len() as u64);
        let mut cells = vec![text(&file.result.path), text(&file.result.location)];
        cells.push(raw("truncated"));
        cells.extend(std::iter::repeat_n(String::new(), 8));
        cells.push(raw(&format!("{left_out} more findings not listed (--max-findings)")));
        if self.show_values {
            cells.push(String::new());
        }
        cells.push(String::new());
        cells.push(raw(action_name(report.verdict.action)));
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }

    fn finish(&mut self, _end: &End<'_>, _out: &mut String) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells() {
        assert_eq!(text("a,b"), "\"a,b\"");
        assert_eq!(text("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(text("+81-3-****-5678"), "'+81-3-****-5678");
        assert_eq!(text("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(text("営業部/顧客.txt"), "営業部/顧客.txt");
    }
}
