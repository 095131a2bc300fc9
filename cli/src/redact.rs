//! `mamori redact`: the input with every finding replaced by its masked form.

use mamori::{Finding, Scanner};
use std::io::{self, Write};

/// What replaces a finding.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Style {
    /// The masked value (`****-****-0257`, `090-****-5678`).
    #[default]
    Masked,
    /// The kind in brackets (`[my_number]`, `[phone]`, a custom rule's name).
    Kind,
}

fn replacement(f: &Finding, style: Style) -> String {
    match style {
        Style::Masked => f.masked.clone(),
        Style::Kind => format!("[{}]", f.count_key()),
    }
}

/// Writes `input` with each finding's bytes replaced; returns the number replaced.
///
/// The scanner's spans are byte offsets into `input`, so the rest of the text (and its
/// encoding, line endings, everything) passes through unchanged.
pub fn redact(
    scanner: &Scanner,
    input: &[u8],
    style: Style,
    out: &mut dyn Write,
) -> io::Result<u64> {
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    scanner.scan_with(input, |f| {
        spans.push((f.start, f.end, replacement(f, style)));
    });
    spans.sort_by_key(|s| (s.0, s.1));
    let mut written = 0usize;
    for (start, end, masked) in &spans {
        let (start, end) = ((*start).min(input.len()), (*end).min(input.len()));
        if start >= written {
            out.write_all(&input[written..start])?;
            out.write_all(masked.as_bytes())?;
            written = end;
        } else if end > written {
            // Overlaps an item already replaced: hide the part that sticks out.
            let rest = String::from_utf8_lossy(&input[written..end]);
            out.write_all("*".repeat(rest.chars().count()).as_bytes())?;
            written = end;
        }
    }
    out.write_all(&input[written.min(input.len())..])?;
    out.flush()?;
    Ok(spans.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_in_place() {
        let scanner = Scanner::builder().max_findings(0).build().unwrap();
        let text = "マイナンバー：6214-9832-0257\n電話 03-1234-5678 まで。\n";
        let mut out = Vec::new();
        let n = redact(&scanner, text.as_bytes(), Style::Masked, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(n, 2);
        assert!(!out.contains("6214-9832"), "{out}");
        assert!(out.contains("****-****-0257"), "{out}");
        assert!(out.contains("まで。\n"), "{out}");
        assert!(!out.contains("1234-5678"), "{out}");
    }

    #[test]
    fn kind_style() {
        let scanner = Scanner::builder().build().unwrap();
        let mut out = Vec::new();
        redact(&scanner, "TEL 03-1234-5678".as_bytes(), Style::Kind, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "TEL [phone]");
    }
}
