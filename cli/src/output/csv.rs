//! `--format csv`: one row per finding, UTF-8 with a BOM and CRLF line ends so Excel opens
//! it with Japanese intact.

use super::{action_name, End, Writer};
use crate::scan::FileResult;
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

    fn finding(&mut self, r: &FileResult, f: &Finding, out: &mut String) {
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
